"""Emails about join requests. Kept apart from services so tasks can call them by id.

Kinds (sent at once, not through the outbox), each rendered in the recipient's language:
- join_request_received: to the secretariat, a state asks to support a group;
- join_request_decision: to the state's delegation and the requester, approved or declined.
"""

from django.contrib.auth import get_user_model

from members.models import Delegate
from members.notifications import send_to_users
from members.permissions import SECRETARIAT

from .models import JoinRequest

JOIN_REQUEST_RECEIVED = "groups.join_request_received"
JOIN_REQUEST_DECISION = "groups.join_request_decision"
KINDS = (JOIN_REQUEST_RECEIVED, JOIN_REQUEST_DECISION)
TEMPLATES = {
    JOIN_REQUEST_RECEIVED: "groups/email/join_request_received",
    JOIN_REQUEST_DECISION: "groups/email/join_request_decision",
}


def send_join_request_decision(*, join_request_id: int) -> int:
    join_request = (
        JoinRequest.objects.select_related("group", "member_state", "requested_by")
        .filter(pk=join_request_id)
        .exclude(status=JoinRequest.Status.PENDING)
        .first()
    )
    if join_request is None:
        return 0
    delegates = {
        d.user
        for d in Delegate.objects.active()
        .filter(member_state=join_request.member_state)
        .select_related("user")
    }
    delegates.add(join_request.requested_by)
    recipients = sorted((u for u in delegates if u.is_active), key=lambda u: u.email)
    return send_to_users(
        users=recipients,
        template=TEMPLATES[JOIN_REQUEST_DECISION],
        context={"join_request": join_request},
    )


def send_join_request_received(*, join_request_id: int) -> int:
    join_request = (
        JoinRequest.objects.select_related("group", "member_state", "requested_by")
        .filter(pk=join_request_id)
        .first()
    )
    if join_request is None or not join_request.is_pending():
        return 0
    staff = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).distinct()
    return send_to_users(
        users=staff,
        template=TEMPLATES[JOIN_REQUEST_RECEIVED],
        context={"join_request": join_request},
    )
