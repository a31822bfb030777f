import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.workplans.conftest import comment_on, make_round
from workplans.models import Comment, CommentRound
from workplans.services import comments as comment_services
from workplans.services import plans as plan_services
from workplans.services import rounds as round_services


def test_delegate_comments_on_behalf_of_their_state(comment_round, paragraph, delegate_us, us):
    comment = comment_on(comment_round, delegate_us, paragraph, body="We *support* this <script>x()</script>")
    assert comment.member_state == us
    assert comment.paragraph == paragraph and comment.section == paragraph.section
    assert "<em>support</em>" in comment.body_html
    assert "<script>" not in comment.body_html


def test_double_submit_creates_one_comment(comment_round, paragraph, delegate_us):
    token = uuid.uuid4()
    kwargs = dict(comment_round=comment_round, user=delegate_us, kind="comment", body="Once", token=token)
    first = comment_services.submit_comment(**kwargs)
    second = comment_services.submit_comment(**kwargs)
    assert first.pk == second.pk
    assert Comment.objects.count() == 1


def test_comment_after_deadline_is_refused_with_deadline_shown(comment_round, delegate_us):
    later = comment_round.closes_at + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        comment_services.submit_comment(
            comment_round=comment_round,
            user=delegate_us,
            kind="comment",
            body="Late",
            token=uuid.uuid4(),
            now=later,
        )
    assert "closed on" in error.value.messages[0]
    assert "America/New_York" in error.value.messages[0]
    assert not Comment.objects.exists()


def test_round_accepting_late_comments_marks_them_late(version, secretariat, delegate_us):
    comment_round = make_round(version, secretariat, accepts_late=True)
    later = comment_round.closes_at + datetime.timedelta(days=1)
    comment = comment_services.submit_comment(
        comment_round=comment_round,
        user=delegate_us,
        kind="question",
        body="Late?",
        token=uuid.uuid4(),
        now=later,
    )
    assert comment.is_late


def test_state_that_does_not_support_the_group_may_not_comment(comment_round, delegate_of_non_member):
    with pytest.raises(PermissionDenied):
        comment_on(comment_round, delegate_of_non_member)


def test_observers_may_comment_when_the_round_allows(version, secretariat, delegate_of_non_member):
    comment_round = make_round(version, secretariat, open_to_observers=True)
    assert comment_on(comment_round, delegate_of_non_member).pk


def test_paragraph_of_another_version_is_refused(draft_plan, comment_round, delegate_us, secretariat):
    other = plan_services.start_revision(plan=draft_plan, author=secretariat).paragraphs.first()
    other.key = uuid.uuid4()
    other.save()
    with pytest.raises(ValidationError) as error:
        comment_on(comment_round, delegate_us, other)
    assert "not in this version" in str(error.value)


@pytest.mark.parametrize(
    "kind,body,proposed",
    [("comment", "   ", ""), ("question", "", ""), ("amendment", "why", ""), ("new_paragraph", "", "  ")],
)
def test_empty_comment_is_refused(comment_round, paragraph, delegate_us, kind, body, proposed):
    with pytest.raises(ValidationError):
        comment_on(comment_round, delegate_us, paragraph, kind=kind, body=body, proposed_text=proposed)
    assert not Comment.objects.exists()


def test_amendment_needs_a_paragraph(comment_round, delegate_us):
    with pytest.raises(ValidationError):
        comment_on(comment_round, delegate_us, None, kind="amendment", proposed_text="New text")


def test_any_delegate_of_the_state_may_edit_and_a_stale_edit_conflicts(
    comment_round, paragraph, delegate_us, us
):
    from tests.factories import DelegateFactory

    colleague = DelegateFactory(member_state=us).user
    comment = comment_on(comment_round, delegate_us, paragraph)
    updated = comment_services.update_comment(
        comment=comment, user=colleague, expected_revision=1, kind="comment", body="v2"
    )
    assert updated.revision == 2 and updated.last_edited_by == colleague
    with pytest.raises(comment_services.EditConflict) as conflict:
        comment_services.update_comment(
            comment=comment, user=delegate_us, expected_revision=1, kind="comment", body="mine"
        )
    assert conflict.value.current.body == "v2"
    comment.refresh_from_db()
    assert comment.body == "v2"


def test_other_state_may_not_edit(comment_round, paragraph, delegate_us, delegate_br):
    comment = comment_on(comment_round, delegate_us, paragraph)
    with pytest.raises(PermissionDenied):
        comment_services.update_comment(
            comment=comment, user=delegate_br, expected_revision=1, kind="comment", body="x"
        )
    with pytest.raises(PermissionDenied):
        comment_services.withdraw_comment(comment=comment, user=delegate_br)


def test_edit_and_withdraw_refused_after_deadline(comment_round, paragraph, delegate_us):
    comment = comment_on(comment_round, delegate_us, paragraph)
    later = comment_round.closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError):
        comment_services.update_comment(
            comment=comment, user=delegate_us, expected_revision=1, kind="comment", body="x", now=later
        )
    with pytest.raises(ValidationError):
        comment_services.withdraw_comment(comment=comment, user=delegate_us, now=later)


def test_withdraw(comment_round, paragraph, delegate_us):
    comment = comment_on(comment_round, delegate_us, paragraph)
    assert comment_services.withdraw_comment(comment=comment, user=delegate_us).is_withdrawn()


def test_disposition_links_to_paragraph_of_later_version(
    draft_plan, comment_round, paragraph, delegate_us, secretariat
):
    comment = comment_on(comment_round, delegate_us, paragraph, kind="amendment", proposed_text="Better text")
    revised = plan_services.start_revision(plan=draft_plan, author=secretariat)
    changed = revised.paragraphs.get(key=paragraph.key)
    done = comment_services.record_disposition(
        comment=comment,
        by=secretariat,
        disposition="accepted",
        response="Taken in.",
        resulting_paragraph=changed,
    )
    assert done.disposition == "accepted" and done.resulting_paragraph == changed
    with pytest.raises(ValidationError):
        comment_services.record_disposition(
            comment=comment, by=secretariat, disposition="noted", resulting_paragraph=paragraph
        )
    with pytest.raises(ValidationError):
        comment_services.record_disposition(comment=comment, by=secretariat, disposition="bogus")


def _in_threads(count, work):
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = ("ok", work(index))
        except Exception as error:  # noqa: BLE001 - collected and asserted by the test
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comments_racing_the_deadline_are_in_before_it_or_refused(group, us, secretariat, delegate_us):
    import time

    from tests.workplans.conftest import make_plan

    plan = make_plan(group, us, secretariat)
    now = timezone.now()
    comment_round = make_round(
        plan.versions.get(),
        secretariat,
        opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(seconds=1.5),
    )

    def keep_commenting(index):
        accepted, refused = [], 0
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            try:
                comment = comment_services.submit_comment(
                    comment_round=comment_round,
                    user=delegate_us,
                    kind="comment",
                    body=f"t{index}",
                    token=uuid.uuid4(),
                )
                accepted.append(comment.pk)
            except ValidationError as error:
                assert "closed on" in error.messages[0]
                refused += 1
                break
        return accepted, refused

    closes_at = timezone.now() + datetime.timedelta(seconds=1.5)
    CommentRound.objects.filter(pk=comment_round.pk).update(closes_at=closes_at)
    comment_round.closes_at = closes_at
    results = _in_threads(6, keep_commenting)
    assert all(kind == "ok" for kind, _value in results), results
    accepted = [pk for _kind, (pks, _refused) in results for pk in pks]
    assert all(refused == 1 for _kind, (_pks, refused) in results)
    saved = Comment.objects.filter(round=comment_round)
    assert sorted(saved.values_list("pk", flat=True)) == sorted(accepted)
    assert len(accepted) > 0
    assert all(c.created_at < comment_round.closes_at for c in saved)
    assert all(c.body and c.body_html and c.member_state_id for c in saved)


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comments_racing_an_early_close_are_in_before_it_or_refused(group, us, secretariat, delegate_us):
    from tests.workplans.conftest import make_plan

    plan = make_plan(group, us, secretariat)
    comment_round = make_round(plan.versions.get(), secretariat)

    def work(index):
        if index == 0:
            return round_services.close_round_early(
                comment_round=comment_round, by=secretariat
            ).closed_early_at
        return comment_services.submit_comment(
            comment_round=comment_round, user=delegate_us, kind="comment", body="race", token=uuid.uuid4()
        ).created_at

    results = _in_threads(8, work)
    closed_at = results[0][1]
    for kind, value in results[1:]:
        if kind == "ok":
            assert value < closed_at
        else:
            assert isinstance(value, ValidationError)
    accepted = sum(1 for kind, _ in results[1:] if kind == "ok")
    assert Comment.objects.filter(round=comment_round).count() == accepted


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_edits_give_one_success_and_one_conflict(group, us, secretariat, delegate_us):
    from tests.factories import DelegateFactory
    from tests.workplans.conftest import make_plan

    plan = make_plan(group, us, secretariat)
    comment_round = make_round(plan.versions.get(), secretariat)
    comment = comment_on(comment_round, delegate_us, body="Original")
    colleague = DelegateFactory(member_state=us).user
    editors = [delegate_us, colleague]

    def edit(index):
        return comment_services.update_comment(
            comment=comment, user=editors[index], expected_revision=1, kind="comment", body=f"Edit {index}"
        ).body

    results = _in_threads(2, edit)
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    winner = next(value for kind, value in results if kind == "ok")
    conflict = next(value for kind, value in results if kind == "error")
    assert isinstance(conflict, comment_services.EditConflict)
    assert conflict.current.body == winner
    comment.refresh_from_db()
    assert comment.body == winner and comment.revision == 2


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_double_submit_creates_one_comment(group, us, secretariat, delegate_us):
    from tests.workplans.conftest import make_plan

    plan = make_plan(group, us, secretariat)
    comment_round = make_round(plan.versions.get(), secretariat)
    token = uuid.uuid4()

    def submit(index):
        return comment_services.submit_comment(
            comment_round=comment_round, user=delegate_us, kind="comment", body="Once", token=token
        ).pk

    results = _in_threads(4, submit)
    assert {value for _kind, value in results} == {Comment.objects.get().pk}
