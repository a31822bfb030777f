from celery import shared_task

from ..services import prints as services


@shared_task(acks_late=True)
def render_version_pdf(print_id: int) -> str:
    """Make one stored version PDF; idempotent (a made PDF is left alone)."""
    return services.render_version_print(print_id=print_id)
