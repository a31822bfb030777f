"""The group's first two meetings, restated in our own words from the seed's facts."""

import datetime
import zoneinfo

from django.utils import timezone

from members.demo.states import FIRST_MEETING_PRESENT

from .minutes import demo as minutes_demo
from .models import AgendaItem, Attendance, Meeting, Presentation, Room

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")

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
    ("Adoption of the agenda", "", "", ""),
    (
        "Procedural matters",
        "Choosing a coordinator or chair, the group's name, its structure and its rules of procedure.",
        "",
        "",
    ),
    (
        "Comments on the proposed work plan",
        "Member states' comments on the draft presented by the Permanent Mission of the United States.",
        "",
        "",
    ),
    ("Other business", "", "", ""),
]

PRESENTATIONS = [
    ("SHA", "The Secretary for Hemispheric Affairs", "Hemispheric affairs and the Democratic Charter"),
    ("SARE", "The Secretary for Access to Rights and Equity", "Access to rights, equity and democracy"),
    ("SEDI", "A representative of the Secretariat", "Integral development in support of the mandate"),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=NEW_YORK).astimezone(datetime.UTC)


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
            "title": "",
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
    for iso2 in FIRST_MEETING_PRESENT:
        command.upsert(
            Attendance,
            {"meeting": first, "member_state": states[iso2]},
            {"status": Attendance.Status.PRESENT_IN_PERSON},
        )

    second_day = datetime.date(2023, 12, 11)
    starts_at = _at(second_day, 10)
    second = command.upsert(
        Meeting,
        {"group": group, "number": 2},
        {
            "title": "",
            "format": Meeting.Format.HYBRID,
            "starts_at": starts_at,
            "ends_at": _at(second_day, 12),
            "time_zone": "America/New_York",
            "room": room,
            "convening_unit": units["SSD"],
            "status": Meeting.Status.HELD if starts_at < timezone.now() else Meeting.Status.SCHEDULED,
            "notice_text": "Second meeting, agreed at the first meeting.",
            "copied_from": first,
        },
    )
    _agenda(command, second, SECOND_AGENDA)
    minutes_demo.load_minutes(command=command, meeting=first, approved_at=second)
    return 0
