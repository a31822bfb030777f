"""The outbox: emails owed to people, recorded first and delivered once as far as SMTP allows.

Every app that emails people on a schedule (meeting notices and reminders, comment-round
reminders) writes OutboxMessage rows with `enqueue()` and lets `deliver_pending()` send
them. `enqueue()` may run any number of times for the same message: the unique constraint
keeps one row.

`deliver_pending()` claims rows with a fresh claim token and a short lease. Before each send
the worker renews the row's lease under its token and skips the row if another worker has
taken it over; as soon as the SMTP server accepts a message the row is marked sent. A worker
that dies leaves its rows 'sending' until the lease lapses (under a minute), then the next
scan claims them again. The only message that can go out twice is the one accepted in the
instant before the crash, and it goes out with the same Message-ID (stored on the row), so
mail systems can recognise the copy.

A failed send is retried with exponential back-off (`next_attempt_at`) and becomes 'failed'
only after `GIVE_UP_AFTER`; staff can send it again from the undelivered-mail page.
"""

import datetime
import logging
import smtplib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.mail.utils import DNS_NAME
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Delegate, MemberState, OutboxMessage, User
from .permissions import DELEGATE

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A failed message is retried for this long before it is marked failed for staff to look at.
GIVE_UP_AFTER = datetime.timedelta(days=2)

# Renders a batch of claimed rows (recipient loaded) to one email each, or None when the
# message is no longer wanted (the meeting moved, the person opted out...).
Renderer = Callable[[Sequence[OutboxMessage]], Sequence[EmailMessage | None]]


def lease() -> datetime.timedelta:
    """How long a claim holds without renewal; longer than one SMTP send can take (SMTP_TIMEOUT)."""
    return datetime.timedelta(seconds=settings.PLENARY_OUTBOX_LEASE_SECONDS)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential back-off: base, 2×base, 4×base... capped, so a long outage is retried hourly."""
    base = settings.PLENARY_OUTBOX_RETRY_SECONDS
    return datetime.timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.PLENARY_OUTBOX_RETRY_MAX_SECONDS)
    )


@dataclass
class DeliveryReport:
    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0
    taken_over: int = 0

    def __iadd__(self, other: "DeliveryReport") -> "DeliveryReport":
        self.sent += other.sent
        self.skipped += other.skipped
        self.retrying += other.retrying
        self.failed += other.failed
        self.taken_over += other.taken_over
        return self


def enqueue(
    *,
    kind: str,
    subject_key: str,
    recipients: Iterable,
    dedupe_key: str = "",
    group_id: int | None = None,
    field: str = "recipient",
) -> int:
    """Record one message of `kind` about `subject_key` for each recipient; return how many are new.

    Recipients who already have this message (in any status) get nothing new, even when two
    scans race: the insert ignores rows the unique constraint already holds. `field` is
    "subscriber" when the recipients are public subscribers (members.subscriptions) not users.
    """
    recipients = {person.pk: person for person in recipients}
    existing = set(
        OutboxMessage.objects.filter(
            kind=kind, subject_key=subject_key, dedupe_key=dedupe_key, **{f"{field}_id__in": recipients}
        ).values_list(f"{field}_id", flat=True)
    )
    rows = [
        OutboxMessage(
            kind=kind,
            subject_key=subject_key,
            dedupe_key=dedupe_key,
            group_id=group_id,
            language=person.preferred_language,
            **{field: person},
        )
        for pk, person in recipients.items()
        if pk not in existing
    ]
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def withdraw(*, subject_key: str, kinds: Iterable[str]) -> int:
    """Mark pending messages about a subject as no longer needed (a cancelled meeting's reminders)."""
    return OutboxMessage.objects.filter(
        subject_key=subject_key, kind__in=list(kinds), status=OutboxMessage.Status.PENDING
    ).update(status=OutboxMessage.Status.SKIPPED)


def resend(*, message_ids: Iterable[int]) -> int:
    """Put undelivered messages (failed, or waiting for a retry) back in the queue now.

    A sent or withdrawn message is left alone. The row keeps its Message-ID.
    """
    return (
        OutboxMessage.objects.undelivered()
        .filter(pk__in=list(message_ids))
        .exclude(status=OutboxMessage.Status.SENDING)
        .update(status=OutboxMessage.Status.PENDING, next_attempt_at=None, claim_token="", claimed_at=None)
    )


def claim(*, kinds: Iterable[str] | None = None, limit: int = BATCH_SIZE, now=None) -> list[OutboxMessage]:
    """Take up to `limit` deliverable rows for this worker under a new claim token.

    On PostgreSQL rows another worker holds are skipped (SKIP LOCKED) rather than waited for;
    the conditional UPDATE makes the claim safe on SQLite too, whose writers are serialised.
    A row without a Message-ID gets one here, in the same UPDATE, so a resend after a crash
    carries the same one (and no statement per row is needed to store it).
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    deliverable = OutboxMessage.objects.deliverable(now=now, stale_after=lease())
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
            status=OutboxMessage.Status.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
            message_id=Case(
                When(
                    message_id="",
                    then=Concat(
                        Value("<outbox-"), Cast("pk", CharField()), Value(f".{token[:12]}@{DNS_NAME}>")
                    ),
                ),
                default=F("message_id"),
            ),
        )
    return list(
        OutboxMessage.objects.filter(pk__in=ids, status=OutboxMessage.Status.SENDING, claim_token=token)
        .select_related("recipient", "subscriber")
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


class _Claim:
    """The rows one worker holds under one token, with their leases kept alive while it works."""

    def __init__(self, token: str):
        self.token = token
        self.renewed = time.monotonic()

    def _rows(self, **filters):
        return OutboxMessage.objects.filter(
            status=OutboxMessage.Status.SENDING, claim_token=self.token, **filters
        )

    def take(self, message: OutboxMessage | None, *, sent: OutboxMessage | None = None) -> bool:
        """Mark `sent` sent and renew the lease on `message` (and, now and then, on the rest), in
        one statement; False if `message` is no longer ours.

        One statement per email, not two: the row just accepted is marked sent in the same
        UPDATE that checks and renews the next one, before that one is sent, so a crash can
        still repeat at most the one message accepted in the instant before it.
        """
        now = timezone.now()
        if time.monotonic() - self.renewed > lease().total_seconds() / 3:
            self._rows().update(claimed_at=now)
            self.renewed = time.monotonic()
        ids = [row.pk for row in (sent, message) if row is not None]
        if not ids:
            return False
        sent_id = sent.pk if sent is not None else None
        when = connection.ops.adapt_datetimefield_value(now)
        table = connection.ops.quote_name(OutboxMessage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET "  # noqa: S608 (the table name is ours, every value a parameter)
                "status = CASE WHEN id = %s THEN %s ELSE status END, "
                "sent_at = CASE WHEN id = %s THEN %s ELSE sent_at END, "
                "claimed_at = %s "
                f"WHERE id IN ({', '.join(['%s'] * len(ids))}) AND claim_token = %s AND status = %s "
                "RETURNING id",
                [sent_id, OutboxMessage.Status.SENT, sent_id, when, when, *ids, self.token, "sending"],
            )
            changed = {row[0] for row in cursor.fetchall()}
        if sent is not None and sent.pk not in changed:
            logger.warning("Outbox message %s was sent after its claim was taken over", sent.pk)
        return message is not None and message.pk in changed

    def finish(self, messages: Sequence[OutboxMessage], status: str) -> int:
        if not messages:
            return 0
        return self._rows(pk__in=[message.pk for message in messages]).update(
            status=status, sent_at=timezone.now() if status == OutboxMessage.Status.SENT else None
        )

    def fail(self, messages: Sequence[OutboxMessage], error: str) -> DeliveryReport:
        """Back to the queue with back-off, or 'failed' once the message has been retried long enough."""
        report, now = DeliveryReport(), timezone.now()
        by_outcome: dict[tuple[bool, int], list[int]] = defaultdict(list)
        for message in messages:
            by_outcome[now - message.created_at >= GIVE_UP_AFTER, message.attempts].append(message.pk)
        for (final, attempts), ids in by_outcome.items():
            changed = self._rows(pk__in=ids).update(
                status=OutboxMessage.Status.FAILED if final else OutboxMessage.Status.PENDING,
                next_attempt_at=None if final else now + retry_delay(attempts),
                claimed_at=None,
                claim_token="",
                last_error=error[:2000],
            )
            if final:
                report.failed += changed
            else:
                report.retrying += changed
        return report


class _Sending:
    """Messages sent one at a time on one connection. With members.smtp's backend the next one is
    serialised while the server reads the last (start, then finish for its verdict); any other
    backend sends each whole in start()."""

    def __init__(self, connection):
        self.connection = connection
        self.split = hasattr(connection, "envelope_and_bytes")

    def prepare(self, message: OutboxMessage, email: EmailMessage) -> tuple:
        """(what start() takes, None), or (None, the error that makes the message unsendable)."""
        email.extra_headers["Message-ID"] = message.message_id
        if not self.split:
            return email, None
        try:
            return self.connection.envelope_and_bytes(email), None
        except ValueError as error:  # a bad address or header: this message only
            return None, error

    def start(self, prepared) -> None:
        if self.split:
            self.connection.start(prepared)
        else:
            self.connection.send_messages([prepared])

    def finish(self) -> None:
        if self.split:
            self.connection.finish()


# Refused for one message only; the connection is still good.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)


def _deliver_batch(batch: Sequence[OutboxMessage]) -> DeliveryReport:
    """Send the batch in order on one connection.

    Message k's verdict is read, then one statement marks it sent and checks that k+1 is still
    ours, and only then does k+1 go out: a crash repeats at most the one message accepted in
    the instant before it. While the server reads k, the worker serialises k+1.
    """
    report = DeliveryReport()
    held = _Claim(batch[0].claim_token)
    to_send, skipped = [], []
    for message, email, error in _render(batch):
        if error:
            report += held.fail([message], error)
        elif email is None:
            skipped.append(message)
        else:
            to_send.append((message, email))
    report.skipped += held.finish(skipped, OutboxMessage.Status.SKIPPED)
    position, accepted, in_flight = 0, None, None
    try:
        with mailers.default as connection:
            sending, ready = _Sending(connection), {}
            for position, (message, email) in enumerate(to_send):
                if in_flight is not None:
                    accepted, report = _verdict(sending, held, in_flight, report)
                    in_flight = None
                taken, accepted = held.take(message, sent=accepted), None
                if not taken:
                    # Our lease lapsed and another worker claimed the row: it sends it, not us.
                    report.taken_over += 1
                    continue
                prepared, error = ready.pop(position, None) or sending.prepare(message, email)
                if error is None:
                    try:
                        sending.start(prepared)
                    except REFUSED as refused:
                        error = refused
                if error is not None:
                    report += held.fail([message], repr(error))
                    continue
                in_flight = message  # marked sent by the next take(), before anything else is sent
                if position + 1 < len(to_send):
                    ready[position + 1] = sending.prepare(*to_send[position + 1])
            position = len(to_send)
            if in_flight is not None:
                accepted, report = _verdict(sending, held, in_flight, report)
                in_flight = None
            held.take(None, sent=accepted)
            accepted = None
    except Exception as error:  # the connection failed: every unsent row goes back to the queue
        if accepted is not None:
            held.take(None, sent=accepted)
        unsent = [in_flight] if in_flight is not None else []
        unsent += [m for m, _email in to_send[position:] if m is not accepted and m is not in_flight]
        logger.exception("Mail delivery stopped with %d messages left", len(unsent))
        report += held.fail(unsent, repr(error))
    return report


def _verdict(sending: _Sending, held: _Claim, message: OutboxMessage, report: DeliveryReport) -> tuple:
    """(message if the server accepted it else None, report): a refused one is failed at once."""
    try:
        sending.finish()
    except smtplib.SMTPDataError as error:
        report += held.fail([message], repr(error))
        return None, report
    report.sent += 1
    return message, report


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
