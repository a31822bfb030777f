"""Four eyes on press releases: the member of staff who sends a release for review does not publish it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from press import services
from press.models import PressRelease
from tests.conftest import client_for
from tests.factories import make_secretariat
from tests.press.helpers import draft_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return make_secretariat("bruno@secretariat.example")


def submitted_by(user, group) -> PressRelease:
    return services.submit_press_release_for_review(release=draft_release(group, created_by=user), by=user)


def test_the_submitter_cannot_publish_their_own_release(group, secretariat):
    release = submitted_by(secretariat, group)
    with pytest.raises(ValidationError, match="another member of the secretariat"):
        services.publish_press_release(release=release, by=secretariat)
    release.refresh_from_db()
    assert (release.status, release.reference) == (PressRelease.Status.IN_REVIEW, "")


def test_another_member_of_staff_publishes_and_is_recorded(group, secretariat, colleague):
    release = submitted_by(secretariat, group)
    assert services.publish_press_release(release=release, by=colleague) is True
    release.refresh_from_db()
    assert release.status == PressRelease.Status.PUBLISHED
    assert (release.submitted_by, release.approved_by) == (secretariat, colleague)


def test_the_submitter_cannot_schedule_their_own_release_either(group, secretariat):
    release = submitted_by(secretariat, group)
    with pytest.raises(ValidationError, match="another member of the secretariat"):
        services.schedule_press_release(
            release=release, publish_at=timezone.now() + datetime.timedelta(days=1), by=secretariat
        )
    release.refresh_from_db()
    assert release.status == PressRelease.Status.IN_REVIEW


def test_a_group_may_allow_one_person_to_do_both(group, secretariat):
    group.press_single_person = True
    group.save(update_fields=["press_single_person"])
    release = submitted_by(secretariat, group)
    assert services.publish_press_release(release=release, by=secretariat) is True


def test_the_scheduled_publication_by_the_system_needs_no_second_person(group, secretariat, colleague):
    release = submitted_by(secretariat, group)
    when = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_press_release(release=release, publish_at=when, by=colleague)
    assert services.publish_due_press_releases(now=when + datetime.timedelta(minutes=1)) == 1


def test_publish_button_of_the_submitter_says_why_and_changes_nothing(group, secretariat, colleague):
    release = draft_release(group, created_by=secretariat)
    submitter = client_for(secretariat)
    submitter.post(reverse("press:submit", args=[release.pk]))
    response = submitter.post(reverse("press:publish", args=[release.pk]), follow=True)
    assert "another member of the secretariat" in response.content.decode()
    release.refresh_from_db()
    assert release.status == PressRelease.Status.IN_REVIEW

    response = client_for(colleague).post(reverse("press:publish", args=[release.pk]))
    release.refresh_from_db()
    assert release.status == PressRelease.Status.PUBLISHED
