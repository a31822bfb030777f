"""Meeting notices and reminders, delivered through the outbox (members.services).

Kinds, each about `meeting:<pk>`:
- notice: the meeting was scheduled (.ics attached);
- postponed / cancelled: always sent, whatever the person's reminder preference;
- reminder: at each of the group's offsets before the start;
- minutes_circulated: the draft minutes are open for the delegations' corrections (the PDF in
  the reader's language attached, or linked when larger than PLENARY_EMAIL_ATTACHMENT_MAX_BYTES);
- paper_posted, minutes_approved, decision_recorded: to the group's subscribers.
Minutes, papers and decisions go by each person's choice for the group (members.subscriptions)
and carry a one-click unsubscribe link.
The dedupe key of every kind but cancellation is the start time it announces, so a
reminder for an old date is a different row from one for the new date, and the renderer
drops a row whose date is no longer the meeting's.
"""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groups import subscriptions
from members import digest
from members import services as outbox
from members.models import Delegate, OutboxMessage
from members.notifications import build_email, unsubscribe_token
from members.permissions import SECRETARIAT, prime_role_cache
from members.subscriptions import Subscription, effective_choices
from members.zones import format_instant

from .calendar import meeting_ics
from .models import Document, Meeting
from .permissions import can_see_video_link

NOTICE = "meetings.notice"
POSTPONED = "meetings.postponed"
CANCELLED = "meetings.cancelled"
REMINDER = "meetings.reminder"
MINUTES_CIRCULATED = "meetings.minutes_circulated"
# To the group's subscribers (groups.subscriptions), at once or in their digest:
PAPER_POSTED = "meetings.paper_posted"  # dedupe key doc<pk>
MINUTES_APPROVED = "meetings.minutes_approved"  # dedupe key "approved"
DECISION_RECORDED = "meetings.decision_recorded"  # dedupe key dec<pk>
KINDS = (
    NOTICE,
    POSTPONED,
    CANCELLED,
    REMINDER,
    MINUTES_CIRCULATED,
    PAPER_POSTED,
    MINUTES_APPROVED,
    DECISION_RECORDED,
)
TOPIC = {
    NOTICE: Subscription.Kind.MEETINGS,
    POSTPONED: Subscription.Kind.MEETINGS,
    CANCELLED: Subscription.Kind.MEETINGS,
    REMINDER: Subscription.Kind.MEETINGS,
    PAPER_POSTED: Subscription.Kind.PAPERS,
    MINUTES_APPROVED: Subscription.Kind.MINUTES,
    MINUTES_CIRCULATED: Subscription.Kind.MINUTES,
    DECISION_RECORDED: Subscription.Kind.DECISIONS,
}
WITH_CALENDAR_FILE = (NOTICE, POSTPONED, CANCELLED)
ANNOUNCEMENTS = (NOTICE, POSTPONED)
UPCOMING = (Meeting.Status.SCHEDULED, Meeting.Status.POSTPONED)


def subject_key(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def start_key(starts_at: datetime.datetime) -> str:
    return starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%MZ")


def reminder_key(offset_minutes: int, starts_at: datetime.datetime) -> str:
    return f"{offset_minutes}m@{start_key(starts_at)}"


def recipients(meeting: Meeting, *, reminders_only: bool = False, unregistered_only: bool = False) -> list:
    """Active delegates of the supporting states and the secretariat staff.

    `unregistered_only` leaves out the delegations that registered someone for the meeting:
    a reminder is there to make a delegation register, and one that did needs no nudge.
    """
    supporting = meeting.group.memberships.current(meeting.local_date()).values("member_state")
    if unregistered_only:
        registered = meeting.registrations.active().values("member_state")
        supporting = supporting.exclude(member_state__in=registered)
    delegates = (
        Delegate.objects.active(meeting.local_date()).filter(member_state__in=supporting).values("user")
    )
    staff = get_user_model().objects.filter(groups__name=SECRETARIAT).values("pk")
    users = get_user_model().objects.filter(Q(pk__in=delegates) | Q(pk__in=staff), is_active=True)
    if reminders_only:
        users = users.filter(receives_reminders=True)
    return list(users.order_by("pk"))


def announce(*, meeting: Meeting, kind: str) -> int:
    """Record a notice for everyone concerned, in the caller's transaction.

    Called by the scheduling services, which have the outbox delivered after commit: if the
    transaction rolls back, nobody is told.
    """
    if kind == CANCELLED:
        outbox.withdraw(subject_key=subject_key(meeting.pk), kinds=[NOTICE, POSTPONED, REMINDER])
        return outbox.enqueue(
            kind=kind,
            subject_key=subject_key(meeting.pk),
            recipients=not_opted_out(recipients(meeting), meeting),
            group_id=meeting.group_id,
        )
    if kind == MINUTES_CIRCULATED:
        return tell_subscribers(meeting=meeting, kind=kind)["immediate"]
    # Notices go by the person's choice for the group's meetings: at once, in the digest, or never.
    counts = digest.notify_subscribers(
        users=recipients(meeting),
        group_id=meeting.group_id,
        topic=Subscription.Kind.MEETINGS,
        kind=kind,
        subject_key=subject_key(meeting.pk),
        dedupe_key=start_key(meeting.starts_at),
    )
    return counts["immediate"]


def not_opted_out(users: list, meeting: Meeting) -> list:
    """Those who did not choose "never" for the group's meetings. A cancellation or a reminder
    goes at once to the others, digest or not: tomorrow's digest could come too late."""
    choices = effective_choices(users, group_id=meeting.group_id, kind=Subscription.Kind.MEETINGS)
    return [user for user in users if choices.get(user.pk) != Subscription.Choice.NONE]


def enqueue_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Find reminders that are due and record them; running it again records nothing new.

    For each upcoming meeting only the latest due offset is sent (a worker that was down
    for days does not send the 7-day and the 1-day reminder together), and an offset whose
    moment passed before the current date was announced is not sent: the notice did its job.
    """
    now = now or timezone.now()
    candidates = list(Meeting.objects.filter(status__in=UPCOMING, starts_at__gt=now).select_related("group"))
    due: dict[int, tuple[Meeting, int]] = {}
    for meeting in candidates:
        offsets = [
            offset
            for offset in meeting.group.reminder_offsets or []
            if meeting.starts_at - datetime.timedelta(minutes=offset) <= now
        ]
        if offsets:
            due[meeting.pk] = (meeting, min(offsets))
    if not due:
        return 0
    announced = {
        (row["subject_key"], row["dedupe_key"]): row["first"]
        for row in OutboxMessage.objects.filter(
            kind__in=ANNOUNCEMENTS, subject_key__in=[subject_key(pk) for pk in due]
        )
        .values("subject_key", "dedupe_key")
        .annotate(first=Min("created_at"))
    }
    created = 0
    for meeting, offset in due.values():
        announced_at = announced.get((subject_key(meeting.pk), start_key(meeting.starts_at)))
        if announced_at and meeting.starts_at - datetime.timedelta(minutes=offset) < announced_at:
            continue
        created += outbox.enqueue(
            kind=REMINDER,
            subject_key=subject_key(meeting.pk),
            dedupe_key=reminder_key(offset, meeting.starts_at),
            recipients=not_opted_out(
                recipients(meeting, reminders_only=True, unregistered_only=True), meeting
            ),
            group_id=meeting.group_id,
        )
    return created


def send_due_reminders(*, now: datetime.datetime | None = None) -> outbox.DeliveryReport:
    enqueue_due_reminders(now=now)
    return outbox.deliver_pending(kinds=KINDS)


# Rendering (called by members.services.deliver_pending)

TEMPLATES = {
    NOTICE: "meetings/email/notice",
    POSTPONED: "meetings/email/postponed",
    CANCELLED: "meetings/email/cancelled",
    REMINDER: "meetings/email/reminder",
    MINUTES_CIRCULATED: "meetings/email/minutes_circulated",
    PAPER_POSTED: "meetings/email/paper_posted",
    MINUTES_APPROVED: "meetings/email/minutes_approved",
    DECISION_RECORDED: "meetings/email/decision_recorded",
}


def tell_subscribers(*, meeting: Meeting, kind: str, document: Document | None = None, decision=None) -> dict:
    """A paper posted, minutes circulated or approved, a decision recorded, to the group's
    subscribers, in the caller's transaction."""
    if kind == MINUTES_CIRCULATED:
        dedupe = f"r{meeting.minutes.revision}"
    elif kind == DECISION_RECORDED:
        dedupe = f"dec{decision.pk}"
    else:
        dedupe = f"doc{document.pk}" if document else "approved"
    return subscriptions.notify(
        group=meeting.group,
        topic=TOPIC[kind],
        kind=kind,
        subject_key=subject_key(meeting.pk),
        dedupe_key=dedupe,
    )


def _decision_id(message) -> int | None:
    number = message.dedupe_key.removeprefix("dec")
    return int(number) if message.kind == DECISION_RECORDED and number.isdigit() else None


def _decisions(messages) -> dict:
    from .minutes.models import Decision

    return Decision.objects.select_related("minutes").in_bulk({_decision_id(m) for m in messages} - {None})


def _minutes_pdf(meeting: Meeting, language: str):
    """(attachment or None, too large to attach): the current minutes PDF in `language`.

    Rendered here when missing (this runs in the worker that delivers mail, never in a request).
    """
    from .minutes import printing  # WeasyPrint is loaded only by the workers that need it

    printed = printing.print_minutes(minutes_id=meeting.minutes.pk, language=language)
    if printed is None:
        return None, False
    if printed.file.size > settings.PLENARY_EMAIL_ATTACHMENT_MAX_BYTES:
        return None, True
    with printed.file.open("rb") as stored:
        name = (meeting.minutes.symbol or f"minutes-{meeting.pk}").replace("/", "-")
        return (f"{name}.pdf", stored.read(), "application/pdf"), False


def _document_id(message) -> int | None:
    number = message.dedupe_key.removeprefix("doc")
    return int(number) if message.kind == PAPER_POSTED and number.isdigit() else None


def _minutes_approved(meeting: Meeting) -> bool:
    minutes = getattr(meeting, "minutes", None)
    return bool(minutes and minutes.approved_at_meeting_id)


def digest_lines(items) -> list:
    """Digest lines of notices, papers, minutes and decisions (members.notifications.digest_entries)."""
    meetings = Meeting.objects.select_related("group", "minutes").in_bulk(
        {int(item.subject_key.split(":", 1)[1]) for item in items}
    )
    documents = Document.objects.in_bulk({_document_id(item) for item in items} - {None})
    decisions = _decisions(items)
    lines = []
    for item in items:
        meeting = meetings.get(int(item.subject_key.split(":", 1)[1]))
        document = documents.get(_document_id(item))
        if meeting is None or (item.kind == PAPER_POSTED and document is None):
            lines.append(None)
        elif item.kind == PAPER_POSTED:
            text = _("%(symbol)s (%(language)s): %(title)s, for the %(meeting)s of the %(group)s") % {
                "symbol": document.symbol,
                "language": document.get_language_display(),
                "title": document.title,
                "meeting": meeting.ordinal_name_in_sentence(),
                "group": meeting.group.name,
            }
            lines.append({"text": text, "path": meeting.get_absolute_url()})
        elif item.kind in (NOTICE, POSTPONED):
            if item.dedupe_key != start_key(meeting.starts_at) or meeting.status not in UPCOMING:
                lines.append(None)
                continue
            template = (
                _("Meeting convened: the %(meeting)s of the %(group)s, %(date)s")
                if item.kind == NOTICE
                else _("Meeting postponed: the %(meeting)s of the %(group)s, now %(date)s")
            )
            text = template % {
                "meeting": meeting.ordinal_name_in_sentence(),
                "group": meeting.group.name,
                "date": format_instant(meeting.starts_at, meeting.time_zone, "DATETIME_FORMAT"),
            }
            lines.append({"text": text, "path": meeting.get_absolute_url()})
        elif item.kind == MINUTES_CIRCULATED:
            text = _("Draft minutes circulated: the %(meeting)s of the %(group)s") % {
                "meeting": meeting.ordinal_name_in_sentence(),
                "group": meeting.group.name,
            }
            lines.append({"text": text, "path": reverse("meetings:minutes", kwargs={"pk": meeting.pk})})
        elif item.kind == DECISION_RECORDED:
            decision = decisions.get(_decision_id(item))
            text = decision and _("Decision %(number)s of the %(meeting)s of the %(group)s: %(text)s") % {
                "number": decision.number,
                "meeting": meeting.ordinal_name_in_sentence(),
                "group": meeting.group.name,
                "text": Truncator(decision.text_in(get_language())).words(30),
            }
            lines.append(
                {"text": text, "path": reverse("meetings:minutes", kwargs={"pk": meeting.pk})}
                if decision
                else None
            )
        elif _minutes_approved(meeting):
            text = _("Minutes approved: the %(meeting)s of the %(group)s") % {
                "meeting": meeting.ordinal_name_in_sentence(),
                "group": meeting.group.name,
            }
            lines.append({"text": text, "path": meeting.minutes.get_absolute_url()})
        else:
            lines.append(None)
    return lines


def _still_wanted(message: OutboxMessage, meeting: Meeting | None, now, document=None, decision=None) -> bool:
    if meeting is None or not message.recipient.is_active:
        return False
    if message.kind == CANCELLED:
        return meeting.status == Meeting.Status.CANCELLED
    if message.kind == PAPER_POSTED:
        return document is not None
    if message.kind == MINUTES_APPROVED:
        return _minutes_approved(meeting)
    if message.kind == DECISION_RECORDED:
        return decision is not None
    if message.kind == MINUTES_CIRCULATED:
        minutes = getattr(meeting, "minutes", None)
        return bool(
            minutes and minutes.accepts_corrections() and message.dedupe_key == f"r{minutes.revision}"
        )
    if meeting.status not in UPCOMING or meeting.starts_at <= now:
        return False
    if message.kind == REMINDER:
        start = message.dedupe_key.partition("m@")[2]
        return message.recipient.receives_reminders and start == start_key(meeting.starts_at)
    return message.dedupe_key == start_key(meeting.starts_at)


def render_outbox(messages: Sequence[OutboxMessage]) -> list:
    """One email per row, wholly in the recipient's language; None for rows no longer wanted.

    The templates build the links and dates themselves, so they are rendered inside the
    recipient's language (members.notifications.build_email), never the caller's.
    """
    now = timezone.now()
    meetings = Meeting.objects.select_related("group", "room", "minutes").in_bulk(
        {int(message.subject_key.split(":", 1)[1]) for message in messages}
    )
    documents = Document.objects.in_bulk({_document_id(message) for message in messages} - {None})
    decisions = _decisions(messages)
    prime_role_cache([message.recipient for message in messages])
    emails, shared = [], {}  # each template rendered once per language and variant (build_email)
    for message in messages:
        meeting = meetings.get(int(message.subject_key.split(":", 1)[1]))
        user = message.recipient
        document = documents.get(_document_id(message))
        decision = decisions.get(_decision_id(message))
        if not _still_wanted(message, meeting, now, document, decision):
            emails.append(None)
            continue
        attachments, pdf_too_large = [], False
        if message.kind in WITH_CALENDAR_FILE:
            attachments.append(("meeting.ics", meeting_ics(meeting, user=user), "text/calendar"))
        if message.kind == MINUTES_CIRCULATED:
            pdf, pdf_too_large = _minutes_pdf(meeting, user.preferred_language)
            attachments += [pdf] if pdf else []
        show_video_link = can_see_video_link(user, meeting)
        emails.append(
            build_email(
                user=user,
                template=TEMPLATES[message.kind],
                context={
                    "meeting": meeting,
                    "show_video_link": show_video_link,
                    "minutes": getattr(meeting, "minutes", None),
                    "document": document,
                    "decision": decision,
                    "decision_text": decision.text_in(user.preferred_language) if decision else "",
                    "pdf_attached": bool(attachments) and message.kind == MINUTES_CIRCULATED,
                    "pdf_too_large": pdf_too_large,
                },
                attachments=attachments,
                unsubscribe=unsubscribe_token(message, TOPIC[message.kind])
                if message.kind in TOPIC
                else None,
                shared=shared,
                # What the context holds besides the recipient and the language:
                shared_key=(
                    meeting.pk,
                    document and document.pk,
                    decision and decision.pk,
                    show_video_link,
                    bool(attachments) and message.kind == MINUTES_CIRCULATED,
                    pdf_too_large,
                ),
            )
        )
    return emails
