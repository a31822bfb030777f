from celery import shared_task

from . import services


@shared_task(acks_late=True)
def deliver_webhooks() -> int:
    """After an event, and every minute (beat): POST what is due; safe to run any number of times."""
    return services.deliver_due()
