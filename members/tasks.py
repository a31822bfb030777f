from celery import shared_task

from . import accreditation_mail, digest, services


@shared_task(acks_late=True)
def deliver_outbox(kinds: list[str] | None = None) -> int:
    """Send what the outbox owes; safe to run any number of times at once."""
    return services.deliver_pending(kinds=kinds).sent


@shared_task(acks_late=True)
def send_invitation(invitation_id: int) -> int:
    return accreditation_mail.send_invitation(invitation_id=invitation_id)


@shared_task(acks_late=True)
def send_accreditation_confirmed(invitation_id: int) -> int:
    return accreditation_mail.send_accreditation_confirmed(invitation_id=invitation_id)


@shared_task(acks_late=True)
def send_accreditation_decision(request_id: int) -> int:
    return accreditation_mail.send_accreditation_decision(request_id=request_id)


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """Daily (beat): one digest per subscriber with items of the last day, then deliver them."""
    gathered = digest.send_digests()
    services.deliver_pending(kinds=[digest.DIGEST])
    return gathered
