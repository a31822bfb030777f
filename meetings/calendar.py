"""iCalendar files for meetings: one meeting, a group's feed, a person's private feed."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from members.translated import translated, translated_text

from .models import Meeting
from .permissions import can_see_video_link

PRODID = "-//Plenary//Meetings//EN"


def _calendar(name: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        # vText escapes line breaks and separators; an X- property would otherwise go out raw.
        calendar.add("x-wr-calname", icalendar.vText(name))
    return calendar


def translated_location(meeting: Meeting) -> str:
    room = meeting.room
    if room is None:
        return ""
    parts = (translated_text(room, "name"), translated_text(room, "building"), " ".join(room.address.split()))
    return ", ".join(part for part in parts if part)


def meeting_event(meeting: Meeting, *, user) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{meeting.uid}@plenary")
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("dtstart", meeting.local_starts_at)
    event.add("dtend", meeting.local_ends_at)
    # In the reader's language where the texts exist; LANGUAGE says which one the title is in.
    title = translated(meeting, "title")
    name = meeting.ordinal_name()
    summary = f"{translated_text(meeting.group, meeting.group.name_field)}: {name}"
    if title:
        summary = f"{summary}: {title.text}"
    event.add("summary", summary, parameters={"LANGUAGE": title.language if title else title.requested})
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    elif meeting.status == Meeting.Status.DRAFT:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    location = meeting.location_text()
    if location:
        event.add("location", translated_location(meeting) or location)
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    event.add("url", url)
    lines = []
    if meeting.status == Meeting.Status.CANCELLED:
        lines.append(_("Cancelled: %(reason)s") % {"reason": translated_text(meeting, "cancellation_reason")})
    if meeting.notice_text:
        lines.append(translated_text(meeting, "notice_text"))
    if meeting.video_link and can_see_video_link(user, meeting):
        lines.append(_("Video link: %(link)s") % {"link": meeting.video_link})
    lines.append(_("Agenda and documents: %(url)s") % {"url": url})
    event.add("description", "\n\n".join(lines))
    return event


def _to_bytes(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting: Meeting, *, user) -> bytes:
    """One meeting as an .ics file (also attached to notices)."""
    with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
        calendar = _calendar()
        calendar.add_component(meeting_event(meeting, user=user))
        return _to_bytes(calendar)


def feed_ics(meetings: Iterable[Meeting], *, user, name: str | None = None) -> bytes:
    """A calendar of meetings, in the subscriber's language (calendar programs send no cookie)."""
    with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
        calendar = _calendar(name)
        for meeting in meetings:
            calendar.add_component(meeting_event(meeting, user=user))
        return _to_bytes(calendar)
