from celery import shared_task


@shared_task(acks_late=True)
def send_due_round_reminders() -> int:
    """Every minute (beat): record notices and reminders that have come due, then deliver what the outbox owes."""
    from . import notifications, services

    services.queue_due_notices()
    return notifications.deliver().sent


@shared_task(acks_late=True)
def deliver_round_mail() -> int:
    """Deliver pending comment-round mail now instead of at the next scan."""
    from . import notifications

    return notifications.deliver().sent


@shared_task(acks_late=True)
def render_matrix_pdf(export_id: str) -> str:
    from . import exports

    return exports.render_matrix_export(export_id=export_id)
