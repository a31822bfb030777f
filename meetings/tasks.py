from celery import shared_task

from members import services as outbox

from . import notifications, printing


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Every minute (beat): record due reminders, then deliver what the outbox owes."""
    return notifications.send_due_reminders().sent


@shared_task(acks_late=True)
def deliver_meeting_mail() -> int:
    """Deliver pending meeting notices now instead of at the next scan."""
    return outbox.deliver_pending(kinds=notifications.KINDS).sent


@shared_task(acks_late=True)
def render_minutes_pdf(minutes_id: int) -> None:
    """Re-render the stored minutes PDF; does nothing when it is already current."""
    printing.print_minutes(minutes_id=minutes_id)


@shared_task(acks_late=True)
def render_attendance_pdf(meeting_id: int) -> None:
    printing.print_attendance(meeting_id=meeting_id)
