"""Workflows on comment rounds: opening, extending, closing early, and the notices they owe."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from members.enqueue import enqueue_after_commit

from .. import notifications
from ..models import CommentRound, RoundNotice, WorkPlan, WorkPlanVersion
from ..tasks import rounds as tasks
from .plans import lock_plan


def format_deadline(comment_round: CommentRound) -> str:
    local = timezone.localtime(comment_round.deadline, comment_round.group_zone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({comment_round.version.plan.group.time_zone})"


@transaction.atomic
def open_round(
    *,
    version: WorkPlanVersion,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    created_by,
    open_to_observers: bool = False,
    comments_visible_while_open: bool = False,
    accepts_late: bool = False,
    reminder_days: list[int] | None = None,
    now=None,
) -> CommentRound:
    now = now or timezone.now()
    plan = lock_plan(version.plan)
    if plan.status in (WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED):
        raise ValidationError(_("An adopted work plan is no longer open to comments."))
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    if closes_at <= now:
        raise ValidationError({"closes_at": _("The closing time has already passed.")})
    if CommentRound.objects.filter(version__plan=plan).open_at(now).exists():
        raise ValidationError(_("Another comment round on this plan is still open."))
    comment_round = CommentRound.objects.create(
        version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=created_by,
        open_to_observers=open_to_observers,
        comments_visible_while_open=comments_visible_while_open,
        accepts_late=accepts_late,
        reminder_days=sorted(
            {int(d) for d in (reminder_days if reminder_days is not None else [7, 2])}, reverse=True
        ),
    )
    if plan.status in (WorkPlan.Status.DRAFT, WorkPlan.Status.REVISED):
        plan.status = WorkPlan.Status.CONSULTATION
        plan.save(update_fields=["status"])
    if opens_at <= now:
        _queue_notice(comment_round, RoundNotice.Kind.OPENED, "opened")
    return comment_round


def _queue_notice(comment_round: CommentRound, kind: str, key: str) -> RoundNotice | None:
    """Record a notice once (the key is unique per round) with its outbox rows; deliver after commit."""
    try:
        with transaction.atomic():
            notice = RoundNotice.objects.create(round=comment_round, kind=kind, key=key)
            notifications.record_notice(notice=notice)
    except IntegrityError:
        return None
    enqueue_after_commit(tasks.deliver_round_mail)
    return notice


@transaction.atomic
def extend_round(*, comment_round: CommentRound, closes_at: datetime.datetime, by, now=None) -> CommentRound:
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    now = now or timezone.now()
    if closes_at <= now or closes_at <= locked.deadline:
        raise ValidationError({"closes_at": _("The new deadline must be later than the current one.")})
    locked.closes_at = closes_at
    locked.closed_early_at = None
    locked.save(update_fields=["closes_at", "closed_early_at"])
    _queue_notice(locked, RoundNotice.Kind.EXTENDED, f"extended-{notifications.deadline_key(closes_at)}")
    return locked


@transaction.atomic
def close_round_early(*, comment_round: CommentRound, by, now=None) -> CommentRound:
    locked = CommentRound.objects.select_for_update().get(pk=comment_round.pk)
    # Read the clock only once the lock is held, so no comment accepted before us can carry a later time.
    now = now or timezone.now()
    if not locked.is_open(now):
        raise ValidationError(_("This round is not open."))
    locked.closed_early_at = now
    locked.save(update_fields=["closed_early_at"])
    notifications.tell_subscribers_of_closing(comment_round=locked)
    enqueue_after_commit(tasks.deliver_round_mail)
    return locked


def due_notice_keys(comment_round: CommentRound, now) -> list[tuple[str, str]]:
    """Notices due now: the opening notice, and the nearest reminder before closing that has come due.

    A reminder whose time fell before the round opened is skipped; when the task was down,
    only the most recent reminder goes out, not a burst of stale ones.
    """
    if not comment_round.is_open(now):
        return []
    due = [(RoundNotice.Kind.OPENED, "opened")]
    deadline = comment_round.deadline
    for days in sorted(comment_round.reminder_days):
        moment = deadline - datetime.timedelta(days=days)
        if moment <= now and moment >= comment_round.opens_at:
            due.append((RoundNotice.Kind.REMINDER, f"before-{days}d-{notifications.deadline_key(deadline)}"))
            break
    return due


def queue_due_notices(*, now=None) -> int:
    """Record the notices that have come due (each once); runs every minute."""
    now = now or timezone.now()
    rounds = list(CommentRound.objects.open_at(now).select_related("version__plan__group"))
    recorded = set(RoundNotice.objects.filter(round__in=rounds).values_list("round_id", "key"))
    queued = 0
    for comment_round in rounds:
        for kind, key in due_notice_keys(comment_round, now):
            if (comment_round.pk, key) not in recorded and _queue_notice(comment_round, kind, key):
                queued += 1
    return queued + queue_closings(now=now)


# Closings are told to subscribers by the minute scan for a day after they happen (telling is
# idempotent: one row per person and closing moment); an earlier closing was told then.
CLOSING_WINDOW = datetime.timedelta(days=1)


def queue_closings(*, now=None) -> int:
    now = now or timezone.now()
    since = now - CLOSING_WINDOW
    recent = CommentRound.objects.filter(
        Q(closed_early_at__isnull=True, closes_at__lte=now, closes_at__gt=since)
        | Q(closed_early_at__lte=now, closed_early_at__gt=since)
    ).select_related("version__plan__group")
    told = 0
    for comment_round in recent:
        if comment_round.is_closed(now):
            with transaction.atomic():
                counts = notifications.tell_subscribers_of_closing(comment_round=comment_round)
            told += counts["immediate"]
    return told
