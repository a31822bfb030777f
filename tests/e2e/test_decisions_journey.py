"""Staff record a procedural decision of a held meeting (the group's officer changes with it) and follow it up."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from config.management.commands.load_demo import GROUP_SLUG
from groups.models import Officer
from meetings.models import Decision, FollowUpAction, Meeting
from tests.conftest import login_as
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories import make_secretariat


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_staff_record_a_coordinator_s_appointment_and_close_its_follow_up(page, live_server, demo):
    client = Client()
    login_as(client, make_secretariat())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    second = Meeting.objects.get(group__slug=GROUP_SLUG, number=2)

    page.goto(f"{live_server.url}/en/meetings/{second.pk}/")
    page.get_by_role("link", name="Record a decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a decision")
    assert_no_axe_violations(page)

    # A state that does not support the group is refused, with the reason, and nothing is saved.
    page.get_by_label("Agenda item").select_option(index=3)
    page.get_by_label("Kind").select_option("procedural")
    page.get_by_label("Decision (English)").fill("Mexico's representative coordinates the group.")
    page.get_by_label("What the decision changes").select_option("appoint")
    page.get_by_label("Role").select_option(label="Coordinator")
    page.get_by_label("Member state").select_option(label="Honduras")
    page.get_by_label("Person", exact=True).fill("Ana Ruiz")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("body")).to_contain_text("does not support this group")
    assert not Decision.objects.filter(text__startswith="Mexico's").exists()
    assert_no_axe_violations(page)

    page.get_by_label("Member state").select_option(label="Mexico")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Decision \d+$"))
    decision = Decision.objects.get(text="Mexico's representative coordinates the group.")
    assert (decision.officer.role, decision.officer.member_state.iso2) == (Officer.Role.COORDINATOR, "MX")
    expect(page.locator(".decision-text")).to_have_text(decision.text)

    page.get_by_label("What is to be done").fill("Circulate the coordinator's contact details")
    page.get_by_label("Responsible secretariat unit").select_option(index=1)
    page.get_by_label("Due date").fill("2031-01-15")
    page.get_by_role("button", name="Add the action").click()
    action = FollowUpAction.objects.get(decision=decision)
    row = page.locator("tr.follow-up-action")
    expect(row).to_contain_text(action.what)
    expect(row).to_contain_text("2031-01-15")
    assert_no_axe_violations(page)
    row.get_by_role("button", name="Mark Done").click()
    expect(page.locator("tr.follow-up-action .action-status")).to_have_text("Done")
    assert FollowUpAction.objects.get(pk=action.pk).status == "done"
