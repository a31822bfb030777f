"""Staff write and circulate the minutes of a held meeting; the PDF is tagged; a delegate asks for a correction."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from config.management.commands.load_demo import GROUP_SLUG
from groups.models import WorkingGroup
from meetings.models import Meeting, Minutes, MinutesCorrection
from members.models import User
from tests.e2e.conftest import PASSWORD, assert_no_axe_violations, login
from tests.e2e.test_meetings_journey import log_in_as
from tests.factories import make_secretariat


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(email="delegate.us@plenary.test")
    user.set_password(PASSWORD)
    user.save()


def test_staff_draft_and_circulate_minutes_and_download_the_tagged_pdf(page, live_server, demo):
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    second = Meeting.objects.get(group=group, number=2)
    assert second.status == Meeting.Status.HELD
    # The demo's minutes of the second meeting are already circulated; this journey writes them anew.
    Minutes.objects.filter(meeting=second).delete()
    log_in_as(page, live_server, make_secretariat())

    page.goto(f"{live_server.url}/en/meetings/{second.pk}/")
    page.get_by_role("button", name="Write the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the minutes")
    assert_no_axe_violations(page)

    page.get_by_label("1. Adoption of the agenda").fill("The agenda was adopted without changes.")
    page.get_by_label("Decision 1").fill("The group adopts its name and rules of procedure.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Minutes of the Second meeting")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Circulate for corrections").click()
    page.get_by_label("Delegations may send corrections until").fill("2020-01-01")
    page.get_by_role("button", name="Circulate").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("after today")
    assert_no_axe_violations(page)
    until = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Delegations may send corrections until").fill(until.isoformat())
    page.get_by_role("button", name="Circulate").click()
    expect(page.get_by_text("corrections are accepted until")).to_be_visible()
    assert Minutes.objects.get(meeting=second).status == Minutes.Status.CIRCULATED

    pdf_url = page.get_by_role("link", name="Download the minutes (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{pdf_url}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "The group adopts its name and rules of procedure." in text
    assert "Circulated for corrections" in text
    assert len(reader.pages) >= 1
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert "Minutes of the Second meeting" in reader.metadata.title


def test_a_delegate_asks_for_a_correction_and_the_public_reads_published_minutes(page, live_server, demo):
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    first = Meeting.objects.get(group=group, number=1)

    page.goto(f"{live_server.url}/en/meetings/{first.pk}/minutes/")
    expect(page.get_by_role("heading", name="Decisions and agreements")).to_be_visible()
    assert_no_axe_violations(page)

    minutes = Minutes.objects.get(meeting=first)
    Minutes.objects.filter(pk=minutes.pk).update(
        status=Minutes.Status.CIRCULATED,
        approved_at_meeting=None,
        corrections_until=timezone.localdate() + datetime.timedelta(days=3),
    )
    login(page, live_server, "delegate.us@plenary.test")
    page.goto(f"{live_server.url}/en/meetings/{first.pk}/minutes/")
    page.get_by_role("button", name="Send the correction").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Correction requested by your delegation").fill("Please record our support for item 4.")
    page.get_by_role("button", name="Send the correction").click()
    expect(page.get_by_text("Please record our support for item 4.")).to_be_visible()
    assert_no_axe_violations(page)
    assert MinutesCorrection.objects.get().member_state.iso2 == "US"
