"""The loaded demo, used as people would today: a delegate comments in the open round, staff take
attendance at the next meeting, a visitor takes the first press release as a PDF.

Each journey compares what the page shows with what is stored (deadlines, counts, the PDF's text).
"""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from config.management.commands.load_demo import DEMO_PASSWORD, GROUP_SLUG
from groups.models import WorkingGroup
from meetings.models import Attendance, Meeting
from members.models import MemberState
from press.models import PressRelease
from tests.conftest import login_as
from tests.e2e.conftest import assert_no_axe_violations, login
from tests.factories import make_secretariat
from tests.shown import parse_shown
from workplans.models import Comment, CommentRound


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    call_command("load_demo", stdout=io.StringIO())
    return WorkingGroup.objects.get(slug=GROUP_SLUG)


def log_in_as(page, live_server, user):
    """Staff sign in with a second factor; the browser takes over an authenticated session."""
    client = Client()
    login_as(client, user)  # with the second factor, as staff pages require
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_a_demo_delegate_reads_the_open_rounds_deadline_and_comments(page, live_server, demo):
    open_round = CommentRound.objects.open_at(timezone.now()).select_related("version__plan").get()
    zone = demo.time_zone

    # Chile's demo delegate: one of the states that had nobody to act for it before.
    login(page, live_server, "delegate.cl@plenary.test", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Comment rounds open to Chile")).to_be_visible()
    assert_no_axe_violations(page)
    listed = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=open_round.version.plan.title)
    )
    assert parse_shown(listed.inner_text(), zone) == open_round.deadline

    listed.get_by_role("link", name=open_round.version.plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments on version 2")
    assert_no_axe_violations(page)
    deadline_text = page.locator(".deadline strong").inner_text()
    assert deadline_text.startswith("Comments close on") and f"({zone})" in deadline_text
    assert parse_shown(deadline_text, zone) == open_round.deadline
    expect(page.get_by_role("heading", name="Comments of Chile")).to_be_visible()
    expect(page.get_by_text("Chile has not commented yet.")).to_be_visible()

    page.get_by_role("link", name="Write a comment for Chile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New comment on behalf of Chile")
    assert parse_shown(page.locator(".deadline strong").inner_text(), zone) == open_round.deadline
    assert_no_axe_violations(page)
    body = "Chile welcomes the revised draft and asks that the report be shared with the Permanent Council."
    page.get_by_label("Comment", exact=True).fill(body)
    page.get_by_role("button", name="Send comment").click()

    expect(page.get_by_role("status").first).to_contain_text("sent on behalf of Chile")
    mine = page.get_by_role("table", name=re.compile("Your delegation's comments"))
    expect(mine).to_contain_text(body)
    assert_no_axe_violations(page)
    comment = Comment.objects.get(round=open_round, member_state__iso2="CL")
    assert comment.body == body and comment.author.email == "delegate.cl@plenary.test"
    assert not comment.is_late


def shown_total(page, label: str) -> str:
    return (
        page.locator("#attendance-totals div").filter(has=page.get_by_text(label, exact=True)).locator("dd")
    )


def test_staff_take_attendance_at_the_next_meeting_and_the_totals_match_the_records(page, live_server, demo):
    meeting = Meeting.objects.get(group=demo, number=3)
    local = meeting.local_starts_at
    log_in_as(page, live_server, make_secretariat())

    page.goto(f"{live_server.url}/en/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Third meeting")
    when = page.locator(f"time[datetime='{meeting.starts_at.astimezone(datetime.UTC).isoformat()}']")
    expect(when).to_contain_text(f"{local:%A} {local.day} {local:%B %Y}, 10:00–12:30")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Attendance", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance at the Third meeting")
    expect(page.get_by_test_id("countries-present")).to_have_text("0")
    assert_no_axe_violations(page)

    # 13 supporting states: one short of the quorum of a majority of 26.
    in_person = ["AR", "BR", "CA", "CL", "CO", "CR", "DO", "EC", "GT", "MX", "PA", "US"]
    online = ["JM"]
    plan = [
        *((iso2, "Present in person") for iso2 in in_person),
        *((iso2, "Present online") for iso2 in online),
    ]
    plan += [
        ("HN", "Present in person"),
        ("PY", "Excused"),
    ]  # Honduras observes; it does not support the group
    for iso2, choice in plan:
        row = page.locator(f"form[data-state='{iso2}']")
        if row.get_by_role("radio", name=choice, exact=True).is_checked():
            # Pre-filled from the delegation's registration: staff confirm it as registered.
            row.get_by_role("button", name=re.compile(r"^Confirm as registered")).click()
        else:
            row.get_by_text(choice, exact=True).click()
        expect(page.locator(f"form[data-state='{iso2}']").get_by_role("status")).to_have_text("Saved")
    assert_totals_match(page, meeting)
    expect(page.get_by_test_id("quorum")).to_have_text("Not met (14 needed)")

    page.locator("form[data-state='UY']").get_by_text("Present online", exact=True).click()
    expect(page.locator("form[data-state='UY']").get_by_role("status")).to_have_text("Saved")
    assert_totals_match(page, meeting)
    expect(page.get_by_test_id("quorum")).to_have_text("Met (14 needed)")
    assert_no_axe_violations(page)


def assert_totals_match(page, meeting):
    """Each shown total equals the count of stored Attendance records."""
    records = Attendance.objects.filter(meeting=meeting)
    supporting = set(
        meeting.group.memberships.current(meeting.local_date()).values_list("member_state", flat=True)
    )
    present = records.present()
    in_person = records.filter(status=Attendance.Status.PRESENT_IN_PERSON).count()
    online = records.filter(status=Attendance.Status.PRESENT_ONLINE).count()
    supporting_present = present.filter(member_state__in=supporting).count()
    needed = len(supporting) // 2 + 1
    expect(page.get_by_test_id("countries-present")).to_have_text(str(present.count()))
    expect(shown_total(page, "In person / online")).to_have_text(f"{in_person} / {online}")
    expect(shown_total(page, "Supporting states present")).to_have_text(
        f"{supporting_present} of {len(supporting)}"
    )
    verdict = "Met" if supporting_present >= needed else "Not met"
    expect(page.get_by_test_id("quorum")).to_have_text(f"{verdict} ({needed} needed)")
    assert records.filter(member_state=MemberState.objects.get(iso2="HN")).get().is_present()


def test_a_visitor_downloads_the_first_press_release_and_its_pdf_carries_the_reference(
    page, live_server, demo
):
    release = PressRelease.objects.get(reference="E-079/23")
    page.goto(f"{live_server.url}/en/newsroom/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsroom")
    page.get_by_role("link", name=release.title).click()
    expect(page.get_by_test_id("reference")).to_have_text("E-079/23")
    expect(page.get_by_text("Simón Bolívar room")).to_be_visible()
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("PDF")).first.click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    assert data[:5] == b"%PDF-"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "E-079/23" in text
    assert "15 countries" in re.sub(r"\s+", " ", text)
