import datetime
import zoneinfo

from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone

from members.permissions import active_delegation, is_secretariat
from tests.workplans.conftest import comment_on, make_plan, make_round
from workplans.services import rounds as round_services


def my_page(client) -> str:
    return client.get(reverse("members:me")).content.decode()


def render_my_rounds(user) -> str:
    return Template("{% load workplans_parts %}{% my_comment_rounds %}").render(Context({"user": user}))


# The group page ----------------------------------------------------------------------------


def test_group_page_lists_the_plans_the_viewer_may_see(
    group, draft_plan, delegate_us_client, delegate_br_client, secretariat_client
):
    # The draft is the United States' proposal: Brazil does not see it yet.
    assert draft_plan.title in delegate_us_client.get(group.get_absolute_url()).content.decode()
    assert draft_plan.title not in delegate_br_client.get(group.get_absolute_url()).content.decode()
    staff_page = secretariat_client.get(group.get_absolute_url()).content.decode()
    assert draft_plan.title in staff_page
    assert reverse("workplans:create", args=[group.slug]) in staff_page


def test_group_page_shows_plans_in_consultation_to_every_delegation(
    group, draft_plan, comment_round, delegate_br_client, client
):
    assert draft_plan.title in delegate_br_client.get(group.get_absolute_url()).content.decode()
    anonymous_page = client.get(group.get_absolute_url()).content.decode()
    assert draft_plan.title not in anonymous_page
    assert "No work plan yet." in anonymous_page


# My page -----------------------------------------------------------------------------------


def test_my_page_shows_an_open_round_with_its_deadline_in_the_groups_zone(
    group, version, secretariat, delegate_us_client
):
    # 17:30 UTC falls on another hour in the group's zone, so a UTC rendering would not match.
    closes = (timezone.now() + datetime.timedelta(days=5)).replace(
        hour=17, minute=30, second=0, microsecond=0, tzinfo=datetime.UTC
    )
    comment_round = make_round(version, secretariat, closes=closes)
    zone = zoneinfo.ZoneInfo(group.time_zone)
    assert zone.utcoffset(closes.replace(tzinfo=None))
    shown = formats.date_format(comment_round.deadline.astimezone(zone), "DATETIME_FORMAT")

    page = my_page(delegate_us_client)

    assert f"Comments close on {shown} ({group.time_zone})." in page
    assert comment_round.get_absolute_url() in page
    assert version.plan.title in page
    assert "Your state has not commented yet." in page


def test_my_page_counts_the_comments_of_the_delegates_state(
    comment_round, paragraph, delegate_us, delegate_br, delegate_us_client
):
    comment_on(comment_round, delegate_us, paragraph)
    comment_on(comment_round, delegate_us)
    comment_on(comment_round, delegate_br)
    assert "Your state has sent 2 comments." in my_page(delegate_us_client)


def test_closed_round_is_not_on_my_page(comment_round, secretariat, delegate_us_client):
    round_services.close_round_early(comment_round=comment_round, by=secretariat)
    page = my_page(delegate_us_client)
    assert comment_round.get_absolute_url() not in page
    assert "No comment round is open." in page


def test_delegate_of_a_state_that_does_not_support_the_group_sees_no_round(comment_round, non_member_client):
    page = my_page(non_member_client)
    assert comment_round.get_absolute_url() not in page
    assert "No comment round is open." in page


def test_round_open_to_observers_is_on_the_page_of_a_non_supporting_state(
    version, secretariat, non_member_client
):
    comment_round = make_round(version, secretariat, open_to_observers=True)
    assert comment_round.get_absolute_url() in my_page(non_member_client)


def test_staff_see_open_rounds_with_the_number_of_states_heard_from(
    comment_round, paragraph, delegate_us, delegate_br, secretariat_client
):
    comment_on(comment_round, delegate_us, paragraph)
    comment_on(comment_round, delegate_us)
    comment_on(comment_round, delegate_br)
    page = my_page(secretariat_client)
    assert comment_round.get_absolute_url() in page
    assert "2 states have commented." in page


def test_account_without_a_role_sees_no_comment_rounds(comment_round, no_role_user):
    assert render_my_rounds(no_role_user).strip() == ""


def test_my_comment_rounds_take_one_query_however_many_rounds(
    group, us, secretariat, delegate_us, delegate_br, django_assert_num_queries
):
    for _ in range(3):
        plan = make_plan(group, us, secretariat)
        comment_round = make_round(plan.versions.get(), secretariat)
        comment_on(comment_round, delegate_us)
        comment_on(comment_round, delegate_br)
    for user in (delegate_us, secretariat):
        # Who the user is was already asked by the page around the tag.
        active_delegation(user), is_secretariat(user)
        with django_assert_num_queries(1):
            html = render_my_rounds(user)
        assert html.count("Work plan of the Voluntary Group, 2024") == 3
