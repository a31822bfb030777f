import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from django.utils import timezone

from tests.workplans.conftest import comment_on, make_plan
from workplans.models import Comment, CommentRound, WorkPlan, WorkPlanVersion
from workplans.text import neutralise_formula, parse_plan_markdown, render_markdown_subset, tracked_changes


def test_round_is_open_between_opening_and_deadline(comment_round):
    assert comment_round.is_open()
    assert not comment_round.is_open(comment_round.opens_at - datetime.timedelta(seconds=1))
    assert not comment_round.is_open(comment_round.closes_at)


def test_closed_early_round_uses_the_earlier_deadline(comment_round):
    comment_round.closed_early_at = timezone.now()
    assert comment_round.deadline == comment_round.closed_early_at
    assert not comment_round.is_open(comment_round.closed_early_at + datetime.timedelta(seconds=1))


def test_late_comments_taken_only_when_accepted(comment_round):
    after = comment_round.closes_at + datetime.timedelta(days=1)
    assert not comment_round.takes_comments(after)
    comment_round.accepts_late = True
    assert comment_round.takes_comments(after)


def test_open_rounds_found_in_the_database(comment_round):
    now = timezone.now()
    assert list(CommentRound.objects.open_at(now)) == [comment_round]
    assert not CommentRound.objects.open_at(comment_round.closes_at).exists()


def test_time_left_never_negative(comment_round):
    assert comment_round.time_left(
        comment_round.closes_at + datetime.timedelta(days=1)
    ) == datetime.timedelta(0)


def test_draft_visibility(group, us, br, secretariat, delegate_us, delegate_br, delegate_of_non_member):
    draft = make_plan(group, us, secretariat)
    assert WorkPlan.objects.visible_to(delegate_us).filter(pk=draft.pk).exists()
    assert WorkPlan.objects.visible_to(secretariat).filter(pk=draft.pk).exists()
    assert not WorkPlan.objects.visible_to(delegate_br).filter(pk=draft.pk).exists()
    assert not WorkPlan.objects.visible_to(delegate_of_non_member).filter(pk=draft.pk).exists()
    assert not WorkPlan.objects.visible_to(AnonymousUser()).filter(pk=draft.pk).exists()


def test_public_reads_only_adopted_versions(group, us, secretariat):
    plan = make_plan(group, us, secretariat, status=WorkPlan.Status.CONSULTATION)
    assert not WorkPlanVersion.objects.visible_to(AnonymousUser()).exists()
    version = plan.versions.get()
    WorkPlanVersion.objects.filter(pk=version.pk).update(frozen=True)
    WorkPlan.objects.filter(pk=plan.pk).update(status=WorkPlan.Status.ADOPTED, adopted_version=version)
    assert list(WorkPlanVersion.objects.visible_to(AnonymousUser())) == [version]


def test_comment_visibility_follows_round_setting(
    comment_round, paragraph, delegate_us, delegate_br, secretariat
):
    mine = comment_on(comment_round, delegate_us, paragraph)
    theirs = comment_on(comment_round, delegate_br, paragraph)
    assert set(Comment.objects.visible_to(delegate_us)) == {mine}
    assert set(Comment.objects.visible_to(secretariat)) == {mine, theirs}
    assert not Comment.objects.visible_to(AnonymousUser()).exists()
    CommentRound.objects.filter(pk=comment_round.pk).update(comments_visible_while_open=True)
    assert set(Comment.objects.visible_to(delegate_us)) == {mine, theirs}


def test_comment_visible_to_all_delegates_after_close(comment_round, paragraph, delegate_us, delegate_br):
    theirs = comment_on(comment_round, delegate_br, paragraph)
    after = comment_round.closes_at + datetime.timedelta(seconds=1)
    assert theirs in Comment.objects.visible_to(delegate_us, now=after)


def test_idempotency_key_is_unique(comment_round, paragraph, delegate_us):
    comment = comment_on(comment_round, delegate_us, paragraph)
    with pytest.raises(IntegrityError):
        Comment.objects.create(
            round=comment_round,
            member_state=comment.member_state,
            author=delegate_us,
            body="again",
            idempotency_key=comment.idempotency_key,
        )


def test_paragraph_keys_unique_within_a_version(version):
    first, second = version.paragraphs.all()[:2]
    second.key = first.key
    with pytest.raises(IntegrityError):
        second.save()


def test_proposer_display_names_the_mission(draft_plan):
    assert draft_plan.proposer_display() == "Permanent Mission of United States"


def test_markdown_subset_keeps_emphasis_and_drops_html():
    html = render_markdown_subset('**Bold** and [link](javascript:alert(1)) <b onclick="x()">tag</b>')
    assert "<strong>Bold</strong>" in html
    assert 'href="javascript' not in html
    assert "onclick" not in html or "&lt;b onclick" in html
    assert "<b " not in html


def test_tracked_changes_escape_text():
    html = tracked_changes("a <b> c", "a <i> c")
    assert "<b>" not in html and "<i>" not in html and "&lt;" in html
    assert "<ins>i</ins>" in html and "<del>b</del>" in html


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-1", "@cmd", "\tx"])
def test_formula_cells_neutralised(value):
    assert neutralise_formula(value) == "'" + value


def test_plain_values_untouched():
    assert neutralise_formula("Brazil") == "Brazil"
    assert neutralise_formula(3) == 3


def test_markdown_without_headings_goes_into_one_section():
    plan = parse_plan_markdown("Just a paragraph.\n\n- an item\n", untitled="General")
    assert [s.heading for s in plan.sections] == ["General"]
    assert plan.sections[0].paragraphs == ["Just a paragraph.", "an item"]
