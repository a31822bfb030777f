import datetime
import zoneinfo

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from members.permissions import active_delegation, is_secretariat
from tests.shown import text_of
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

    assert f"Comments close on {shown} ({group.time_zone})." in text_of(page)
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


# The meeting page ---------------------------------------------------------------------------


def _adopt_plans_at(meeting, group, state, author, count):
    from workplans.services import plans as plan_services

    for _ in range(count):
        plan = make_plan(group, state, author)
        plan_services.adopt_plan(
            plan=plan,
            version=plan.versions.get(),
            meeting=meeting,
            decision_text="Adopted by consensus.",
            by=author,
        )


def _approve_minutes_at(meeting, count):
    from meetings.models import Minutes
    from tests.meetings.factories import MeetingFactory

    for n in range(count):
        earlier = MeetingFactory(
            group=meeting.group,
            number=50 + Minutes.objects.count(),
            starts_at=meeting.starts_at - datetime.timedelta(days=30 + n),
            ends_at=meeting.starts_at - datetime.timedelta(days=30 + n) + datetime.timedelta(hours=2),
            status="held",
        )
        Minutes.objects.create(meeting=earlier, status="published", approved_at_meeting=meeting)


def test_meeting_page_lists_the_work_plans_adopted_there(
    group, us, secretariat, second_meeting, client, delegate_us_client
):
    _adopt_plans_at(second_meeting, group, us, secretariat, 1)
    url = reverse("meetings:detail", kwargs={"pk": second_meeting.pk})
    for web in (client, delegate_us_client):
        page = web.get(url).content.decode()
        assert "Work plans adopted at this meeting" in page
        assert "Work plan of the Voluntary Group, 2024" in page and "Adopted by consensus." in page


def test_a_meeting_without_adoptions_says_so(second_meeting, client):
    page = client.get(reverse("meetings:detail", kwargs={"pk": second_meeting.pk})).content.decode()
    assert "No work plan was adopted at this meeting." in page
    assert "No minutes were approved at this meeting." in page


def test_meeting_page_queries_do_not_grow_with_approvals_and_adoptions(
    group, us, secretariat, second_meeting, delegate_us_client, django_assert_num_queries
):
    url = reverse("meetings:detail", kwargs={"pk": second_meeting.pk})
    _adopt_plans_at(second_meeting, group, us, secretariat, 1)
    _approve_minutes_at(second_meeting, 1)
    delegate_us_client.get(url)  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as one_each:
        delegate_us_client.get(url)
    _adopt_plans_at(second_meeting, group, us, secretariat, 4)
    _approve_minutes_at(second_meeting, 4)

    with django_assert_num_queries(len(one_each.captured_queries)):
        page = delegate_us_client.get(url).content.decode()

    assert page.count("Adopted by consensus.") == 5
    assert page.count("Minutes of the") >= 5
