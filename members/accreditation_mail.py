"""Emails of accreditation: the invitation, the confirmation and the decision on a request.

Each is claimed on its row before it is sent, so a task that runs twice sends it once.
"""

from django.core.mail import EmailMultiAlternatives, mailers
from django.utils import timezone

from .models import AccreditationRequest, Invitation
from .notifications import TEMPLATES, mark_language, render_parts


def _claimed(model, pk: int, field: str) -> bool:
    return bool(model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}))


def _send(*, to: str, language: str, template: str, context: dict) -> int:
    # Links (`{% url %}`) and dates are rendered inside the recipient's language.
    subject, body, _html = render_parts(template=template, context=context, language=language)
    with mailers.default as connection:
        message = mark_language(EmailMultiAlternatives(subject=subject, body=body, to=[to]), language)
        return connection.send_messages([message])


def send_invitation(*, invitation_id: int) -> int:
    if not _claimed(Invitation, invitation_id, "sent_at"):
        return 0
    invitation = Invitation.objects.select_related("member_state", "invited_by").get(pk=invitation_id)
    return _send(
        to=invitation.email,
        language=invitation.language,
        template=TEMPLATES["invitation"],
        context={"invitation": invitation},
    )


def send_accreditation_confirmed(*, invitation_id: int) -> int:
    if not _claimed(Invitation, invitation_id, "confirmation_sent_at"):
        return 0
    invitation = Invitation.objects.select_related("member_state", "accepted_by").get(pk=invitation_id)
    user = invitation.accepted_by
    return _send(
        to=user.email,
        language=user.preferred_language,
        template=TEMPLATES["accreditation_confirmed"],
        context={"invitation": invitation, "recipient": user},
    )


def send_accreditation_decision(*, request_id: int) -> int:
    if not _claimed(AccreditationRequest, request_id, "notified_at"):
        return 0
    decided = AccreditationRequest.objects.select_related("member_state", "user").get(pk=request_id)
    return _send(
        to=decided.user.email,
        language=decided.user.preferred_language,
        template=TEMPLATES["accreditation_decision"],
        context={"decided": decided, "recipient": decided.user},
    )
