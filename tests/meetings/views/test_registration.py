"""The delegation's registration page, the staff page by state, the CSV, my page and attendance pre-fill."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Registration
from members.models import Delegate
from tests.conftest import client_for
from tests.factories import DelegateFactory, MembershipFactory, MemberStateFactory, UserFactory
from tests.meetings.factories import MeetingFactory
from tests.shown import parse_shown, text_of

IN_PERSON, ONLINE = Registration.Mode.IN_PERSON, Registration.Mode.ONLINE


def page(meeting):
    return reverse("meetings:registration", kwargs={"pk": meeting.pk})


def staff_page(meeting):
    return reverse("meetings:registrations", kwargs={"pk": meeting.pk})


@pytest.fixture
def focal_point_us(us):
    return DelegateFactory(
        user=UserFactory(email="fiona@us-mission.example", full_name="Fiona Focal"),
        member_state=us,
        is_focal_point=True,
    ).user


def deadline_text(html):
    start = html.index('data-testid="registration-deadline"')
    return text_of(html[start : html.index("</p>", start)])


def test_a_delegate_registers_themself_online(delegate_us_client, delegate_us, meeting):
    response = delegate_us_client.post(page(meeting), {"action": "register", "mode": ONLINE})
    assert response.status_code == 302
    record = Registration.objects.get()
    assert (record.user, record.mode) == (delegate_us, ONLINE)
    html = delegate_us_client.get(page(meeting)).content.decode()
    assert 'data-testid="registration-status">Online<' in html


def test_a_plain_delegate_sees_only_themself_and_cannot_register_a_colleague(
    delegate_us_client, focal_point_us, meeting
):
    html = delegate_us_client.get(page(meeting)).content.decode()
    assert "Fiona Focal" not in html
    response = delegate_us_client.post(
        page(meeting), {"action": "register", "person": focal_point_us.pk, "mode": ONLINE}, follow=True
    )
    assert "focal point or Permanent Representative" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_focal_point_registers_and_cancels_a_colleague(focal_point_us, delegate_us, meeting):
    web = client_for(focal_point_us)
    assert "Bob Delegate" in web.get(page(meeting)).content.decode()
    web.post(page(meeting), {"action": "register", "person": delegate_us.pk, "mode": IN_PERSON})
    record = Registration.objects.get(user=delegate_us)
    assert record.registered_by == focal_point_us
    web.post(page(meeting), {"action": "cancel", "registration": record.pk})
    record.refresh_from_db()
    assert record.cancelled_at is not None


@pytest.mark.parametrize("who", ["non_member_client", "secretariat_client"])
def test_those_outside_the_supporting_delegations_are_forbidden(request, who, meeting):
    web = request.getfixturevalue(who)
    assert web.get(page(meeting)).status_code == 403
    assert web.post(page(meeting), {"action": "register", "mode": ONLINE}).status_code == 403
    assert not Registration.objects.exists()


def test_a_draft_meeting_is_not_found_by_delegates(delegate_us_client, draft_meeting):
    assert delegate_us_client.get(page(draft_meeting)).status_code == 404


def test_the_deadline_shown_is_the_one_enforced(delegate_us_client, group):
    starts = datetime.datetime(2099, 3, 10, 15, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory(group=group, starts_at=starts, time_zone="America/Bogota")
    html = delegate_us_client.get(page(meeting)).content.decode()
    shown = parse_shown(deadline_text(html), meeting.time_zone)
    assert shown == meeting.registration_deadline()
    assert "March 9, 2099, 10 a.m." in deadline_text(html)  # 15:00 UTC the day before, on Bogotá's clock


def test_after_the_deadline_the_page_says_closed_and_registering_is_refused(delegate_us_client, group):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=5))
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_closes_at=(timezone.now() - datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    )
    meeting.refresh_from_db()
    html = delegate_us_client.get(page(meeting)).content.decode()
    assert "Registration closed on" in html
    assert parse_shown(deadline_text(html), meeting.time_zone) == meeting.registration_closes_at
    assert 'name="action" value="register"' not in html
    response = delegate_us_client.post(page(meeting), {"action": "register", "mode": ONLINE}, follow=True)
    assert "has closed" in response.content.decode()
    assert not Registration.objects.exists()


# Staff


def test_staff_see_registrations_by_state_with_counts(secretariat_client, delegate_us, meeting, us):
    Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode=IN_PERSON)
    html = secretariat_client.get(staff_page(meeting)).content.decode()
    assert 'data-testid="in-person">1<' in html
    assert 'data-testid="online">0<' in html
    assert 'data-testid="not-registered">1<' in html  # Brazil
    assert "Bob Delegate · In person" in html


def test_the_staff_page_is_forbidden_to_delegates(delegate_us_client, meeting):
    assert delegate_us_client.get(staff_page(meeting)).status_code == 403
    url = reverse("meetings:registrations_csv", kwargs={"pk": meeting.pk})
    assert delegate_us_client.get(url).status_code == 403


def test_staff_download_the_participants(secretariat_client, delegate_us, meeting, us):
    Registration.objects.create(
        meeting=meeting, member_state=us, user=delegate_us, mode=ONLINE, registered_by=delegate_us
    )
    response = secretariat_client.get(reverse("meetings:registrations_csv", kwargs={"pk": meeting.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Member state"
    assert rows[1] == ["United States", "Bob Delegate", delegate_us.email, "Online", "Bob Delegate"]


def _grow(meeting, count, offset):
    for i in range(offset, offset + count):
        code = f"{chr(88 + i // 26)}{chr(65 + i % 26)}"
        state = MemberStateFactory(iso2=code, iso3=f"{code}X")
        MembershipFactory(group=meeting.group, member_state=state)
        person = DelegateFactory(member_state=state, title=Delegate.Title.ADVISER).user
        Registration.objects.create(meeting=meeting, member_state=state, user=person, mode=ONLINE)


def test_the_staff_page_runs_a_constant_number_of_queries(
    secretariat_client, meeting, django_assert_num_queries
):
    _grow(meeting, 2, 0)
    with CaptureQueriesContext(connection) as queries:
        assert secretariat_client.get(staff_page(meeting)).status_code == 200
    _grow(meeting, 20, 2)
    with django_assert_num_queries(len(queries)):
        html = secretariat_client.get(staff_page(meeting)).content.decode()
    assert 'data-testid="online">22<' in html


def test_the_delegation_page_runs_a_constant_number_of_queries(
    focal_point_us, meeting, us, django_assert_num_queries
):
    web = client_for(focal_point_us)
    with CaptureQueriesContext(connection) as queries:
        assert web.get(page(meeting)).status_code == 200
    for _ in range(10):
        person = DelegateFactory(member_state=us).user
        Registration.objects.create(meeting=meeting, member_state=us, user=person, mode=IN_PERSON)
    with django_assert_num_queries(len(queries)):
        web.get(page(meeting))


# Attendance pre-filled from the registrations


def test_the_attendance_screen_preselects_how_a_registered_state_is_expected(
    secretariat_client, delegate_us, meeting, us
):
    Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode=ONLINE)
    html = secretariat_client.get(reverse("meetings:attendance", kwargs={"pk": meeting.pk})).content.decode()
    row = html[html.index(f'id="attendance-{us.pk}"') :]
    row = row[: row.index("</form>")]
    assert f'id="att-{us.pk}-present_online" checked' in row
    assert 'data-testid="expected"' in row
    assert meeting.attendances.count() == 0  # staff confirm at the meeting
    assert "Confirm as registered" in row


def test_staff_confirm_a_registered_state_with_one_button_and_the_row_shows_what_is_stored(
    secretariat_client, delegate_us, meeting, us
):
    Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode=ONLINE)
    record = reverse("meetings:attendance_record", kwargs={"pk": meeting.pk, "state_pk": us.pk})
    row = secretariat_client.post(record, {"status": "present_online"}, headers={"hx-request": "true"})
    stored = meeting.attendances.get(member_state=us)
    html = row.content.decode()
    assert stored.status == "present_online"
    assert f'id="att-{us.pk}-{stored.status}" checked' in html
    assert "Confirm as registered" not in html and 'data-testid="expected"' not in html


# My page


def test_my_page_shows_the_registration_status_and_a_link_to_register(
    delegate_us, delegate_us_client, meeting, us
):
    register_link = page(meeting)
    html = delegate_us_client.get(reverse("members:me")).content.decode()
    assert "You are not registered." in html and register_link in html
    Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode=IN_PERSON)
    html = delegate_us_client.get(reverse("members:me")).content.decode()
    assert "You are registered: In person." in html and register_link in html


def test_my_page_offers_no_registration_once_it_closed(delegate_us_client, group):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(hours=3))
    html = delegate_us_client.get(reverse("members:me")).content.decode()
    assert "You are not registered." in html
    assert page(meeting) not in html


def test_staff_my_page_has_no_registration_status(secretariat_client, meeting):
    assert "You are not registered." not in secretariat_client.get(reverse("members:me")).content.decode()


def test_the_meeting_page_invites_a_supporting_delegation_to_register(
    delegate_us_client, non_member_client, meeting
):
    detail = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    assert page(meeting) in delegate_us_client.get(detail).content.decode()
    assert page(meeting) not in non_member_client.get(detail).content.decode()


# The deadline, set by staff on the venue's clock


def _edit(web, meeting, **extra):
    from tests.meetings.views.test_manage import create_data

    data = create_data(
        date=meeting.local_starts_at.date().isoformat(),
        start_time=meeting.local_starts_at.strftime("%H:%M"),
        end_time=meeting.local_ends_at.strftime("%H:%M"),
        time_zone=meeting.time_zone,
        room=meeting.room_id,
        **extra,
    )
    return web.post(reverse("meetings:edit", kwargs={"pk": meeting.pk}), data)


def test_staff_set_the_deadline_on_the_venue_clock(secretariat_client, group, room):
    starts = datetime.datetime(2099, 3, 10, 15, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory(group=group, room=room, starts_at=starts, time_zone="America/Bogota")
    response = _edit(secretariat_client, meeting, registration_date="2099-03-05", registration_time="17:30")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.registration_closes_at == datetime.datetime(2099, 3, 5, 22, 30, tzinfo=datetime.UTC)


def test_a_deadline_after_the_start_is_refused(secretariat_client, group, room):
    starts = datetime.datetime(2099, 3, 10, 15, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory(group=group, room=room, starts_at=starts, time_zone="America/Bogota")
    response = _edit(secretariat_client, meeting, registration_date="2099-03-11", registration_time="09:00")
    assert response.status_code == 200
    assert "Registration must close before the meeting starts." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.registration_closes_at is None


def test_postponing_moves_a_deadline_of_its_own_with_the_meeting(meeting, secretariat):
    from meetings import services

    meeting.registration_closes_at = meeting.starts_at - datetime.timedelta(days=2)
    meeting.save()
    later = meeting.starts_at + datetime.timedelta(days=7)
    services.postpone_meeting(
        meeting=meeting,
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
        reason="Clash.",
        changed_by=secretariat,
    )
    meeting.refresh_from_db()
    assert meeting.registration_deadline() == later - datetime.timedelta(days=2)
