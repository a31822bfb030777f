import uuid

from django.urls import reverse

from tests.conftest import client_for
from tests.factories import DelegateFactory, MembershipFactory, MemberStateFactory
from tests.workplans.conftest import comment_on, version_url


def test_draft_is_seen_by_proposing_delegation_and_staff_only(
    draft_plan, delegate_us_client, delegate_br_client, secretariat_client, client
):
    url = draft_plan.get_absolute_url()
    assert delegate_us_client.get(url).status_code == 200
    assert secretariat_client.get(url).status_code == 200
    assert delegate_br_client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_plan_page_shows_numbered_paragraphs_and_activities(draft_plan, delegate_us_client):
    response = delegate_us_client.get(draft_plan.get_absolute_url())
    content = response.content.decode()
    assert "1. Objectives" in content and "Hold a regular meeting" in content
    assert 'class="paragraph-number">3.</span>' in content


def test_work_plan_page_runs_constant_queries(
    draft_plan, version, comment_round, delegate_us, delegate_br, django_assert_max_num_queries, settings
):
    client = client_for(delegate_us)
    url = version_url(draft_plan)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    states = [MemberStateFactory() for _ in range(5)]
    for state in states:
        MembershipFactory(group=draft_plan.group, member_state=state)
        user = DelegateFactory(member_state=state).user
        for paragraph in version.paragraphs.all():
            comment_on(comment_round, user, paragraph)
            comment_on(comment_round, user, paragraph, kind="amendment", proposed_text="Other text")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_paragraph_comments_load_on_demand(
    draft_plan, version, comment_round, paragraph, delegate_us, delegate_us_client
):
    comment_on(
        comment_round,
        delegate_us,
        paragraph,
        kind="amendment",
        proposed_text="The group will foster open dialogue among member states.",
    )
    url = reverse(
        "workplans:paragraph_comments", kwargs={"pk": draft_plan.pk, "number": 1, "key": paragraph.key}
    )
    fragment = delegate_us_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "<ins>open </ins>" in fragment


def test_unknown_paragraph_key_is_404(draft_plan, delegate_us_client):
    url = reverse(
        "workplans:paragraph_comments", kwargs={"pk": draft_plan.pk, "number": 1, "key": uuid.uuid4()}
    )
    assert delegate_us_client.get(url).status_code == 404


def test_staff_edit_version_in_browser(draft_plan, version, secretariat_client):
    p1 = version.paragraphs.get(number=1)
    form = secretariat_client.get(
        reverse("workplans:edit_version", kwargs={"pk": draft_plan.pk, "number": 1})
    ).context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data[f"paragraph-{p1.key}"] = "Rewritten first paragraph."
    response = secretariat_client.post(
        reverse("workplans:edit_version", kwargs={"pk": draft_plan.pk, "number": 1}), data
    )
    assert response.status_code == 302
    p1.refresh_from_db()
    assert p1.text == "Rewritten first paragraph."
