from celery import shared_task

from ..services import exports as services


# Registered under its name from before tasks became a package, so queued messages still find it.
@shared_task(name="workplans.tasks.render_matrix_pdf", acks_late=True)
def render_matrix_pdf(export_id: str) -> str:
    return services.render_matrix_export(export_id=export_id)


@shared_task(name="workplans.tasks.render_stalled_exports", acks_late=True)
def render_stalled_exports() -> int:
    """Every minute (beat): render comment-matrix exports whose task was lost."""
    return services.render_stalled_exports()
