"""Subscriptions: a person's choice per group and kind, their role's default otherwise, and the digest."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members import digest
from members.models import OutboxMessage
from members.subscriptions import DigestItem, Subscription, default_choice, effective_choices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K, C = Subscription.Kind, Subscription.Choice


def test_defaults_follow_the_role_when_nobody_chose(secretariat, delegate_us):
    choices = {
        kind: effective_choices([secretariat, delegate_us], group_id=1, kind=kind) for kind in K.values
    }
    assert choices[K.MEETINGS] == {secretariat.pk: C.IMMEDIATE, delegate_us.pk: C.IMMEDIATE}
    assert choices[K.PAPERS] == {secretariat.pk: C.IMMEDIATE, delegate_us.pk: C.DIGEST}
    assert choices[K.MINUTES][delegate_us.pk] == choices[K.WORKPLANS][delegate_us.pk] == C.IMMEDIATE
    assert choices[K.PRESS] == {secretariat.pk: C.DIGEST, delegate_us.pk: C.NONE}
    assert default_choice(K.DECISIONS, is_staff=True) == C.IMMEDIATE


def test_a_stored_choice_wins_for_its_group_only(delegate_us):
    Subscription.objects.create(user=delegate_us, group_id=1, kind=K.PAPERS, choice=C.NONE)
    assert effective_choices([delegate_us], group_id=1, kind=K.PAPERS) == {delegate_us.pk: C.NONE}
    assert effective_choices([delegate_us], group_id=2, kind=K.PAPERS) == {delegate_us.pk: C.DIGEST}


def test_choices_of_many_users_take_one_query(django_assert_num_queries, secretariat):
    users = [UserFactory() for _ in range(20)] + [secretariat]
    for user in users[:5]:
        Subscription.objects.create(user=user, group_id=1, kind=K.PRESS, choice=C.IMMEDIATE)
    with django_assert_num_queries(1):
        choices = effective_choices(users, group_id=1, kind=K.PRESS)
    assert sum(choice == C.IMMEDIATE for choice in choices.values()) == 5
    assert choices[secretariat.pk] == C.DIGEST


def test_notify_records_each_person_once_by_their_choice(secretariat, delegate_us, delegate_br):
    Subscription.objects.create(user=delegate_br, group_id=1, kind=K.PAPERS, choice=C.NONE)
    args = dict(users=[secretariat, delegate_us, delegate_br], group_id=1, topic=K.PAPERS)
    first = digest.notify_subscribers(
        **args, kind="meetings.paper_posted", subject_key="meeting:1", dedupe_key="doc1"
    )
    again = digest.notify_subscribers(
        **args, kind="meetings.paper_posted", subject_key="meeting:1", dedupe_key="doc1"
    )

    assert first == {"immediate": 1, "digest": 1} and again["immediate"] == 0
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [secretariat.pk]
    assert list(DigestItem.objects.values_list("recipient", flat=True)) == [delegate_us.pk]


def test_the_digest_is_one_row_per_person_and_a_rerun_adds_nothing(delegate_us, delegate_br):
    for user in (delegate_us, delegate_br):
        for number in (1, 2, 3):
            DigestItem.objects.create(
                recipient=user, kind="meetings.paper_posted", subject_key=f"meeting:{number}"
            )
    old = DigestItem.objects.create(
        recipient=delegate_us,
        kind="meetings.paper_posted",
        subject_key="meeting:9",
        created_at=timezone.now() - datetime.timedelta(days=2),
    )

    assert digest.send_digests() == 2
    assert digest.send_digests() == 0

    rows = OutboxMessage.objects.filter(kind=digest.DIGEST)
    assert sorted(rows.values_list("recipient", flat=True)) == sorted([delegate_us.pk, delegate_br.pk])
    assert DigestItem.objects.filter(digest__isnull=True).get() == old  # older than a day: left out


def test_a_later_run_with_new_items_sends_a_new_digest(delegate_us):
    DigestItem.objects.create(recipient=delegate_us, kind="meetings.paper_posted", subject_key="meeting:1")
    digest.send_digests()
    DigestItem.objects.create(recipient=delegate_us, kind="meetings.paper_posted", subject_key="meeting:2")
    digest.send_digests()
    assert OutboxMessage.objects.filter(kind=digest.DIGEST, recipient=delegate_us).count() == 2


def test_a_digest_whose_items_are_all_gone_is_not_sent(delegate_us):
    DigestItem.objects.create(
        recipient=delegate_us, kind="meetings.paper_posted", subject_key="meeting:999", dedupe_key="doc9"
    )
    digest.send_digests()
    from members.services import deliver_pending

    deliver_pending(kinds=[digest.DIGEST])
    assert mail.outbox == []
    assert OutboxMessage.objects.get(kind=digest.DIGEST).status == OutboxMessage.Status.SKIPPED


def test_the_digest_runs_daily_from_beat(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["daily-digest"]
    assert entry["task"] == "members.tasks.send_daily_digests"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_approved_minutes_skip_a_delegate_who_chose_never(
    group, secretariat, delegate_us, delegate_br, django_capture_on_commit_callbacks
):
    from meetings.minutes import services as minutes_services
    from tests.meetings.delivery_fixtures import make_meeting

    Subscription.objects.create(user=delegate_br, group_id=group.pk, kind=K.MINUTES, choice=C.NONE)
    meeting = make_meeting(
        group, number=1, starts_at=timezone.now() - datetime.timedelta(days=30), status="held"
    )
    later = make_meeting(
        group, number=2, starts_at=timezone.now() - datetime.timedelta(days=1), status="held"
    )
    minutes = minutes_services.start_minutes(meeting=meeting)
    minutes_services.circulate_minutes(
        minutes=minutes, corrections_until=timezone.localdate() + datetime.timedelta(days=5), by=secretariat
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.approve_minutes(minutes=minutes, at_meeting=later)

    told = {message.to[0] for message in mail.outbox}
    assert delegate_us.email in told and secretariat.email in told
    assert delegate_br.email not in told
