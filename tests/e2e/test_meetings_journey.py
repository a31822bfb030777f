"""Secretariat staff schedule a meeting, build its agenda, take attendance, and a delegate gets the .ics."""

import re

import icalendar
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from config.management.commands.load_demo import GROUP_SLUG
from groups.models import WorkingGroup
from meetings.models import Attendance, Meeting
from members.demo.states import FIRST_MEETING_PRESENT
from tests.conftest import login_as
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories import make_secretariat


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in_as(page, live_server, user):
    """Staff sign in with a second factor; the browser takes over an authenticated session."""
    client = Client()
    login_as(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def agenda_titles(page):
    return page.locator("#agenda-list .agenda-item strong").all_inner_texts()


def test_staff_schedule_a_meeting_build_the_agenda_and_record_attendance(page, live_server, demo):
    staff = make_secretariat()
    log_in_as(page, live_server, staff)

    # The demo has held two meetings and scheduled a third: this one is the fourth.
    page.goto(f"{live_server.url}/en/groups/{GROUP_SLUG}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="New meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New meeting")
    assert_no_axe_violations(page)

    # Bad input first: the end before the start is refused next to the field.
    page.get_by_role("group", name="Title").get_by_label("English").fill("Work plan review")
    page.get_by_label("Date").fill("2031-05-12")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("09:00")
    page.get_by_label("Room").select_option(label="Simón Bolívar room, OAS headquarters")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_end_time + .invalid-feedback, #error_1_id_end_time").first).to_contain_text(
        "end after it starts"
    )
    assert not Meeting.objects.filter(number=4).exists()
    assert_no_axe_violations(page)

    page.get_by_label("Ends at").fill("12:30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agenda of the Fourth meeting")
    assert_no_axe_violations(page)

    for title in ("Adoption of the agenda", "Draft work plan", "Other business"):
        page.get_by_role("group", name="Title").get_by_label("English").fill(title)
        page.get_by_role("button", name="Add item").click()
        expect(page.locator("#agenda-list")).to_contain_text(title)
    assert agenda_titles(page) == ["Adoption of the agenda", "Draft work plan", "Other business"]

    # Reorder by keyboard: focus "Down" on the first item and press Enter twice; focus follows the item.
    page.get_by_role("button", name=re.compile(r"^Down\W+Adoption of the agenda$")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-list .agenda-item").nth(1)).to_contain_text("Adoption of the agenda")
    expect(page.get_by_role("button", name=re.compile(r"^Down\W+Adoption of the agenda$"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-list .agenda-item").nth(2)).to_contain_text("Adoption of the agenda")
    assert agenda_titles(page) == ["Draft work plan", "Other business", "Adoption of the agenda"]
    page.get_by_role("button", name=re.compile(r"^Up\W+Adoption of the agenda$")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-list .agenda-item").nth(1)).to_contain_text("Adoption of the agenda")
    meeting = Meeting.objects.get(group__slug=GROUP_SLUG, number=4)
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == [
        "Draft work plan",
        "Adoption of the agenda",
        "Other business",
    ]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Meeting page").click()
    page.get_by_role("button", name=re.compile("Schedule")).click()
    expect(page.get_by_role("status").first).to_contain_text("The meeting is scheduled")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Attendance", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance at the Fourth meeting")
    assert_no_axe_violations(page)
    by_mouse, by_keyboard = FIRST_MEETING_PRESENT[:-1], FIRST_MEETING_PRESENT[-1]
    for iso2 in by_mouse:
        row = page.locator(f"form[data-state='{iso2}']")
        row.get_by_text("Present in person").click()
        expect(page.locator(f"form[data-state='{iso2}']").get_by_role("status")).to_have_text("Saved")
    # One state by keyboard alone: focus its choices, arrow to "Present online".
    page.locator(f"form[data-state='{by_keyboard}'] input[value='absent']").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"form[data-state='{by_keyboard}']").get_by_role("status")).to_have_text("Saved")
    expect(page.get_by_test_id("countries-present")).to_have_text("15")
    expect(page.get_by_test_id("quorum")).to_contain_text("Met (14 needed)")
    assert_no_axe_violations(page)
    assert Attendance.objects.filter(meeting=meeting).present().count() == 15
    assert Attendance.objects.get(meeting=meeting, member_state__iso2=by_keyboard).status == "present_online"
    assert meeting.attendance_summary().supporting_present == 15

    with page.expect_download() as download_info:
        page.goto(f"{live_server.url}/en/meetings/{meeting.pk}/")
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(open(download_info.value.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").hour == 10
    assert "Simón Bolívar room" in str(event["LOCATION"])
    assert int(event["SEQUENCE"]) == 0
    assert WorkingGroup.objects.get(slug=GROUP_SLUG).meetings.count() == 4
    assert_no_axe_violations(page)


def test_every_meeting_page_passes_axe_for_staff_delegates_and_visitors(page, live_server, demo, tmp_path):
    staff = make_secretariat()
    first = Meeting.objects.get(group__slug=GROUP_SLUG, number=1)
    page.goto(f"{live_server.url}/en/meetings/")
    expect(page.get_by_role("table")).to_contain_text("First meeting")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/en/meetings/{first.pk}/")
    expect(page.get_by_test_id("countries-present")).to_have_text("15")
    expect(page.get_by_role("region", name="Presentations")).to_contain_text(
        "Secretariat for Hemispheric Affairs"
    )
    assert_no_axe_violations(page)

    log_in_as(page, live_server, staff)
    for path in ("attendance", "agenda", "presentations", "copy", "documents"):
        page.goto(f"{live_server.url}/en/meetings/{first.pk}/{path}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)

    # A file that is not what its name says is refused next to the field.
    fake = tmp_path / "minutes.pdf"
    fake.write_bytes(b"MZ this is a program")
    # The new-paper form; each listed paper has its own "add a language" form with a file field.
    upload = page.get_by_role("region", name="Upload a document")
    upload.get_by_label("File").set_input_files(str(fake))
    upload.get_by_label("Title").fill("Not really a PDF")
    upload.get_by_role("button", name="Upload").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("not a PDF")
    assert_no_axe_violations(page)

    second = Meeting.objects.get(group__slug=GROUP_SLUG, number=2)
    second.status = Meeting.Status.SCHEDULED
    second.save()
    for path in ("edit", "postpone", "cancel"):
        page.goto(f"{live_server.url}/en/meetings/{second.pk}/{path}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)


def test_delegate_checks_in_during_the_meeting_and_staff_confirm(page, live_server, demo):
    import datetime

    from django.utils import timezone

    from meetings import services
    from members.models import User

    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    now = timezone.now().replace(second=0, microsecond=0)
    meeting = services.create_meeting(
        group=group,
        format=Meeting.Format.HYBRID,
        starts_at=now - datetime.timedelta(minutes=15),
        ends_at=now + datetime.timedelta(hours=2),
        video_link="https://video.example/plenary-42",
    )
    services.schedule_meeting(meeting=meeting)

    log_in_as(page, live_server, User.objects.get(email="delegate.br@plenary.test"))
    page.goto(f"{live_server.url}/en/meetings/{meeting.pk}/")
    expect(page.get_by_role("link", name="https://video.example/plenary-42")).to_be_visible()
    assert_no_axe_violations(page)
    checkin = page.get_by_role("region", name="Check in your delegation")
    checkin.get_by_label("Present online").check()
    checkin.get_by_label("Members of the delegation present").fill("Beatriz Almeida")
    checkin.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("status").first).to_contain_text("Your delegation is checked in")
    expect(page.get_by_role("region", name="Check in your delegation")).to_contain_text(
        "Waiting for the secretariat"
    )
    assert_no_axe_violations(page)

    page.context.clear_cookies()
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/en/meetings/{meeting.pk}/attendance/")
    brazil = page.locator("form[data-state='BR']")
    expect(brazil).to_contain_text("checked in by the delegation")
    expect(brazil.get_by_label("Delegation members")).to_have_value("Beatriz Almeida")
    assert_no_axe_violations(page)
    brazil.get_by_role("button", name=re.compile("Confirm check-in")).click()
    expect(page.locator("form[data-state='BR']")).not_to_contain_text("checked in by the delegation")
    expect(page.get_by_test_id("countries-present")).to_have_text("1")
    assert Attendance.objects.get(meeting=meeting, member_state__iso2="BR").confirmed_by is not None


def test_staff_drag_an_agenda_item_with_the_mouse(page, live_server, demo):
    first = Meeting.objects.get(group__slug=GROUP_SLUG, number=1)
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/en/meetings/{first.pk}/agenda/")
    items = page.locator("#agenda-list .agenda-item")
    expect(items.first).to_contain_text("Opening and purpose of the group")
    items.nth(0).drag_to(items.nth(2), target_position={"x": 20, "y": 40})
    expect(page.locator("#agenda-list .agenda-item").first).to_contain_text("The secretariats' work")
    page.wait_for_load_state("networkidle")
    titles = list(first.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles.index("Opening and purpose of the group") > 0
    assert titles == agenda_titles(page)
