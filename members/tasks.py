from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_outbox(kinds: list[str] | None = None) -> int:
    """Send what the outbox owes; safe to run any number of times at once."""
    return services.deliver_pending(kinds=kinds).sent
