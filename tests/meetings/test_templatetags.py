"""Meetings' parts of the group page and of "my page" (meetings_parts inclusion tags)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from meetings.models import Meeting
from members.permissions import active_delegation, is_secretariat
from tests.conftest import client_for
from tests.factories import MembershipFactory, WorkingGroupFactory
from tests.meetings.factories import MeetingFactory

ME = reverse("members:me")
# Noon-ish in Washington would hide a zone mistake; Bogotá is UTC-5 all year.
FUTURE_START = datetime.datetime(2031, 7, 1, 14, 0, tzinfo=datetime.UTC)


def render(tag: str, user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load meetings_parts %}" + tag).render(Context({"request": request, **context}))


def warm(user) -> None:
    """Roles and delegation are cached on the user by the page's view before the tag runs."""
    is_secretariat(user)
    active_delegation(user)


@pytest.fixture
def bogota_meeting(group, room):
    return MeetingFactory(
        group=group,
        number=7,
        title="Working session",
        room=room,
        time_zone="America/Bogota",
        starts_at=FUTURE_START,
        ends_at=FUTURE_START + datetime.timedelta(hours=2),
    )


@pytest.fixture
def other_group_meeting(br):
    """A meeting of a group Brazil supports and the United States does not."""
    other = WorkingGroupFactory(provisional_name="Group on Ports", provisional_name_en="Group on Ports")
    MembershipFactory(group=other, member_state=br)
    return MeetingFactory(group=other, number=1, title="Ports meeting")


# Group page


def test_group_page_shows_the_groups_meetings_through_the_tag(
    client, group, meeting, held_meeting, draft_meeting
):
    page = client.get(group.get_absolute_url()).content.decode()
    assert 'id="upcoming-meetings"' in page
    assert str(meeting) in page
    assert str(held_meeting) in page
    assert str(draft_meeting) not in page
    assert reverse("meetings:create", args=[group.slug]) not in page


def test_group_page_offers_staff_the_new_meeting_link_and_drafts(secretariat, group, meeting, draft_meeting):
    html = render("{% group_meetings group %}", secretariat, group=group)
    assert reverse("meetings:create", args=[group.slug]) in html
    assert str(draft_meeting) in html


def test_group_meetings_runs_two_queries_however_many_meetings(
    group, room, meeting, held_meeting, django_assert_num_queries
):
    for number in range(10, 16):
        MeetingFactory(group=group, number=number, room=room)
    with django_assert_num_queries(2):
        html = render("{% group_meetings group %}", AnonymousUser(), group=group)
    assert html.count("<li") == 5 + 1  # the next five of seven upcoming, and the held one


# My page


def test_my_page_lists_coming_meetings_of_the_groups_my_state_supports(
    delegate_us_client, bogota_meeting, draft_meeting, held_meeting, other_group_meeting
):
    page = delegate_us_client.get(ME).content.decode()
    assert "Coming meetings" in page
    assert str(bogota_meeting) in page
    assert bogota_meeting.group.name in page
    assert str(draft_meeting) not in page  # not announced yet
    assert str(held_meeting) not in page  # over
    assert str(other_group_meeting) not in page  # the United States does not support that group
    assert reverse("meetings:ics", args=[bogota_meeting.pk]) in page
    assert bogota_meeting.room.name in page


def test_my_meetings_are_shown_in_the_venue_time_zone(delegate_us, bogota_meeting):
    html = render("{% my_meetings %}", delegate_us)
    assert "Tuesday 1 July 2031, 09:00–11:00" in html
    assert "America/Bogota" in html
    assert "14:00–16:00 UTC" in html


def test_my_meetings_keep_the_venue_time_when_another_zone_is_active(delegate_us, bogota_meeting, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    html = render("{% my_meetings %}", delegate_us)
    assert "09:00–11:00" in html


def test_a_cancelled_coming_meeting_stays_listed_with_its_reason(delegate_us, bogota_meeting):
    Meeting.objects.filter(pk=bogota_meeting.pk).update(
        status=Meeting.Status.CANCELLED, cancellation_reason="No quorum expected"
    )
    html = render("{% my_meetings %}", delegate_us)
    assert "Cancelled" in html
    assert "No quorum expected" in html
    assert reverse("meetings:ics", args=[bogota_meeting.pk]) not in html


def test_online_meetings_give_delegates_the_video_link(delegate_us, bogota_meeting):
    Meeting.objects.filter(pk=bogota_meeting.pk).update(format=Meeting.Format.HYBRID)
    assert bogota_meeting.video_link in render("{% my_meetings %}", delegate_us)


def test_delegate_of_a_state_supporting_no_group_sees_an_empty_list(delegate_of_non_member, bogota_meeting):
    html = render("{% my_meetings %}", delegate_of_non_member)
    assert "Coming meetings" in html
    assert str(bogota_meeting) not in html


@pytest.mark.parametrize("who", ["no_role_user", "anonymous"])
def test_users_without_a_delegation_get_nothing(who, no_role_user, bogota_meeting):
    user = no_role_user if who == "no_role_user" else AnonymousUser()
    assert render("{% my_meetings %}", user).strip() == ""


def test_my_page_of_a_user_without_delegation_has_no_meetings_section(no_role_user, bogota_meeting):
    page = client_for(no_role_user).get(ME).content.decode()
    assert "Coming meetings" not in page
    assert str(bogota_meeting) not in page


def test_staff_see_the_next_ten_meetings_of_every_group(secretariat, group, room, other_group_meeting):
    later = other_group_meeting.starts_at + datetime.timedelta(days=1)
    for number in range(10, 22):
        MeetingFactory(
            group=group, number=number, room=room, starts_at=later + datetime.timedelta(hours=number)
        )
    html = render("{% my_meetings %}", secretariat)
    assert html.count('<li class="mb-3">') == 10
    assert str(other_group_meeting) in html  # the earliest of all
    assert reverse("meetings:list") in html


@pytest.mark.parametrize("user_fixture", ["delegate_us", "secretariat"])
def test_my_meetings_runs_one_query_however_many_meetings(
    request, user_fixture, us, room, django_assert_num_queries
):
    user = request.getfixturevalue(user_fixture)
    for number in range(1, 9):
        supported = WorkingGroupFactory()
        MembershipFactory(group=supported, member_state=us)
        MeetingFactory(group=supported, number=number, room=room if number % 2 else None)
    warm(user)
    with django_assert_num_queries(1):
        html = render("{% my_meetings %}", user)
    assert html.count('<li class="mb-3">') == 8
