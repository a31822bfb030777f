from celery import shared_task


@shared_task(acks_late=True)
def send_due_round_reminders() -> int:
    """Find notices and reminders that have come due and send each once."""
    from . import notifications, services
    from .models import RoundNotice

    services.queue_due_notices()
    sent = 0
    for notice_id in RoundNotice.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        sent += notifications.deliver_round_notice(notice_id=notice_id)
    return sent


@shared_task(acks_late=True)
def deliver_round_notice(notice_id: int) -> int:
    from . import notifications

    return notifications.deliver_round_notice(notice_id=notice_id)


@shared_task(acks_late=True)
def render_matrix_pdf(export_id: str) -> str:
    from . import exports

    return exports.render_matrix_export(export_id=export_id)
