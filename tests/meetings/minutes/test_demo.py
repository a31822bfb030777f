import io

import pytest
from django.core.management import call_command

from meetings.models import Minutes

pytestmark = pytest.mark.django_db


def test_demo_has_the_first_meetings_minutes_approved_at_the_second_and_published():
    call_command("load_demo", stdout=io.StringIO())
    minutes = Minutes.objects.select_related("meeting", "approved_at_meeting").get()

    assert minutes.meeting.number == 1
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.approved_at_meeting.number == 2
    assert minutes.items.count() == 5
    decisions = [decision.text for decision in minutes.decisions.all()]
    assert len(decisions) == 3
    assert "11 December 2023" in decisions[2]


def test_loading_the_demo_again_writes_no_minutes():
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 records written)" in out.getvalue()
