import datetime

from celery import shared_task

from members import services as outbox

from . import notifications

# Imported so that workers, which autodiscover only meetings.tasks, register the minutes' tasks too.
from .minutes.tasks import render_attendance_pdf, render_minutes_pdf  # noqa: F401


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
def extract_document_text(file_id: int) -> str:
    """After an upload: read a paper file's words for search (bounded, in a child process)."""
    # Imported here: meetings.services imports this module to enqueue the task.
    from .services import texts

    stored = texts.read_document_text(file_id=file_id)
    return stored.outcome if stored else ""


@shared_task(acks_late=True)
def extract_missing_texts() -> int:
    """Every five minutes (beat): papers whose text task was lost or whose file changed."""
    from .services import texts

    return texts.read_missing_texts()
