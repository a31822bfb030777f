"""Print versions of the minutes and the attendance list, rendered by workers (see tasks.py).

Templates get plain values built here, so rendering does no queries and every user value
is escaped by the template engine. The stored PDF is what views serve. (No pypdf here: it
costs a worker about 50 MiB.)
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from config.pdf import render_pdf
from meetings.models import Meeting, attendance_fingerprint, attendance_rows
from meetings.models.registration import Registration, participant_rows, participants_fingerprint
from members.models import Delegate
from members.translated import Translated, translated

from .models import Minutes, MinutesItemTranslation, MinutesTranslation, PrintedDocument, print_language
from .translations import show_in_language


def _meeting_facts(meeting: Meeting, chair: str = "") -> list[tuple[str, str]]:
    start, end = meeting.local_starts_at, meeting.local_ends_at
    facts = [
        (_("Date"), formats.date_format(start, "DATE_FORMAT")),
        (
            _("Time"),
            f"{start:%H:%M}–{end:%H:%M} {end.tzname()} ({meeting.time_zone}); "
            f"{meeting.starts_at.astimezone(datetime.UTC):%H:%M}–{meeting.ends_at.astimezone(datetime.UTC):%H:%M} UTC",
        ),
        (_("Place"), meeting.location_text() or "—"),
        (_("Format"), meeting.get_format_display()),
    ]
    if chair:
        facts.append((_("Chair"), chair))
    if meeting.convening_unit:
        facts.append((_("Convened by"), str(meeting.convening_unit)))
    return facts


def _observer_label(observer) -> Translated:
    """The observer's name in the printed language, or another one with its language (marked in the PDF)."""
    if observer.kind == observer.Kind.NON_SUPPORTING_STATE and observer.member_state:
        return translated(observer.member_state, "name")
    if observer.kind == observer.Kind.SECRETARIAT_UNIT and observer.unit:
        return translated(observer.unit, "name")
    return translated(observer, "name")


def _observers(meeting: Meeting) -> list[dict]:
    return [
        {"label": _observer_label(observer), "kind": observer.get_kind_display(), "persons": observer.persons}
        for observer in meeting.observers.select_related("member_state", "unit")
    ]


def _shown(text: str, lang: str | None) -> Translated:
    """A minutes passage as `show_in_language` left it: in the printed language, or in `lang`."""
    requested = translation.get_language()
    return Translated(text, lang or requested, requested, (lang,) if lang else (requested,))


def _status_line(minutes: Minutes) -> str:
    if minutes.is_approved():
        approved_at = minutes.approved_at_meeting
        return _("Approved at the %(meeting)s, %(date)s. Revision %(revision)s.") % {
            "meeting": approved_at.ordinal_name(),
            "date": formats.date_format(approved_at.local_starts_at, "DATE_FORMAT"),
            "revision": minutes.revision,
        }
    if minutes.status == Minutes.Status.CIRCULATED:
        return _("Circulated for corrections until %(date)s. Not yet approved.") % {
            "date": formats.date_format(minutes.corrections_until, "DATE_FORMAT")
        }
    return _("Draft, not yet circulated.")


def minutes_context(minutes: Minutes) -> dict:
    meeting = minutes.meeting
    rows, totals = attendance_rows(meeting)
    next_meeting = minutes.next_meeting
    items = list(minutes.items.all())
    # Opening, items and next steps in the printed language where translated, else the original.
    show_in_language(minutes, items, translation.get_language())
    return {
        "group_name": meeting.group.name,
        "symbol": minutes.symbol,
        "title": str(minutes),
        "meeting_title": translated(meeting, "title"),
        "status_line": _status_line(minutes),
        "facts": _meeting_facts(meeting, minutes.chair),
        "attendance": rows,
        "totals": totals,
        "observers": _observers(meeting),
        "opening": _shown(minutes.shown_opening, minutes.shown_opening_lang),
        "items": [
            {
                "title": _shown(item.shown_title, item.shown_title_lang),
                "summary": _shown(item.shown_summary, item.shown_summary_lang),
            }
            for item in items
        ],
        # Rendered with the target language active, so each language's PDF carries its own wording.
        "decisions": [
            {
                "number": d.number,
                "text": (wording := translated(d, "text")).text,
                "wording": wording,  # the text with its language, marked in the template
                "kind": d.get_kind_display(),
            }
            for d in minutes.decisions.all()
        ],
        "next_steps": _shown(minutes.shown_next_steps, minutes.shown_next_steps_lang),
        "next_meeting": (
            f"{next_meeting.ordinal_name()}, {formats.date_format(next_meeting.local_starts_at, 'DATE_FORMAT')}"
            if next_meeting
            else minutes.next_meeting_text
        ),
    }


def _store(*, meeting: Meeting, kind: str, pdf: bytes, fingerprint: str, language: str) -> PrintedDocument:
    with transaction.atomic():
        printed, _created = PrintedDocument.objects.select_for_update().get_or_create(
            meeting=meeting, kind=kind, language=language, defaults={"fingerprint": ""}
        )
        old_name = printed.file.name
        printed.file.save(f"{kind}.pdf", ContentFile(pdf), save=False)
        printed.fingerprint = fingerprint
        printed.rendered_at = timezone.now()
        printed.save()
        if old_name:
            storage = printed.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return printed


def _current(*, meeting_id: int, kind: str, language: str, fingerprint: str) -> PrintedDocument | None:
    return PrintedDocument.objects.filter(
        meeting_id=meeting_id, kind=kind, language=language, fingerprint=fingerprint
    ).first()


def render_minutes(minutes: Minutes, language: str) -> bytes:
    # Labels, dates, ordinals and the group's translated name all follow the printed language.
    with translation.override(language):
        context = minutes_context(minutes)
        return render_pdf(
            template="pdf/minutes.html",
            context=context,
            lang=language,
            title=f"{context['symbol']} {context['title']}".strip(),
        )


def minutes_fingerprint(minutes: Minutes, language: str) -> str:
    """Changes whenever the minutes PDF in `language` would change: the minutes or their translation."""
    return f"{minutes.fingerprint()}-{_translated_at(minutes, language)}"


def _translated_at(minutes: Minutes, language: str) -> str:
    """When the minutes' translation into `language` last changed: a new translation reprints the PDF."""
    latest = [
        MinutesTranslation.objects.filter(minutes=minutes, language=language).values_list(
            "updated_at", flat=True
        ),
        MinutesItemTranslation.objects.filter(item__minutes=minutes, language=language).values_list(
            "updated_at", flat=True
        ),
    ]
    stamps = [value.isoformat() for rows in latest for value in rows.order_by("-updated_at")[:1]]
    return max(stamps, default="")


def print_minutes(*, minutes_id: int, language: str | None = None) -> PrintedDocument | None:
    """Render and store the minutes PDF in `language` unless the stored one is already current."""
    language = print_language(language)
    minutes = (
        Minutes.objects.select_related(
            "meeting__group",
            "meeting__room",
            "meeting__convening_unit",
            "next_meeting",
            "approved_at_meeting",
        )
        .filter(pk=minutes_id)
        .first()
    )
    if minutes is None:
        return None
    fingerprint = minutes_fingerprint(minutes, language)
    kind = PrintedDocument.Kind.MINUTES
    current = _current(meeting_id=minutes.meeting_id, kind=kind, language=language, fingerprint=fingerprint)
    if current:
        return current
    pdf = render_minutes(minutes, language)
    return _store(meeting=minutes.meeting, kind=kind, pdf=pdf, fingerprint=fingerprint, language=language)


def print_attendance(*, meeting_id: int, language: str | None = None) -> PrintedDocument | None:
    language = print_language(language)
    meeting = Meeting.objects.select_related("group", "room", "convening_unit").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    fingerprint = attendance_fingerprint(meeting)
    kind = PrintedDocument.Kind.ATTENDANCE
    current = _current(meeting_id=meeting.pk, kind=kind, language=language, fingerprint=fingerprint)
    if current:
        return current
    with translation.override(language):
        rows, totals = attendance_rows(meeting)
        title = _("Attendance list: %(meeting)s") % {"meeting": meeting.ordinal_name()}
        pdf = render_pdf(
            template="pdf/attendance.html",
            context={
                "group_name": meeting.group.name,
                "symbol": "",
                "title": title,
                "meeting_title": translated(meeting, "title"),
                "facts": _meeting_facts(meeting),
                "attendance": rows,
                "totals": totals,
                "observers": _observers(meeting),
            },
            lang=language,
            title=title,
        )
    return _store(meeting=meeting, kind=kind, pdf=pdf, fingerprint=fingerprint, language=language)


def participants_context(meeting: Meeting, rows: list[dict]) -> dict:
    """Labels in the active language: titles, modes and the totals."""
    titles, modes = dict(Delegate.Title.choices), dict(Registration.Mode.choices)
    states = [
        {
            "state": row["state"],
            "participants": [
                {"name": p["name"], "title": str(titles.get(p["title"], "")), "mode": str(modes[p["mode"]])}
                for p in row["participants"]
            ],
        }
        for row in rows
    ]
    people = [p for row in rows for p in row["participants"]]
    title = _("List of participants: %(meeting)s") % {"meeting": meeting.ordinal_name()}
    return {
        "group_name": meeting.group.name,
        "symbol": "",
        "title": title,
        "meeting_title": meeting.title,
        "facts": _meeting_facts(meeting),
        "states": states,
        "totals": {
            "people": len(people),
            "in_person": sum(1 for p in people if p["mode"] == Registration.Mode.IN_PERSON),
            "online": sum(1 for p in people if p["mode"] == Registration.Mode.ONLINE),
            "states": sum(1 for row in rows if row["participants"]),
        },
    }


def print_participants(*, meeting_id: int, language: str | None = None) -> PrintedDocument | None:
    """The list of participants from the registrations, by state, in `language`; kept while current."""
    language = print_language(language)
    meeting = Meeting.objects.select_related("group", "room", "convening_unit").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    kind = PrintedDocument.Kind.PARTICIPANTS
    with translation.override(language):  # states listed in the order of their names in this language
        rows = participant_rows(meeting)
        fingerprint = participants_fingerprint(meeting, rows)
        current = _current(meeting_id=meeting.pk, kind=kind, language=language, fingerprint=fingerprint)
        if current:
            return current
        context = participants_context(meeting, rows)
        pdf = render_pdf(
            template="pdf/participants.html", context=context, lang=language, title=context["title"]
        )
    return _store(meeting=meeting, kind=kind, pdf=pdf, fingerprint=fingerprint, language=language)
