import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.workplans.conftest import PLAN_MARKDOWN, comment_on, make_round
from workplans.models import Comment, CommentRound, RoundNotice, WorkPlan
from workplans.services import comments as comment_services
from workplans.services import plans as plan_services
from workplans.services import rounds as round_services


def test_markdown_import_makes_numbered_sections_paragraphs_and_activities(version):
    sections = list(version.sections.order_by("number"))
    assert [s.heading for s in sections] == ["Objectives", "Working methods"]
    assert list(version.paragraphs.values_list("number", flat=True)) == [1, 2, 3]
    assert version.paragraphs.get(number=3).section == sections[1]
    activities = list(version.activities.values_list("objective", "activity", "responsible", "timeline"))
    assert activities[0] == ("Dialogue", "Hold a regular meeting", "Chair", "Twice a year")
    assert len(activities) == 2


def test_reimport_keeps_identity_of_similar_paragraphs(draft_plan, version, secretariat):
    edited = PLAN_MARKDOWN.replace("at least twice a year", "at least three times a year")
    edited = edited.replace(
        "# Working methods", "# Working methods\n\nA brand new paragraph about reporting."
    )
    second = plan_services.import_version(
        plan=draft_plan, author=secretariat, markdown=edited, change_note="Edits"
    )
    old = {p.number: p.key for p in version.paragraphs.all()}
    new = list(second.paragraphs.order_by("number"))
    assert second.number == 2
    assert new[0].key == old[1] and new[1].key == old[2]
    assert new[2].key not in old.values()  # the new paragraph
    assert new[3].key == old[3]  # edited but similar


def test_start_revision_copies_body_with_same_keys(draft_plan, version, secretariat):
    revised = plan_services.start_revision(plan=draft_plan, author=secretariat)
    assert revised.number == 2 and revised.based_on == version
    assert set(revised.paragraphs.values_list("key", flat=True)) == set(
        version.paragraphs.values_list("key", flat=True)
    )
    assert revised.activities.count() == 2


def test_save_version_body_keeps_keys_and_renumbers(version):
    p1, p2, p3 = version.paragraphs.order_by("number")
    s1, s2 = version.sections.order_by("number")
    plan_services.save_version_body(
        version=version,
        sections=[
            plan_services.SectionInput(
                heading="Aims", key=s1.key, paragraphs=[(p2.key, p2.text), (None, "Added text.")]
            ),
            plan_services.SectionInput(heading=s2.heading, key=s2.key, paragraphs=[(p3.key, "Changed.")]),
        ],
        activities=[("O", "A", "R", "T")],
    )
    paragraphs = list(version.paragraphs.order_by("number"))
    assert [p.text for p in paragraphs] == [p2.text, "Added text.", "Changed."]
    assert paragraphs[0].key == p2.key and paragraphs[2].key == p3.key
    assert not version.paragraphs.filter(key=p1.key).exists()
    assert version.sections.get(key=s1.key).heading == "Aims"


def test_version_with_a_round_cannot_be_edited(version, comment_round):
    with pytest.raises(ValidationError):
        plan_services.save_version_body(version=version, sections=[], activities=[])


def test_opening_a_round_puts_plan_in_consultation(comment_round, draft_plan):
    draft_plan.refresh_from_db()
    assert draft_plan.status == WorkPlan.Status.CONSULTATION
    assert comment_round.is_open()
    assert comment_round.reminder_days == [7, 2]


def test_round_open_and_closed_from_the_clock(comment_round):
    now = timezone.now()
    assert comment_round.is_open(now)
    assert not comment_round.is_open(comment_round.closes_at)
    assert comment_round.is_closed(comment_round.closes_at + datetime.timedelta(seconds=1))
    assert not comment_round.is_open(comment_round.opens_at - datetime.timedelta(seconds=1))


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


def test_extend_reopens_and_tells_everyone(
    comment_round, secretariat, delegate_us, delegate_br, django_capture_on_commit_callbacks
):
    new_deadline = comment_round.closes_at + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        round_services.extend_round(comment_round=comment_round, closes_at=new_deadline, by=secretariat)
    comment_round.refresh_from_db()
    assert comment_round.closes_at == new_deadline
    notice = RoundNotice.objects.get(kind=RoundNotice.Kind.EXTENDED)
    assert notice.recipient_count == 2
    assert {m.to[0] for m in mail.outbox if "extended" in m.subject} == {delegate_us.email, delegate_br.email}


def test_extend_to_an_earlier_time_is_refused(comment_round, secretariat):
    with pytest.raises(ValidationError):
        round_services.extend_round(
            comment_round=comment_round, closes_at=comment_round.closes_at, by=secretariat
        )


def test_close_early_stops_comments(comment_round, secretariat, delegate_us):
    round_services.close_round_early(comment_round=comment_round, by=secretariat)
    comment_round.refresh_from_db()
    assert not comment_round.is_open()
    with pytest.raises(ValidationError):
        comment_on(comment_round, delegate_us)


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


def test_adoption_freezes_version_and_makes_plan_public(draft_plan, version, secretariat, second_meeting):
    plan = plan_services.adopt_plan(
        plan=draft_plan,
        version=version,
        meeting=second_meeting,
        decision_text="Adopted.",
        by=secretariat,
    )
    version.refresh_from_db()
    assert plan.status == WorkPlan.Status.ADOPTED and version.frozen
    assert plan.adopted_at == second_meeting and plan.adopted_on == datetime.date(2023, 12, 11)
    assert WorkPlan.objects.visible_to(AnonymousUser()).filter(pk=plan.pk).exists()
    with pytest.raises(ValidationError):
        plan_services.save_version_body(version=version, sections=[], activities=[])
    with pytest.raises(ValidationError):
        plan_services.start_revision(plan=plan, author=secretariat)


def test_adoption_refused_while_a_round_is_open(
    draft_plan, version, comment_round, secretariat, second_meeting
):
    with pytest.raises(ValidationError):
        plan_services.adopt_plan(
            plan=draft_plan,
            version=version,
            meeting=second_meeting,
            decision_text="x",
            by=secretariat,
        )


def test_reminders_go_only_to_states_not_yet_heard_from(
    version, secretariat, delegate_us, delegate_br, paragraph, django_capture_on_commit_callbacks
):
    now = timezone.now()
    comment_round = make_round(
        version, secretariat, opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=5)
    )
    comment_on(comment_round, delegate_br, paragraph)
    mail.outbox.clear()
    from workplans.tasks.rounds import send_due_round_reminders

    with django_capture_on_commit_callbacks(execute=True):
        send_due_round_reminders.apply()
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [[delegate_us.email]]
    keys = set(RoundNotice.objects.values_list("key", flat=True))
    assert "opened" in keys and any(k.startswith("before-7d") for k in keys)
    # A second scan sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_round_reminders.apply()
    assert mail.outbox == []


def test_adoption_needs_a_held_or_scheduled_meeting_of_the_group(
    draft_plan, version, secretariat, second_meeting
):
    from meetings.models import Meeting
    from tests.meetings.factories import MeetingFactory

    other_group_meeting = MeetingFactory(number=7)
    with pytest.raises(ValidationError):
        plan_services.adopt_plan(
            plan=draft_plan, version=version, meeting=other_group_meeting, decision_text="x", by=secretariat
        )
    Meeting.objects.filter(pk=second_meeting.pk).update(status=Meeting.Status.CANCELLED)
    second_meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        plan_services.adopt_plan(
            plan=draft_plan, version=version, meeting=second_meeting, decision_text="x", by=secretariat
        )


def test_demo_has_the_us_draft_with_a_round_closing_before_the_second_meeting(db):
    import io

    from django.core.management import call_command

    from meetings.models import Meeting

    call_command("load_demo", stdout=io.StringIO())
    plan = WorkPlan.objects.get(title__startswith="Work plan of the Voluntary Group")
    assert plan.proposer_state.iso2 == "US"
    comment_round = plan.versions.get(number=1).rounds.get()
    second = Meeting.objects.get(group=plan.group, number=2)
    assert comment_round.closes_at < second.starts_at
    local_close = timezone.localtime(comment_round.closes_at, comment_round.group_zone())
    assert local_close.date() == datetime.date(2023, 12, 8)
    assert {c.member_state.iso2 for c in comment_round.comments.all()} == {"BR", "CA"}
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 records written)" in out.getvalue()


# On PostgreSQL, with real concurrent transactions ----------------------------------------


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
