"""A visitor subscribes to the group's press releases by email, confirms, reads one and unsubscribes."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from config.management.commands.load_demo import GROUP_SLUG
from groups.models import WorkingGroup
from members.subscriptions import PublicSubscriber
from tests.e2e.conftest import assert_no_axe_violations
from tests.press.helpers import published_release

ADDRESS = "lectora@example.org"
LINK = re.compile(r"https?://[^\s\"'<>]+/(?:subscriptions/confirm|unsubscribe)/[^/\s\"'<>]+/")


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
    mail.outbox.clear()


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def on_live_server(url, live_server):
    """The emailed link (SITE_URL) opened on the test server: same path."""
    return live_server.url + "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_visitor_subscribes_in_spanish_confirms_reads_a_release_and_unsubscribes(page, live_server, demo):
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    page.goto(f"{live_server.url}/es/groups/{GROUP_SLUG}/newsroom/subscribe/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_no_axe_violations(page)
    page.get_by_role("textbox").fill(ADDRESS)
    page.get_by_role("combobox").select_option("es")
    page.get_by_role("button").filter(has_text=re.compile("Suscrib")).click()
    expect(page.locator(".alert, [role=status], [role=alert]").first).to_be_visible()
    assert_no_axe_violations(page)

    # Only the confirmation so far, and nothing is sent before it is followed.
    [confirmation] = emails_to(ADDRESS)
    assert "List-Unsubscribe" not in confirmation.message()
    [confirm_link] = [url for url in LINK.findall(confirmation.body) if "/confirm/" in url]
    assert "/es/" in confirm_link
    assert not PublicSubscriber.objects.get(email=ADDRESS).is_active

    page.goto(on_live_server(confirm_link, live_server))
    assert_no_axe_violations(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[role=status]")).to_be_visible()
    assert_no_axe_violations(page)
    assert PublicSubscriber.objects.get(email=ADDRESS).is_active

    mail.outbox.clear()
    with translation.override("en"):  # staff publish in English; the visitor reads Spanish
        first = published_release(group, language="es", title="El Grupo aprueba su plan de trabajo")
    [release_email] = emails_to(ADDRESS)
    assert "El Grupo aprueba su plan de trabajo" in release_email.subject + release_email.body
    assert first.get_absolute_url() in release_email.body
    headers = release_email.message()
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_link = headers["List-Unsubscribe"].strip("<>")
    assert "/es/unsubscribe/" in header_link
    [body_link] = [url for url in LINK.findall(release_email.body) if "/unsubscribe/" in url]
    assert body_link == header_link

    page.goto(on_live_server(body_link, live_server))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_no_axe_violations(page)
    assert PublicSubscriber.objects.get(email=ADDRESS).is_active  # opening the page ends nothing
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[role=status]")).to_be_visible()
    assert_no_axe_violations(page)
    assert not PublicSubscriber.objects.get(email=ADDRESS).is_active

    mail.outbox.clear()
    published_release(group, language="es", title="Segundo comunicado")
    assert emails_to(ADDRESS) == []
