"""A visitor, a delegate and a secretariat member use the site through a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from members.management.commands.load_demo import DEMO_PASSWORD, GROUP_SLUG
from tests.e2e.conftest import assert_no_axe_violations, login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_visitor_sees_the_group_with_its_26_supporting_states(page, live_server, demo):
    page.goto(f"{live_server.url}/en/groups/{GROUP_SLUG}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Voluntary Group of the Inter-American Democratic Charter"
    )
    supporters = page.get_by_role("region", name=re.compile("Supporting states"))
    expect(supporters.get_by_role("listitem")).to_have_count(26)
    expect(supporters).to_contain_text("26 member states support this group.")
    expect(supporters).to_contain_text("Brazil")
    expect(supporters).not_to_contain_text("Honduras")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Member states").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)


def test_delegate_logs_in_with_email_and_password_and_lands_on_their_page(page, live_server, demo):
    page.goto(f"{live_server.url}/en/accounts/login/")
    assert_no_axe_violations(page)

    login(page, live_server, "delegate.br@plenary.test", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/en/me/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beatriz Almeida")
    expect(page.get_by_role("main")).to_contain_text("Alternate Representative of Brazil")
    expect(
        page.get_by_role("link", name="Voluntary Group of the Inter-American Democratic Charter")
    ).to_be_visible()
    assert_no_axe_violations(page)


def test_delegate_of_a_non_supporting_state_asks_to_join(page, live_server, demo):
    login(page, live_server, "delegate.hn@plenary.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/en/groups/{GROUP_SLUG}/")
    assert_no_axe_violations(page)

    page.get_by_label("Message to the secretariat (optional)").fill("Honduras would like to take part.")
    page.get_by_role("button", name="Ask for Honduras to join").click()

    expect(page.get_by_role("status")).to_contain_text("Your request for Honduras to join has been sent")
    expect(page.get_by_role("region", name="Your delegation")).to_contain_text(
        "is waiting for the secretariat"
    )
    assert_no_axe_violations(page)


def test_secretariat_without_mfa_is_sent_to_set_it_up_before_a_staff_page(page, live_server, demo):
    login(page, live_server, "secretariat@plenary.test", DEMO_PASSWORD)
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/en/join-requests/")

    # allauth asks for the password again before adding an authenticator.
    expect(page.get_by_role("status").first).to_contain_text("need two-factor authentication")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    assert_no_axe_violations(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    expect(page.get_by_label("Authenticator code")).to_be_visible()
    assert_no_axe_violations(page)
