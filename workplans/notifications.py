"""Notices and reminders of comment rounds, delivered through the outbox (members.services).

Kinds, each about `round:<pk>`:
- opened: the round is open (every delegate of the states invited to comment);
- extended: the deadline moved (everyone is told, whatever their reminder preference);
- reminder: at the round's offsets before it closes, only to delegates of states that
  have not yet commented and who want reminders;
- closed: the round stopped taking comments (at its deadline or closed early), to the group's
  subscribers to work plans; its dedupe key is the closing moment.
The opening notice and the closing go by each person's choice for the group's work plans
(at once, in the digest or never), with a one-click unsubscribe link.

A RoundNotice row records each notice once (its key is unique per round) in the same
transaction as the outbox rows; the outbox then delivers each email exactly once.
"""

import datetime
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from groups import subscriptions
from members import digest
from members import services as outbox
from members.models import Delegate, MemberState, OutboxMessage
from members.notifications import build_email, unsubscribe_token
from members.subscriptions import Subscription
from members.zones import zone_label

from .models import CommentRound, RoundNotice, WorkPlan

OPENED = "workplans.opened"
EXTENDED = "workplans.extended"
REMINDER = "workplans.reminder"
# About `plan:<pk>`, to the group's subscribers (groups.subscriptions), at once or in their digest.
PLAN_ADOPTED = "workplans.plan_adopted"
CLOSED = "workplans.closed"
KINDS = (OPENED, EXTENDED, REMINDER, PLAN_ADOPTED, CLOSED)
# The kinds sent by the person's choice for the group's work plans (members.subscriptions).
BY_CHOICE = (OPENED, CLOSED, PLAN_ADOPTED)
OUTBOX_KIND = {
    RoundNotice.Kind.OPENED: OPENED,
    RoundNotice.Kind.EXTENDED: EXTENDED,
    RoundNotice.Kind.REMINDER: REMINDER,
}
TEMPLATES = {
    OPENED: "workplans/email/round_opened",
    EXTENDED: "workplans/email/round_extended",
    REMINDER: "workplans/email/round_reminder",
    PLAN_ADOPTED: "workplans/email/plan_adopted",
    CLOSED: "workplans/email/round_closed",
}


def tell_subscribers_of_adoption(*, plan: WorkPlan) -> dict:
    """In the caller's transaction: the plan's group's subscribers to work plans hear of its adoption."""
    return subscriptions.notify(
        group=plan.group, topic=Subscription.Kind.WORKPLANS, kind=PLAN_ADOPTED, subject_key=f"plan:{plan.pk}"
    )


def _adopted_plans(messages) -> dict:
    ids = {int(m.subject_key.split(":", 1)[1]) for m in messages if m.kind == PLAN_ADOPTED}
    return (
        WorkPlan.objects.select_related("group", "adopted_at")
        .filter(status=WorkPlan.Status.ADOPTED)
        .in_bulk(ids)
    )


def _round_lines(items) -> list:
    rounds = CommentRound.objects.select_related("version__plan__group").in_bulk(
        {int(item.subject_key.split(":", 1)[1]) for item in items}
    )
    lines = []
    for item in items:
        comment_round = rounds.get(int(item.subject_key.split(":", 1)[1]))
        if comment_round is None:
            lines.append(None)
            continue
        template = (
            _("Comments invited: %(plan)s (%(group)s)")
            if item.kind == OPENED
            else _("Comment round closed: %(plan)s (%(group)s)")
        )
        plan = comment_round.version.plan
        text = template % {"plan": plan.title, "group": plan.group.name}
        lines.append({"text": text, "path": comment_round.get_absolute_url()})
    return lines


def digest_lines(items) -> list:
    """Digest lines of adopted plans and opened or closed rounds (members.notifications.digest_entries)."""
    if any(item.kind != PLAN_ADOPTED for item in items):
        adoptions = iter(digest_lines([item for item in items if item.kind == PLAN_ADOPTED]))
        rounds = iter(_round_lines([item for item in items if item.kind != PLAN_ADOPTED]))
        return [next(adoptions) if item.kind == PLAN_ADOPTED else next(rounds) for item in items]
    plans = _adopted_plans(items)
    lines = []
    for item in items:
        plan = plans.get(int(item.subject_key.split(":", 1)[1]))
        text = plan and _("Work plan adopted: %(title)s (%(group)s)") % {
            "title": plan.title,
            "group": plan.group.name,
        }
        lines.append({"text": text, "path": plan.get_absolute_url()} if plan else None)
    return lines


def _render_adoptions(messages) -> list:
    plans = _adopted_plans(messages)
    emails = []
    for message in messages:
        plan = plans.get(int(message.subject_key.split(":", 1)[1]))
        if plan is None or not message.recipient.is_active:
            emails.append(None)
            continue
        emails.append(
            build_email(
                user=message.recipient,
                template=TEMPLATES[PLAN_ADOPTED],
                context={"plan": plan, "group": plan.group, "meeting": plan.adopted_at},
                unsubscribe=unsubscribe_token(message, Subscription.Kind.WORKPLANS),
            )
        )
    return emails


def subject_key(round_id: int) -> str:
    return f"round:{round_id}"


def deadline_key(deadline: datetime.datetime) -> str:
    return deadline.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def eligible_states(comment_round: CommentRound, on=None):
    """States that may comment in the round: the group's supporters, or every active state if observers may."""
    on = on or timezone.localdate()
    if comment_round.open_to_observers:
        return MemberState.objects.active()
    group = comment_round.version.plan.group
    return MemberState.objects.active().filter(pk__in=group.memberships.current(on).values("member_state"))


def states_heard_from(comment_round: CommentRound):
    return comment_round.comments.submitted().values("member_state")


def notice_recipients(comment_round: CommentRound, kind: str) -> list:
    states = eligible_states(comment_round)
    delegates = Delegate.objects.active().filter(member_state__in=states, user__is_active=True)
    if kind == RoundNotice.Kind.REMINDER:
        delegates = delegates.exclude(member_state__in=states_heard_from(comment_round)).filter(
            user__receives_reminders=True
        )
    users = {d.user.pk: d.user for d in delegates.select_related("user")}
    return sorted(users.values(), key=lambda u: u.pk)


def record_notice(*, notice: RoundNotice) -> int:
    """Write the outbox rows of a notice, in the caller's transaction. Returns how many."""
    kind = OUTBOX_KIND[notice.kind]
    recipients = notice_recipients(notice.round, notice.kind)
    if kind in BY_CHOICE:
        counts = digest.notify_subscribers(
            users=recipients,
            group_id=notice.round.version.plan.group_id,
            topic=Subscription.Kind.WORKPLANS,
            kind=kind,
            subject_key=subject_key(notice.round_id),
            dedupe_key=notice.key,
        )
        created = counts["immediate"] + counts["digest"]
    else:
        created = outbox.enqueue(
            kind=kind, subject_key=subject_key(notice.round_id), dedupe_key=notice.key, recipients=recipients
        )
    RoundNotice.objects.filter(pk=notice.pk).update(recipient_count=created)
    return created


def tell_subscribers_of_closing(*, comment_round: CommentRound) -> dict:
    """In the caller's transaction: the round closed; once per closing moment, however often called."""
    return subscriptions.notify(
        group=comment_round.version.plan.group,
        topic=Subscription.Kind.WORKPLANS,
        kind=CLOSED,
        subject_key=subject_key(comment_round.pk),
        dedupe_key=deadline_key(comment_round.deadline),
    )


def deliver() -> outbox.DeliveryReport:
    return outbox.deliver_pending(kinds=KINDS)


# Rendering (called by members.services.deliver_pending) -----------------------------------


def _still_wanted(message: OutboxMessage, comment_round: CommentRound | None, heard: set, now) -> bool:
    user = message.recipient
    if comment_round is None or not user.is_active:
        return False
    if message.kind == EXTENDED:
        # A later extension supersedes this one: only the current deadline is announced.
        return message.dedupe_key.endswith(deadline_key(comment_round.deadline)) and comment_round.is_open(
            now
        )
    if message.kind == CLOSED:
        return comment_round.is_closed(now) and message.dedupe_key == deadline_key(comment_round.deadline)
    if not comment_round.is_open(now):
        return False
    if message.kind == REMINDER:
        delegation = Delegate.objects.active().filter(user=user).first()
        return user.receives_reminders and delegation is not None and delegation.member_state_id not in heard
    return True


def render_outbox(messages: Sequence[OutboxMessage]) -> list:
    """One email per row in the recipient's language; None for a row no longer wanted."""
    if any(message.kind == PLAN_ADOPTED for message in messages):
        adoptions = iter(_render_adoptions([m for m in messages if m.kind == PLAN_ADOPTED]))
        rounds = iter(render_outbox([m for m in messages if m.kind != PLAN_ADOPTED]))
        return [next(adoptions) if m.kind == PLAN_ADOPTED else next(rounds) for m in messages]
    now = timezone.now()
    rounds = CommentRound.objects.select_related("version__plan__group").in_bulk(
        {int(message.subject_key.split(":", 1)[1]) for message in messages}
    )
    heard = {
        round_id: set(
            rounds[round_id].comments.submitted().values_list("member_state_id", flat=True).distinct()
        )
        for round_id in rounds
    }
    emails = []
    for message in messages:
        round_id = int(message.subject_key.split(":", 1)[1])
        comment_round = rounds.get(round_id)
        if not _still_wanted(message, comment_round, heard.get(round_id, set()), now):
            emails.append(None)
            continue
        plan = comment_round.version.plan
        user = message.recipient
        emails.append(
            build_email(
                user=user,
                template=TEMPLATES[message.kind],
                context={
                    "comment_round": comment_round,
                    "plan": plan,
                    "group": plan.group,
                    "version": comment_round.version,
                    # The zone's name is not translated; the date and the link are, in the template.
                    "time_zone": zone_label(comment_round.deadline, plan.group.time_zone),
                },
                unsubscribe=unsubscribe_token(message, Subscription.Kind.WORKPLANS)
                if message.kind in BY_CHOICE
                else None,
            )
        )
    return emails
