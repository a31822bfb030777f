from celery import shared_task

from .. import notifications
from ..services import rounds as services

# Each task keeps the name it was registered under before tasks became a package:
# the beat schedule and messages already queued refer to it.


@shared_task(name="workplans.tasks.send_due_round_reminders", acks_late=True)
def send_due_round_reminders() -> int:
    """Every minute (beat): record notices and reminders that have come due, then deliver what the outbox owes."""
    services.queue_due_notices()
    return notifications.deliver().sent


@shared_task(name="workplans.tasks.deliver_round_mail", acks_late=True)
def deliver_round_mail() -> int:
    """Deliver pending comment-round mail now instead of at the next scan."""
    return notifications.deliver().sent
