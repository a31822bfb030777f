import io

import pytest
from django.core.management import call_command

from meetings.models import Minutes

pytestmark = pytest.mark.django_db


def test_demo_has_the_first_meetings_minutes_approved_at_the_second_and_published():
    call_command("load_demo", stdout=io.StringIO())
    minutes = Minutes.objects.select_related("meeting", "approved_at_meeting").get(meeting__number=1)

    assert minutes.meeting.number == 1
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.approved_at_meeting.number == 2
    assert minutes.items.count() == 5
    decisions = [decision.text for decision in minutes.decisions.all()]
    assert len(decisions) == 4
    assert "11 December 2023" in decisions[3]


def test_the_second_meetings_minutes_record_the_approval_and_await_the_next_meeting():
    call_command("load_demo", stdout=io.StringIO())
    minutes = Minutes.objects.select_related("meeting", "next_meeting").get(meeting__number=2)

    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.approved_at_meeting is None
    assert minutes.next_meeting.number == 3
    assert minutes.items.count() == minutes.meeting.agenda_items.count() == 5
    first_decision = minutes.decisions.order_by("number").first().text
    assert first_decision == "To approve the minutes of the first meeting (GV-CDI/MIN.1/23)."


def test_loading_the_demo_again_writes_no_minutes():
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 records written)" in out.getvalue()


def test_the_first_meetings_procedural_decisions_are_in_the_register(client):
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse

    from meetings.models import Decision

    call_command("load_demo", stdout=io.StringIO())
    first = Minutes.objects.get(meeting__number=1)
    decisions = list(first.decisions.select_related("agenda_item"))
    assert [d.kind for d in decisions] == ["procedural", "procedural", "adoption", "procedural"]
    assert decisions[0].agenda_item.title == "How the group will work"
    assert all(d.text_es and d.text_fr and d.text_pt for d in decisions)
    assert decisions[2].actions.get().secretariat_unit.acronym == "SSD"

    group = first.meeting.group
    page = client.get(
        reverse("meetings:group_decisions", kwargs={"slug": group.slug}) + "?kind=procedural"
    ).content.decode()
    assert "Secretariat for Strengthening Democracy facilitates" in page
    assert Decision.objects.visible_to(AnonymousUser()).filter(minutes=first).count() == 4
