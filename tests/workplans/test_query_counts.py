"""Hot work-plan pages run a fixed, small number of SQL queries, whatever the number of comments.

Counted with the test client (SQLite sessions in the database): the session, the user and the
user's roles (with the second factor) open every signed-in page.
"""

from django.urls import reverse

from tests.factories import DelegateFactory, MembershipFactory, MemberStateFactory
from tests.workplans.conftest import comment_on


def grow(comment_round, group, states=5):
    """Each new supporting state comments and proposes an amendment on every paragraph."""
    for _ in range(states):
        state = MemberStateFactory()
        MembershipFactory(group=group, member_state=state)
        user = DelegateFactory(member_state=state).user
        for paragraph in comment_round.version.paragraphs.all():
            comment_on(comment_round, user, paragraph)
            comment_on(comment_round, user, paragraph, kind="amendment", proposed_text="Other text")


def test_round_dashboard_runs_six_queries_for_few_comments_or_many(
    group, comment_round, paragraph, delegate_us, secretariat_client, django_assert_num_queries
):
    comment_on(comment_round, delegate_us, paragraph, kind="question", body="Why?")
    url = reverse("workplans:dashboard", kwargs={"pk": comment_round.pk})
    # session, user with roles and MFA, round, eligible states, one grouped count, notices
    with django_assert_num_queries(6):
        assert secretariat_client.get(url).status_code == 200
    grow(comment_round, group)
    with django_assert_num_queries(6):
        response = secretariat_client.get(url)
    assert "6 of 7 states have commented." in response.content.decode()


def test_work_plan_page_runs_seven_queries_for_few_comments_or_many(
    draft_plan, version, comment_round, paragraph, delegate_us, delegate_us_client, django_assert_num_queries
):
    from workplans.models import WorkPlan

    WorkPlan.objects.filter(pk=draft_plan.pk).update(status=WorkPlan.Status.CONSULTATION)
    comment_on(comment_round, delegate_us, paragraph)
    url = reverse("workplans:version", kwargs={"pk": draft_plan.pk, "number": 1})
    delegate_us_client.get(url)  # the rendered text cached, as for every reader after the first
    # session, user with roles, delegation, versions, comment counts with amendment sources, rounds,
    # whether the delegate's state supports the group (may it comment)
    with django_assert_num_queries(7):
        assert delegate_us_client.get(url).status_code == 200
    grow(comment_round, draft_plan.group)
    delegate_us_client.get(url)
    with django_assert_num_queries(7):
        response = delegate_us_client.get(url)
    # Other states' comments stay hidden from a delegate while the round is open.
    assert "Show 1 comment on paragraph 1" in response.content.decode()
