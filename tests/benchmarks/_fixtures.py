"""Data for benchmarks: the organisation's 35 states supporting one group."""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.utils import timezone

from groups.models import Membership, Officer, WorkingGroup
from meetings.models import AgendaItem, Attendance, Meeting, Room
from members.models import Delegate, MemberState, User
from members.permissions import DELEGATE

PARAGRAPH = (
    "Delegations exchanged views on how the Inter-American Democratic Charter is applied in practice, "
    "and several described their national experience with electoral observation, dialogue between "
    "branches of government and the participation of civil society. The secretariat took note of the "
    "proposals and offered to gather the practices described in a short compilation."
)


def organisation(states: int = 35) -> tuple[WorkingGroup, list[MemberState]]:
    letters = itertools.product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2)
    members = [
        MemberState.objects.get_or_create(
            iso2=a + b,
            defaults={
                "iso3": a + b + "X",
                "name": f"Republic of {a}{b}land",
                "name_en": f"Republic of {a}{b}land",
            },
        )[0]
        for (a, b) in itertools.islice(letters, states)
    ]
    group = WorkingGroup.objects.create(
        slug=f"bench-{timezone.now():%H%M%S%f}",
        provisional_name="Voluntary Group of the Inter-American Democratic Charter",
        provisional_name_en="Voluntary Group of the Inter-American Democratic Charter",
        acronym="VG-IDC",
        mandate_reference="AG/RES. 3004 (LIII-O/23)",
        established_on=datetime.date(2023, 6, 23),
    )
    Membership.objects.bulk_create(
        Membership(group=group, member_state=state, since=datetime.date(2023, 1, 1)) for state in members
    )
    Officer.objects.create(
        group=group,
        role=Officer.Role.CHAIR,
        member_state=members[0],
        person_name="Ana Chair",
        term_start=datetime.date(2023, 1, 1),
    )
    return group, members


def held_meeting(group, states, *, items: int = 20, number: int = 1) -> Meeting:
    room, _ = Room.objects.get_or_create(name="Simón Bolívar Room", building="Main Building")
    starts = datetime.datetime(2023, 11, 21, 15, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        days=20 * (number - 1)
    )
    meeting = Meeting.objects.create(
        group=group,
        number=number,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        time_zone="America/New_York",
        room=room,
        status=Meeting.Status.HELD,
        title="Installation of the group",
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Agenda item {n}: exchange of experiences",
            outcome="\n\n".join([PARAGRAPH] * 2),
        )
        for n in range(1, items + 1)
    )
    statuses = [
        Attendance.Status.PRESENT_IN_PERSON,
        Attendance.Status.PRESENT_ONLINE,
        Attendance.Status.EXCUSED,
    ]
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member_state=state,
            status=statuses[n % 3],
            delegation_members="Ambassador A. Example, Counsellor B. Example",
        )
        for n, state in enumerate(states)
    )
    return meeting


def delegates(states, per_state: int = 5) -> list[User]:
    role = Group.objects.get(name=DELEGATE)
    users = []
    for state in states:
        for n in range(per_state):
            user = User.objects.create_user(
                email=f"delegate{n}@{state.iso2.lower()}.example",
                full_name=f"Delegate {n} of {state.name}",
                preferred_language=["en", "es", "fr", "pt"][n % 4],
            )
            user.groups.add(role)
            Delegate.objects.create(user=user, member_state=state, start_date=datetime.date(2023, 1, 1))
            users.append(user)
    return users
