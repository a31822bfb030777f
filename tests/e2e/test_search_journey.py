"""A visitor searches everything, filters by kind and opens a result; the API's docs run under the CSP."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_visitor_searches_filters_and_opens_a_meeting(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Search for").fill("meeting")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("for “meeting”")
    assert_no_axe_violations(page)
    page.get_by_label("Kind").select_option(label="Meetings")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("list").filter(has=page.locator("mark")).get_by_role("listitem")
    expect(results.first).to_contain_text("Meetings")
    results.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/meetings/\d+/$"))


def test_a_query_too_long_is_refused_with_a_message(page, live_server, demo):
    page.goto(f"{live_server.url}/en/search/?q={'x' * 300}")
    expect(page.get_by_role("alert")).to_have_text("Search for at most 200 characters.")
    assert_no_axe_violations(page)


def test_the_api_docs_run_under_the_strict_policy(page, live_server, demo):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security" in message.text else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/meetings", exact=True).first).to_be_visible()
    assert refused == []
