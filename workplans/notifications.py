"""Notices and reminders of comment rounds, built per recipient in their own language.

`round_notice_messages` builds the messages; `deliver_round_notice` claims the notice row
(so each notice goes out once) and hands the messages to the delivery mechanism.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone

from members.models import Delegate, MemberState
from members.notifications import build_email

from .models import CommentRound, RoundNotice

TEMPLATES = {
    RoundNotice.Kind.OPENED: "workplans/email/round_opened",
    RoundNotice.Kind.EXTENDED: "workplans/email/round_extended",
    RoundNotice.Kind.REMINDER: "workplans/email/round_reminder",
}


def eligible_states(comment_round: CommentRound, on=None):
    """States that may comment in the round: the group's supporters, or every active state if observers may."""
    on = on or timezone.localdate()
    if comment_round.open_to_observers:
        return MemberState.objects.active()
    group = comment_round.version.plan.group
    return MemberState.objects.active().filter(pk__in=group.memberships.current(on).values("member_state"))


def states_heard_from(comment_round: CommentRound):
    return comment_round.comments.submitted().values("member_state")


def notice_recipients(notice: RoundNotice) -> list:
    comment_round = notice.round
    states = eligible_states(comment_round)
    if notice.kind == RoundNotice.Kind.REMINDER:
        states = states.exclude(pk__in=states_heard_from(comment_round))
    delegates = (
        Delegate.objects.active().filter(member_state__in=states, user__is_active=True).select_related("user")
    )
    if notice.kind == RoundNotice.Kind.REMINDER:
        delegates = delegates.filter(user__receives_reminders=True)
    users = {d.user.pk: d.user for d in delegates}
    return sorted(users.values(), key=lambda u: u.email)


def round_notice_messages(notice: RoundNotice) -> list:
    comment_round = notice.round
    plan = comment_round.version.plan
    zone = comment_round.group_zone()
    deadline = timezone.localtime(comment_round.deadline, zone)
    context = {
        "plan": plan,
        "group": plan.group,
        "version": comment_round.version,
        "deadline": formats.date_format(deadline, "DATETIME_FORMAT"),
        "time_zone": plan.group.time_zone,
        "round_path": reverse("workplans:round", kwargs={"pk": comment_round.pk}),
    }
    return [
        build_email(user=user, template=TEMPLATES[notice.kind], context=context)
        for user in notice_recipients(notice)
    ]


def _send(messages) -> int:
    from django.core.mail import mailers

    if not messages:
        return 0
    with mailers.default as connection:
        return connection.send_messages(messages)


def deliver_round_notice(*, notice_id: int) -> int:
    with transaction.atomic():
        notice = (
            RoundNotice.objects.select_for_update(of=("self",))
            .select_related("round__version__plan__group")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return 0
        messages = round_notice_messages(notice)
        notice.sent_at = timezone.now()
        notice.recipient_count = len(messages)
        notice.save(update_fields=["sent_at", "recipient_count"])
        transaction.on_commit(lambda: _send(messages))
    return len(messages)
