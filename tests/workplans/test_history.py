"""Comment edits and withdrawals leave their trace in the audit trail (see members/audit.py)."""

import pytest

from tests.workplans.conftest import comment_on
from workplans.services import comments as comment_services

pytestmark = pytest.mark.django_db


def test_a_comment_edit_is_recorded_with_its_author_and_both_texts(comment_round, delegate_us):
    comment = comment_on(comment_round, delegate_us, body="First text.")
    comment_services.update_comment(
        comment=comment,
        user=delegate_us,
        expected_revision=comment.revision,
        kind="comment",
        body="Second text.",
    )
    latest, previous = comment.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_user == delegate_us
    assert (previous.body, latest.body) == ("First text.", "Second text.")


def test_withdrawing_a_comment_is_recorded(comment_round, delegate_us):
    comment = comment_on(comment_round, delegate_us)
    comment_services.withdraw_comment(comment=comment, user=delegate_us)
    latest = comment.history.order_by("-history_date", "-history_id").first()
    assert latest.status == "withdrawn"
    assert latest.history_user == delegate_us


def test_staff_read_comment_edits_and_dispositions_on_the_matrix_with_who_made_them(
    comment_round, paragraph, delegate_us, secretariat_client, delegate_us_client, secretariat
):
    from django.urls import reverse

    comment = comment_on(comment_round, delegate_us, paragraph, body="First text.")
    comment_services.update_comment(
        comment=comment,
        user=delegate_us,
        expected_revision=comment.revision,
        kind="comment",
        body="Second text.",
    )
    secretariat_client.post(
        reverse("workplans:disposition", kwargs={"pk": comment.pk}),
        {f"c{comment.pk}-disposition": "answered", f"c{comment.pk}-response": "Taken in."},
    )
    url = reverse("workplans:matrix", kwargs={"pk": comment_round.pk})
    html = secretariat_client.get(url).content.decode()
    block = html.split(">History of the comments and dispositions</h2>", 1)[1].split("</section>", 1)[0]
    assert "“First text.” → “Second text.”" in block
    assert delegate_us.get_full_name() in block
    assert secretariat.get_full_name() in block and "Answered" in block
    assert "History of the comments" not in delegate_us_client.get(url).content.decode()


def test_staff_read_the_history_of_the_version_on_its_page(version, secretariat, secretariat_client, client):
    from tests.workplans.conftest import version_url

    version.change_note = "Typos fixed."
    version._history_user = secretariat
    version.save()
    html = secretariat_client.get(version_url(version.plan, version.number)).content.decode()
    block = html.split(">History of this version</h2>", 1)[1].split("</section>", 1)[0]
    assert "change note: “First draft.” → “Typos fixed.”" in block
    assert secretariat.get_full_name() in block


def test_staff_read_the_comments_and_dispositions_history_on_the_paragraph_page_and_delegates_do_not(
    comment_round, paragraph, delegate_us, secretariat_client, delegate_us_client, secretariat
):
    from django.urls import reverse

    comment = comment_on(comment_round, delegate_us, paragraph, body="First text.")
    comment_services.update_comment(
        comment=comment,
        user=delegate_us,
        expected_revision=comment.revision,
        kind="comment",
        body="Second text.",
    )
    secretariat_client.post(
        reverse("workplans:disposition", kwargs={"pk": comment.pk}),
        {f"c{comment.pk}-disposition": "answered", f"c{comment.pk}-response": "Taken in."},
    )
    version = comment_round.version
    url = reverse(
        "workplans:paragraph_comments",
        kwargs={"pk": version.plan.pk, "number": version.number, "key": paragraph.key},
    )
    html = secretariat_client.get(url).content.decode()
    block = html.split(">History of the comments and dispositions</h2>", 1)[1].split("</section>", 1)[0]
    assert "“First text.” → “Second text.”" in block
    assert delegate_us.get_full_name() in block
    assert secretariat.get_full_name() in block and "Answered" in block
    assert comment.member_state.name in block
    delegate_page = delegate_us_client.get(url)
    assert delegate_page.status_code == 200
    assert "History of the comments" not in delegate_page.content.decode()
