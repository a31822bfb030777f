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
