"""Fixtures for minutes, PDFs, notices and reminders; import the ones a test module uses."""

import datetime

import pytest
from django.utils import timezone

from groups.models import Officer
from meetings.minutes import services as minutes_services
from meetings.models import AgendaItem, Attendance, Meeting, Room
from tests.factories import (
    DelegateFactory,
    MembershipFactory,
    MemberStateFactory,
    OfficerFactory,
    UserFactory,
)

NY = "America/New_York"


def make_meeting(group, *, number=1, starts_at=None, status=Meeting.Status.SCHEDULED, room=None, **fields):
    starts_at = starts_at or timezone.now() + datetime.timedelta(days=10)
    return Meeting.objects.create(
        group=group,
        number=number,
        title=fields.pop("title", ""),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        time_zone=NY,
        room=room,
        status=status,
        **fields,
    )


@pytest.fixture
def bolivar_room(db):
    return Room.objects.create(
        name="Simón Bolívar Room",
        building="Main Building",
        address="17th St and Constitution Ave NW, Washington, DC",
    )


@pytest.fixture
def minuted_meeting(group, bolivar_room, us, br):
    meeting = make_meeting(
        group,
        number=1,
        starts_at=datetime.datetime(2023, 11, 21, 15, 0, tzinfo=datetime.UTC),
        status=Meeting.Status.HELD,
        room=bolivar_room,
        title="Installation of the group",
        video_link="https://video.example/secret-room",
    )
    for position, title in enumerate(
        ["Opening remarks", "Presentations by the secretariats", "Work plan"], 1
    ):
        AgendaItem.objects.create(
            meeting=meeting, position=position, title=title, outcome=f"Outcome of {title}."
        )
    Attendance.objects.create(
        meeting=meeting,
        member_state=us,
        status=Attendance.Status.PRESENT_IN_PERSON,
        delegation_members="Bob Delegate",
    )
    Attendance.objects.create(meeting=meeting, member_state=br, status=Attendance.Status.PRESENT_ONLINE)
    OfficerFactory(
        group=group,
        member_state=us,
        role=Officer.Role.CHAIR,
        person_name="Ana Chair",
        term_start=datetime.date(2023, 1, 1),
    )
    return meeting


@pytest.fixture
def later_meeting(group, minuted_meeting):
    return make_meeting(
        group,
        number=2,
        starts_at=datetime.datetime(2024, 3, 5, 15, 0, tzinfo=datetime.UTC),
        status=Meeting.Status.HELD,
    )


@pytest.fixture
def minutes(minuted_meeting):
    return minutes_services.start_minutes(meeting=minuted_meeting)


def _fresh_state(group):
    """A state with no delegates and not yet in `group`: the factory reuses existing codes, and in a
    long run its sequence comes round to the cast's own states ("US", "BR")."""
    state = MemberStateFactory()
    while state.delegates.exists() or group.memberships.filter(member_state=state).exists():
        state = MemberStateFactory()
    return state


def make_delegations(group, *, states: int, per_state: int):
    """`states` supporting states with `per_state` active delegates each."""
    users = []
    for n in range(states):
        state = _fresh_state(group)
        MembershipFactory(group=group, member_state=state, since=datetime.date(2020, 1, 1))
        for k in range(per_state):
            users.append(
                DelegateFactory(
                    user=UserFactory(email=f"d{n}-{k}@{state.iso2.lower()}.example"), member_state=state
                ).user
            )
    return users
