from celery import shared_task

from . import accreditation_mail, services


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
