"""A visitor, a delegate and a secretariat member use the site through a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from config.management.commands.load_demo import DEMO_PASSWORD, GROUP_SLUG
from tests.e2e.conftest import assert_no_axe_violations, login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_visitor_sees_the_group_with_its_26_supporting_states(page, live_server, demo):
    page.goto(f"{live_server.url}/en/groups/{GROUP_SLUG}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Voluntary Group of the Inter-American Democratic Charter (GV-CDI)"
    )
    supporters = page.get_by_role("region", name=re.compile("Supporting states"))
    expect(supporters.get_by_role("listitem")).to_have_count(26)
    expect(supporters).to_contain_text("26 member states support this group.")
    expect(supporters).to_contain_text("Brazil")
    expect(supporters).not_to_contain_text("Honduras")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Member states").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Member states")
    expect(page.get_by_role("row", name=re.compile("Nicaragua"))).to_contain_text("Withdrawn")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Working groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Working groups")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Plenary").first.click()
    assert_no_axe_violations(page)


def test_delegate_logs_in_with_email_and_password_and_lands_on_their_page(page, live_server, demo):
    page.goto(f"{live_server.url}/en/accounts/login/")
    assert_no_axe_violations(page)

    login(page, live_server, "delegate.br@plenary.test", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/en/me/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Beatriz Almeida")
    expect(page.get_by_role("main")).to_contain_text("Alternate Representative of Brazil")
    # Exact: the open comment round's link names the group too (its work plan's title).
    expect(
        page.get_by_role("link", name="Voluntary Group of the Inter-American Democratic Charter", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Language and reminder preferences").click()
    page.get_by_label("Preferred language").select_option("pt")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text("Your preferences were saved.")
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


def test_secretariat_with_mfa_manages_supporting_states_and_decides_a_join_request(
    page, live_server, secretariat, group, hn, delegate_of_non_member
):
    from groups.models import JoinRequest
    from tests.factories import TOTP_SECRET, JoinRequestFactory

    JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member, message="Please")
    login(page, live_server, "alice@secretariat.example", totp_secret=TOTP_SECRET)
    expect(page).to_have_url(re.compile(r"/en/me/$"))

    page.goto(f"{live_server.url}/en/groups/{group.slug}/supporting-states/")
    assert_no_axe_violations(page)
    # Submitting without a state shows the error next to the field (htmx swaps the list in place).
    page.get_by_role("button", name="Add").click()
    expect(page.locator("#error_1_id_member_state")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Member state").select_option(label="Honduras")
    page.get_by_label("Supporting since").fill("2024-01-10")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status").filter(has_text="today")).to_have_text(
        "3 states support the group today."
    )
    expect(page.get_by_role("row", name=re.compile("Honduras"))).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Join requests").first.click()
    expect(page.get_by_role("heading", name="Honduras asks to join")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Decline").click()  # no reason: the browser refuses (required)
    page.get_by_label("Reason given to the delegation").fill("Honduras already supports the group.")
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("status").first).to_contain_text("The request was declined")
    assert JoinRequest.objects.get().status == JoinRequest.Status.DECLINED
    assert_no_axe_violations(page)


ANONYMOUS_ACCOUNT_PAGES = [
    "/en/accounts/login/",
    "/en/accounts/signup/",
    "/en/accounts/password/reset/",
    "/en/accounts/password/reset/done/",
    "/en/accounts/confirm-email/",
]
ACCOUNT_PAGES = [
    "/en/me/preferences/",
    "/en/accounts/email/",
    "/en/accounts/password/change/",
    "/en/accounts/2fa/",
    "/en/accounts/2fa/recovery-codes/",
    "/en/accounts/logout/",
]


def test_account_pages_are_accessible(page, live_server, secretariat):
    from tests.factories import TOTP_SECRET

    for path in ANONYMOUS_ACCOUNT_PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_role("button", name="Sign In").click()  # empty form: errors next to the fields
    assert_no_axe_violations(page)

    login(page, live_server, "alice@secretariat.example", totp_secret=TOTP_SECRET)
    for path in ACCOUNT_PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)
