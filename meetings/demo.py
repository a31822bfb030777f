"""The group's meetings: the first two as they happened (restated in our own words from the seed's
facts), and the next one, always a couple of weeks after the day the demo is loaded."""

import datetime
import zoneinfo

from django.utils import timezone

from members.demo.delegates import demo_email
from members.demo.states import (
    FIRST_MEETING_PRESENT,
    SECOND_MEETING_EXCUSED,
    SECOND_MEETING_IN_PERSON,
    SECOND_MEETING_ONLINE,
)
from members.models import MemberState, User

from . import demo_languages, demo_papers
from .minutes import demo as minutes_demo
from .models import AgendaItem, Attendance, Meeting, Presentation, Registration, Room

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# Delegations registered for the next meeting (the others are reminded); four are their missions' focal points.
NEXT_MEETING_REGISTRATIONS = [
    ("CA", Registration.Mode.IN_PERSON),
    ("MX", Registration.Mode.IN_PERSON),
    ("CL", Registration.Mode.ONLINE),
    ("CO", Registration.Mode.ONLINE),
    ("UY", Registration.Mode.IN_PERSON),
]

FIRST_AGENDA = [
    (
        "Opening and purpose of the group",
        "The Secretariat for Strengthening Democracy recalls the mandate of resolution AG/RES. 3004 (LIII-O/23) "
        "and what the group is for: dialogue, horizontal cooperation and the exchange of good practices.",
        "Secretariat for Strengthening Democracy",
        "",
    ),
    (
        "The secretariats' work in support of the mandate",
        "Presentations by the Secretariat for Hemispheric Affairs, the Secretariat for Access to Rights and "
        "Equity and the Secretariat for Integral Development.",
        "Secretariats of the OAS",
        "Delegations heard the three presentations and asked questions.",
    ),
    (
        "How the group will work",
        "Roles and responsibilities, structure, procedures and the rules under which the group meets.",
        "",
        "Delegations agreed that procedural matters come first: choosing a coordinator or chair, adopting the "
        "group's name, and settling its structure, rules and working methods.",
    ),
    (
        "Proposed work plan for the coming months",
        "A draft work plan put forward by the Permanent Mission of the United States.",
        "Permanent Mission of the United States",
        "Member states are asked to send their comments on the proposal before the next meeting.",
    ),
    (
        "Next steps and next meeting",
        "",
        "",
        "The second meeting will take place on 11 December 2023.",
    ),
]

SECOND_AGENDA = [
    ("Adoption of the agenda", "", "", "The agenda was adopted without changes."),
    (
        "Approval of the minutes of the first meeting",
        "The minutes of the meeting of 21 November 2023, circulated to delegations on 28 November.",
        "",
        "No corrections were received; the minutes were approved.",
    ),
    (
        "Procedural matters",
        "Choosing a coordinator or chair, the group's name, its structure and its rules of procedure.",
        "Secretariat for Strengthening Democracy",
        "Consultations on a coordinator and on the group's name will continue; the secretariat will circulate "
        "options on structure and working methods.",
    ),
    (
        "Comments on the proposed work plan",
        "Member states' comments on the draft presented by the Permanent Mission of the United States.",
        "Permanent Mission of the United States",
        "The comments received were reviewed. The secretariat will prepare a revised draft and open a new "
        "round of comments before the next meeting.",
    ),
    ("Other business", "", "", "None."),
]

NEXT_AGENDA = [
    ("Adoption of the agenda", "", "", ""),
    (
        "Approval of the minutes of the second meeting",
        "The minutes of the meeting of 11 December 2023.",
        "",
        "",
    ),
    (
        "Revised draft of the work plan",
        "The revised draft (version 2) and the comments member states send on it before the round closes.",
        "Secretariat for Strengthening Democracy",
        "",
    ),
    (
        "Procedural matters",
        "Choosing a coordinator or chair and adopting the group's name.",
        "",
        "",
    ),
    ("Other business", "", "", ""),
]

# The next meeting is held this many days after the demo is loaded (on a weekday), so the
# present-day part of the story never goes stale.
NEXT_MEETING_IN_DAYS = 14

PRESENTATIONS = [
    ("SHA", "The Secretary for Hemispheric Affairs", "Hemispheric affairs and the Democratic Charter"),
    ("SARE", "The Secretary for Access to Rights and Equity", "Access to rights, equity and democracy"),
    ("SEDI", "A representative of the Secretariat", "Integral development in support of the mandate"),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=NEW_YORK).astimezone(datetime.UTC)


def next_weekday(day: datetime.date) -> datetime.date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + datetime.timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def today_in(zone: zoneinfo.ZoneInfo) -> datetime.date:
    return timezone.localdate(timezone=zone)


def _agenda(command, meeting, items) -> list[AgendaItem]:
    return [
        command.upsert(
            AgendaItem,
            {"meeting": meeting, "position": position},
            {"title": title, "description": description, "presenter": presenter, "outcome": outcome},
        )
        for position, (title, description, presenter, outcome) in enumerate(items, start=1)
    ]


def load(*, command, group, states, units) -> int:
    room = command.upsert(
        Room,
        {"building": "OAS headquarters", "name": "Simón Bolívar room"},
        {
            "address": "17th Street and Constitution Avenue NW\nWashington, DC 20006\nUnited States",
            "capacity": 150,
        },
    )
    first_day = datetime.date(2023, 11, 21)
    first = command.upsert(
        Meeting,
        {"group": group, "number": 1},
        {
            "title": demo_languages.FIRST_TITLE["en"],
            "format": Meeting.Format.IN_PERSON,
            "starts_at": _at(first_day, 10),
            "ends_at": _at(first_day, 13),
            "time_zone": "America/New_York",
            "room": room,
            "convening_unit": units["SSD"],
            "status": Meeting.Status.HELD,
            "notice_text": (
                "The Secretariat for Strengthening Democracy convenes the first meeting of the Voluntary Group "
                "of the Inter-American Democratic Charter."
            ),
        },
    )
    items = _agenda(command, first, FIRST_AGENDA)
    for position, (acronym, person, title) in enumerate(PRESENTATIONS, start=1):
        command.upsert(
            Presentation,
            {"meeting": first, "position": position},
            {
                "presenter_kind": Presentation.PresenterKind.SECRETARIAT,
                "unit": units[acronym],
                "person_name": person,
                "title": title,
                "agenda_item": items[1],
            },
        )
    # The note on how the group will work, circulated in English, Spanish and French.
    demo_papers.load_papers(command=command, meeting=first, agenda_item=items[2], uploaded_by=None)
    demo_languages.load(command=command, meeting=first, items=items, room=room)
    for iso2 in FIRST_MEETING_PRESENT:
        command.upsert(
            Attendance,
            {"meeting": first, "member_state": states[iso2]},
            {"status": Attendance.Status.PRESENT_IN_PERSON},
        )

    second = _second_meeting(command, group=group, states=states, units=units, room=room, first=first)
    third = _next_meeting(command, group=group, units=units, room=room, second=second)
    minutes_demo.load_minutes(command=command, meeting=first, approved_at=second)
    minutes_demo.load_second_minutes(command=command, meeting=second, next_meeting=third)
    return 0


def _second_meeting(command, *, group, states, units, room, first) -> Meeting:
    """Held on 11 December 2023 with its record: attendance, outcomes and (in minutes/demo.py) minutes."""
    second_day = datetime.date(2023, 12, 11)
    second = command.upsert(
        Meeting,
        {"group": group, "number": 2},
        {
            "title": "",
            "format": Meeting.Format.HYBRID,
            "starts_at": _at(second_day, 10),
            "ends_at": _at(second_day, 12),
            "time_zone": "America/New_York",
            "room": room,
            "convening_unit": units["SSD"],
            "status": Meeting.Status.HELD,
            "notice_text": "Second meeting, agreed at the first meeting.",
            "copied_from": first,
        },
    )
    _agenda(command, second, SECOND_AGENDA)
    statuses = {
        **dict.fromkeys(SECOND_MEETING_IN_PERSON, Attendance.Status.PRESENT_IN_PERSON),
        **dict.fromkeys(SECOND_MEETING_ONLINE, Attendance.Status.PRESENT_ONLINE),
        **dict.fromkeys(SECOND_MEETING_EXCUSED, Attendance.Status.EXCUSED),
    }
    for iso2, status in statuses.items():
        command.upsert(Attendance, {"meeting": second, "member_state": states[iso2]}, {"status": status})
    return second


def _next_meeting(command, *, group, units, room, second) -> Meeting:
    """Scheduled a couple of weeks from the day the demo is loaded, after the open comment round closes."""
    day = next_weekday(today_in(NEW_YORK) + datetime.timedelta(days=NEXT_MEETING_IN_DAYS))
    third = command.upsert(
        Meeting,
        {"group": group, "number": 3},
        {
            "title": "",
            "format": Meeting.Format.HYBRID,
            "starts_at": _at(day, 10),
            "ends_at": _at(day, 12) + datetime.timedelta(minutes=30),
            "time_zone": "America/New_York",
            "room": room,
            "video_link": "https://video.plenary.test/gv-cdi/3",
            "convening_unit": units["SSD"],
            "status": Meeting.Status.SCHEDULED,
            "notice_text": (
                "The Secretariat for Strengthening Democracy convenes the third meeting of the group to approve "
                "the minutes of the second meeting and to discuss the revised draft of the work plan."
            ),
            "copied_from": second,
        },
    )
    _agenda(command, third, NEXT_AGENDA)
    _registrations(command, third)
    return third


def _registrations(command, meeting: Meeting) -> None:
    """Some delegations have registered for the next meeting; the focal points registered themselves."""
    for iso2, mode in NEXT_MEETING_REGISTRATIONS:
        user = User.objects.get(email=demo_email(iso2))
        command.upsert(
            Registration,
            {"meeting": meeting, "user": user, "cancelled_at": None},
            {"member_state": MemberState.objects.get(iso2=iso2), "mode": mode, "registered_by": user},
        )
