"""The demo's delegations at work: focal points, registrations for the next meeting, the decisions register."""

import html
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from config.management.commands.load_demo import GROUP_SLUG
from meetings.models import Decision, Meeting, Registration
from members.demo.states import SUPPORTING_STATES
from members.models import Delegate, PermanentMission
from members.permissions import leads_mission

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_focal_points_registrations_and_procedural_decisions_and_a_second_run_writes_nothing(client):
    load_demo()

    assert set(PermanentMission.objects.values_list("member_state__iso2", flat=True)) >= set(
        SUPPORTING_STATES
    )
    focal = Delegate.objects.active().filter(is_focal_point=True).select_related("user", "member_state")
    assert focal.count() >= 3
    assert all(d.member_state.iso2 in SUPPORTING_STATES for d in focal)
    assert all(leads_mission(d.user, d.member_state) for d in focal)

    next_meeting = Meeting.objects.get(group__slug=GROUP_SLUG, number=3)
    registered = Registration.objects.active().filter(meeting=next_meeting)
    assert registered.values("member_state").distinct().count() >= 3
    assert set(registered.values_list("mode", flat=True)) == {"in_person", "online"}
    assert next_meeting.status == Meeting.Status.SCHEDULED and next_meeting.registration_is_open()

    procedural = Decision.objects.filter(
        minutes__meeting__group__slug=GROUP_SLUG, minutes__meeting__number=1, kind="procedural"
    )
    assert procedural.count() >= 2
    register = html.unescape(
        client.get(
            reverse("meetings:group_decisions", kwargs={"slug": GROUP_SLUG}) + "?kind=procedural"
        ).content.decode()
    )
    for decision in procedural:
        assert decision.text.split(";")[0][:60] in register

    assert "(0 records written)" in load_demo()
