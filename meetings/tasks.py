import datetime

from celery import shared_task

from members import services as outbox

from . import notifications


@shared_task(acks_late=True)
def send_due_reminders(as_of: str | None = None) -> int:
    """Every minute (beat): record due reminders, then deliver what the outbox owes.

    `as_of` (ISO 8601) runs the scan as if at that moment, for tests and benchmarks.
    """
    now = datetime.datetime.fromisoformat(as_of) if as_of else None
    return notifications.send_due_reminders(now=now).sent


@shared_task(acks_late=True)
def deliver_meeting_mail() -> int:
    """Deliver pending meeting notices now instead of at the next scan."""
    return outbox.deliver_pending(kinds=notifications.KINDS).sent


@shared_task(acks_late=True)
def render_minutes_pdf(minutes_id: int) -> None:
    """Re-render the stored minutes PDF; does nothing when it is already current."""
    from . import printing  # WeasyPrint costs ~30 MiB: only workers that render load it

    printing.print_minutes(minutes_id=minutes_id)


@shared_task(acks_late=True)
def render_attendance_pdf(meeting_id: int) -> None:
    from . import printing

    printing.print_attendance(meeting_id=meeting_id)
