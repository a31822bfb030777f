"""A focal point invites a delegate; the person creates an account from the invitation and accepts; the
secretariat confirms; the new delegate registers for the next meeting; staff confirm attendance from it."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from config.management.commands.load_demo import DEMO_PASSWORD, GROUP_SLUG
from meetings.models import Attendance, Meeting, Registration
from members.demo.delegates import demo_email
from members.models import Delegate, Invitation
from tests.conftest import login_as
from tests.e2e.conftest import assert_no_axe_violations, login
from tests.factories import make_secretariat

NEWCOMER = "nadia.roy@canada.example"
NEWCOMER_PASSWORD = "maple-leaf-delegation-42"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def link_in(message, pattern: str) -> str:
    """The path of the first link in an email whose path matches `pattern` (links name the configured site)."""
    for link in re.findall(r"https?://\S+", message.body):
        parts = urlsplit(link)
        if re.search(pattern, parts.path):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link matching {pattern} in {message.body!r}")


def new_page(browser):
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(15_000)
    return page


def staff_page(browser, live_server):
    """Staff sign in with a second factor; the browser takes over an authenticated session."""
    page = new_page(browser)
    client = Client()
    login_as(client, make_secretariat())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def test_invited_delegate_registers_and_staff_confirm_attendance_from_the_registration(
    browser, live_server, demo
):
    meeting = Meeting.objects.get(group__slug=GROUP_SLUG, number=3)

    # 1. Canada's focal point invites a colleague from the mission's page.
    focal = new_page(browser)
    login(focal, live_server, demo_email("CA"), DEMO_PASSWORD)
    focal.goto(f"{live_server.url}/en/missions/CA/")
    assert_no_axe_violations(focal)
    invite_form = focal.locator("form[action$='/invite/']")
    invite_form.get_by_label("Full name").fill("Nadia Roy")
    invite_form.get_by_label("Email address").fill(NEWCOMER)
    invite_form.get_by_label("Title").select_option(label="Adviser")
    invite_form.get_by_label("Language of the invitation").select_option(label="English")
    invite_form.get_by_role("button", name="Send the invitation").click()
    expect(focal.get_by_role("alert").or_(focal.get_by_role("status")).first).to_contain_text(NEWCOMER)
    invitation = Invitation.objects.get(email=NEWCOMER)
    assert (invitation.member_state.iso2, invitation.title, invitation.status) == ("CA", "adviser", "pending")
    expect(focal.locator("body")).to_contain_text("Nadia Roy")

    # 2. The person opens the emailed link, creates an account, confirms the address and accepts.
    [sent] = [m for m in mail.outbox if m.to == [NEWCOMER]]
    invitation_path = link_in(sent, r"/invitations/")
    person = new_page(browser)
    person.goto(f"{live_server.url}{invitation_path}")
    expect(person.get_by_role("heading", level=1)).to_contain_text("Canada")
    assert_no_axe_violations(person)
    person.get_by_role("link", name="Create an account").click()
    person.get_by_label("Email").fill(NEWCOMER)
    person.locator("#id_password1").fill(NEWCOMER_PASSWORD)
    person.locator("#id_password2").fill(NEWCOMER_PASSWORD)
    person.get_by_role("button", name="Sign Up").click()
    person.wait_for_load_state()
    confirmation = [m for m in mail.outbox if m.to == [NEWCOMER] and m is not sent][-1]
    person.goto(f"{live_server.url}{link_in(confirmation, r'/confirm-email/')}")
    person.get_by_role("button", name="Confirm").click()
    person.wait_for_load_state()
    person.goto(f"{live_server.url}{invitation_path}")
    person.get_by_role("button", name="Accept the invitation").click()
    expect(person.get_by_role("status").or_(person.get_by_role("alert")).first).to_contain_text(
        "The secretariat will confirm"
    )
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED
    assert not Delegate.objects.filter(user__email=NEWCOMER).exists()

    # 3. The secretariat confirms the accreditation on the mission's page.
    staff = staff_page(browser, live_server)
    staff.goto(f"{live_server.url}/en/missions/CA/")
    staff.get_by_role("button", name="Confirm Nadia Roy").click()
    expect(staff.locator("body")).to_contain_text("Nadia Roy is now accredited")
    delegate = Delegate.objects.active().get(user__email=NEWCOMER)
    assert (delegate.member_state.iso2, delegate.title) == ("CA", "adviser")

    # 4. The new delegate registers for the next meeting from their page.
    person.goto(f"{live_server.url}/en/me/")
    row = person.locator("li", has=person.get_by_test_id("my-registration")).filter(has_text="Third meeting")
    expect(row.get_by_test_id("my-registration")).to_contain_text("You are not registered.")
    assert_no_axe_violations(person)
    row.get_by_role("link", name="Register").click()
    person.get_by_label("How Nadia Roy attends").select_option(label="Online")
    person.get_by_role("button", name=re.compile(r"^Register\W+Nadia Roy$")).click()
    status = person.locator("tr", has_text="Nadia Roy").get_by_test_id("registration-status")
    expect(status).to_have_text("Online")
    assert_no_axe_violations(person)
    registration = Registration.objects.active().get(meeting=meeting, user__email=NEWCOMER)
    assert (registration.member_state.iso2, registration.mode) == ("CA", "online")
    assert status.inner_text() == registration.get_mode_display()

    # 5. Staff see the registration and confirm Canada's attendance from it (Canada also registered
    #    its focal point in person in the demo: in person wins, as the page says).
    staff.goto(f"{live_server.url}/en/meetings/{meeting.pk}/registrations/")
    expect(staff.locator("body")).to_contain_text("Nadia Roy")
    staff.goto(f"{live_server.url}/en/meetings/{meeting.pk}/attendance/")
    canada = staff.locator("form[data-state='CA']")
    expect(canada.get_by_test_id("expected")).to_be_visible()
    expected = Registration.objects.modes_by_state(meeting)[delegate.member_state_id]
    checked = canada.locator("input[name=status]:checked").get_attribute("value")
    assert checked == {"in_person": "present_in_person", "online": "present_online"}[expected]
    assert_no_axe_violations(staff)
    canada.get_by_role("button", name=re.compile(r"^Confirm as registered")).click()
    canada = staff.locator("form[data-state='CA']")
    expect(canada.get_by_role("status")).to_have_text("Saved")
    attendance = Attendance.objects.get(meeting=meeting, member_state=delegate.member_state)
    assert attendance.status == checked
    expect(canada.locator("input[name=status]:checked")).to_have_attribute("value", attendance.status)
    expect(canada.get_by_test_id("expected")).to_have_count(0)
