"""The outbox: emails owed to people, recorded first and delivered exactly once.

Every app that emails people on a schedule (meeting notices and reminders, comment-round
reminders) writes OutboxMessage rows with `enqueue()` and lets `deliver_pending()` send
them. `enqueue()` may run any number of times for the same message: the unique constraint
keeps one row. `deliver_pending()` claims rows atomically, so two workers never take the
same row; a row left 'sending' by a worker that died is claimed again after `stale_after`,
so nothing is lost; a row marked sent is never claimed again.
"""

import datetime
import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Delegate, MemberState, OutboxMessage, User
from .permissions import DELEGATE

logger = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5
BATCH_SIZE = 500
# Sent rows are marked in small groups: one UPDATE per mail costs a database round trip each,
# and at most this many mails could go out twice if the worker died between send and mark.
MARK_SENT_EVERY = 20

# Renders a batch of claimed rows (recipient loaded) to one email each, or None when the
# message is no longer wanted (the meeting moved, the person opted out...).
Renderer = Callable[[Sequence[OutboxMessage]], Sequence[EmailMessage | None]]


@dataclass
class DeliveryReport:
    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0

    def __iadd__(self, other: "DeliveryReport") -> "DeliveryReport":
        self.sent += other.sent
        self.skipped += other.skipped
        self.retrying += other.retrying
        self.failed += other.failed
        return self


def enqueue(*, kind: str, subject_key: str, recipients: Iterable, dedupe_key: str = "") -> int:
    """Record one message of `kind` about `subject_key` for each recipient; return how many are new.

    Recipients who already have this message (in any status) get nothing new, even when two
    scans race: the insert ignores rows the unique constraint already holds.
    """
    recipients = {user.pk: user for user in recipients}
    existing = set(
        OutboxMessage.objects.filter(
            kind=kind, subject_key=subject_key, dedupe_key=dedupe_key, recipient_id__in=recipients
        ).values_list("recipient_id", flat=True)
    )
    rows = [
        OutboxMessage(
            kind=kind,
            subject_key=subject_key,
            dedupe_key=dedupe_key,
            recipient=user,
            language=user.preferred_language,
        )
        for pk, user in recipients.items()
        if pk not in existing
    ]
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def withdraw(*, subject_key: str, kinds: Iterable[str]) -> int:
    """Mark pending messages about a subject as no longer needed (a cancelled meeting's reminders)."""
    return OutboxMessage.objects.filter(
        subject_key=subject_key, kind__in=list(kinds), status=OutboxMessage.Status.PENDING
    ).update(status=OutboxMessage.Status.SKIPPED)


def claim(*, kinds: Iterable[str] | None = None, limit: int = BATCH_SIZE, now=None) -> list[OutboxMessage]:
    """Take up to `limit` deliverable rows for this worker: pending -> sending, atomically.

    On PostgreSQL rows another worker holds are skipped (SKIP LOCKED) rather than waited for;
    the conditional UPDATE makes the claim safe on SQLite too, whose writers are serialised.
    """
    now = now or timezone.now()
    deliverable = OutboxMessage.objects.deliverable(now=now, stale_after=STALE_AFTER)
    if kinds is not None:
        deliverable = deliverable.filter(kind__in=list(kinds))
    with transaction.atomic():
        ids = list(
            deliverable.select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        deliverable.filter(pk__in=ids).update(
            status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return list(
        OutboxMessage.objects.filter(pk__in=ids, status=OutboxMessage.Status.SENDING, claimed_at=now)
        .select_related("recipient")
        .order_by("pk")
    )


def deliver_pending(*, kinds: Iterable[str] | None = None, batch_size: int = BATCH_SIZE) -> DeliveryReport:
    """Send every deliverable message, one SMTP connection per batch. Safe to run concurrently."""
    kinds = list(kinds) if kinds is not None else None
    report = DeliveryReport()
    while True:
        batch = claim(kinds=kinds, limit=batch_size)
        if not batch:
            return report
        report += _deliver_batch(batch)
        if len(batch) < batch_size:
            return report


def _render(batch: Sequence[OutboxMessage]) -> list[tuple[OutboxMessage, EmailMessage | None, str]]:
    """Render each row with its app's renderer; returns (row, email or None, error)."""
    by_renderer: dict[str, list[OutboxMessage]] = defaultdict(list)
    for message in batch:
        by_renderer[message.renderer_path].append(message)
    rendered = []
    for path, messages in by_renderer.items():
        try:
            renderer: Renderer = import_string(path)
            emails = renderer(messages)
        except Exception as error:  # one app's broken template must not stop the others' mail
            logger.exception("Could not render outbox messages with %s", path)
            rendered += [(message, None, repr(error)) for message in messages]
            continue
        rendered += [(message, email, "") for message, email in zip(messages, emails, strict=True)]
    return rendered


def _deliver_batch(batch: Sequence[OutboxMessage]) -> DeliveryReport:
    report = DeliveryReport()
    to_send, skipped = [], []
    for message, email, error in _render(batch):
        if error:
            report += _record_failure(message, error)
        elif email is None:
            skipped.append(message)
        else:
            # A stable Message-ID lets mail systems recognise a resend after a crash.
            email.extra_headers.setdefault("Message-ID", f"<outbox-{message.pk}@{DNS_NAME}>")
            to_send.append((message, email))
    _finish(skipped, OutboxMessage.Status.SKIPPED)
    report.skipped += len(skipped)
    done, sent = 0, []
    try:
        with mailers.default as connection:
            for message, email in to_send:
                try:
                    connection.send_messages([email])
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError) as error:
                    # Refused for this message only; the connection is still good.
                    report += _record_failure(message, repr(error))
                else:
                    sent.append(message)
                    if len(sent) >= MARK_SENT_EVERY:
                        report.sent += _finish(sent, OutboxMessage.Status.SENT)
                        sent = []
                done += 1
    except Exception as error:  # the connection failed: every unsent row goes back to the queue
        logger.exception("Mail delivery stopped with %d messages left", len(to_send) - done)
        for message, _email in to_send[done:]:
            report += _record_failure(message, repr(error))
    finally:
        report.sent += _finish(sent, OutboxMessage.Status.SENT)
    return report


def _finish(messages: Sequence[OutboxMessage], status: str) -> int:
    """Close rows this worker still holds (a batch shares one claim time)."""
    if not messages:
        return 0
    return OutboxMessage.objects.filter(
        pk__in=[message.pk for message in messages],
        status=OutboxMessage.Status.SENDING,
        claimed_at=messages[0].claimed_at,
    ).update(status=status, sent_at=timezone.now() if status == OutboxMessage.Status.SENT else None)


def _record_failure(message: OutboxMessage, error: str) -> DeliveryReport:
    final = message.attempts >= MAX_ATTEMPTS
    OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.SENDING, claimed_at=message.claimed_at
    ).update(
        status=OutboxMessage.Status.FAILED if final else OutboxMessage.Status.PENDING,
        claimed_at=None,
        last_error=error[:2000],
    )
    return DeliveryReport(failed=1) if final else DeliveryReport(retrying=1)


# Delegations
@transaction.atomic
def appoint_delegate(
    *, user: User, member_state: MemberState, title: str, start_date: datetime.date
) -> Delegate:
    """Accredit `user` to `member_state`. An earlier open appointment ends the day before.

    One active state at a time: a person moving to another delegation keeps the old
    appointment as history rather than acting for two states.
    """
    if not member_state.is_active_member():
        raise ValidationError(
            {"member_state": _("%(state)s is not an active member state.") % {"state": member_state}}
        )
    locked_user = User.objects.select_for_update().get(pk=user.pk)
    for current in Delegate.objects.filter(user=locked_user, end_date__isnull=True):
        if current.start_date >= start_date:
            raise ValidationError(
                {
                    "start_date": _("The new appointment must start after %(date)s.")
                    % {"date": current.start_date}
                }
            )
        current.end_date = start_date - datetime.timedelta(days=1)
        current.save(update_fields=["end_date"])
    delegate = Delegate.objects.create(
        user=locked_user, member_state=member_state, title=title, start_date=start_date
    )
    locked_user.groups.add(Group.objects.get(name=DELEGATE))
    return delegate


@transaction.atomic
def end_appointment(*, delegate: Delegate, end_date: datetime.date) -> Delegate:
    locked = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if end_date < locked.start_date:
        raise ValidationError({"end_date": _("The appointment cannot end before it starts.")})
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    return locked
