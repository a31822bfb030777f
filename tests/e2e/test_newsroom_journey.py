"""A visitor reads the newsroom in two languages and takes the PDF; staff report a held meeting."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import login_as
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories import make_secretariat


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    # The demo's releases get their PDFs when the loading transaction commits.
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in_as(page, live_server, user):
    client = Client()
    login_as(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_visitor_searches_reads_switches_to_spanish_and_downloads_the_pdf(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Newsroom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsroom")
    assert_no_axe_violations(page)

    page.get_by_role("searchbox", name="Search").fill("work plan")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("status")).to_contain_text("match")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("holds its first meeting")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("holds its first meeting")
    expect(page.get_by_test_id("reference")).to_have_text("E-079/23")
    expect(page.get_by_text("Washington, D.C., Nov. 21, 2023")).to_be_visible()
    expect(page.locator('link[rel="alternate"][hreflang="es"]')).to_have_count(1)
    assert_no_axe_violations(page)

    page.get_by_role("navigation", name="Other languages").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/newsroom/s-079-23/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("celebra su primera reunión")
    expect(page.get_by_test_id("reference")).to_have_text("S-079/23")
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "s-079-23.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_staff_draft_a_release_from_the_held_meeting_and_publish_it(page, live_server, demo):
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/en/newsroom/manage/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Draft a release from a held meeting").click()
    assert_no_axe_violations(page)

    meetings = page.get_by_label("Held meeting")
    meetings.select_option(meetings.locator("option", has_text="First meeting").first.get_attribute("value"))
    page.get_by_label("Language of the release").select_option("en")
    page.get_by_role("button", name="Write the draft").click()

    expect(page.get_by_test_id("status")).to_have_text("Draft")
    body = page.get_by_label("Body")
    expect(body).to_have_value(re.compile(r"Representatives of \d+ countries took part\."))
    expect(body).to_have_value(re.compile("Simón Bolívar"))
    page.get_by_label("Title").fill("Voluntary Group meets for the first time")
    # The live preview follows the text as staff type.
    expect(page.locator("#press-preview")).to_contain_text("Voluntary Group meets for the first time")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Save draft").click()

    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_test_id("status")).to_have_text("In review")
    page.on("dialog", lambda dialog: dialog.accept())
    # Four eyes: the member of staff who sent it for review may not publish it.
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("another member of the secretariat must schedule or publish it")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("In review")

    editing = page.url
    page.context.clear_cookies()
    log_in_as(page, live_server, make_secretariat("reviewer@secretariat.example"))
    page.goto(editing)
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_test_id("status")).to_have_text("Published")
    expect(page.get_by_test_id("reference")).to_have_text(re.compile(r"^E-\d{3}/\d{2}$"))
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voluntary Group meets for the first time")
    expect(page.get_by_role("link", name="The meeting")).to_be_visible()
    assert_no_axe_violations(page)
