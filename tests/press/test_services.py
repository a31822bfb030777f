import datetime
import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from press import cache as newsroom_cache
from press import services
from press.models import PressReferenceCounter, PressRelease
from tests.factories import WorkingGroupFactory
from tests.press.helpers import draft_release, published_release

pytestmark = pytest.mark.django_db

NY = datetime.timezone(datetime.timedelta(hours=-5))


def reviewed(group, **fields):
    return services.submit_press_release_for_review(release=draft_release(group, **fields))


def test_a_new_release_is_a_draft_with_a_sanitised_body(group, secretariat):
    release = draft_release(group, created_by=secretariat, body="# Agreed\n\n<script>x</script>\n\n- one")
    assert release.status == PressRelease.Status.DRAFT
    assert release.reference == ""
    assert "<h2>Agreed</h2>" in release.body_html and "<script>" not in release.body_html
    assert release.release_set.group == group


def test_an_image_needs_a_description(group):
    with pytest.raises(ValidationError) as error:
        draft_release(group, image="press/images/photo.png", image_alt=" ")
    assert "image_alt" in error.value.message_dict


def test_publishing_gives_the_next_reference_of_the_year_and_language(group):
    when = datetime.datetime(2023, 11, 21, 15, 0, tzinfo=datetime.UTC)
    first = services.publish_press_release(release=reviewed(group), now=when)
    assert first is True
    releases = [reviewed(group, title=f"R{i}") for i in range(2)]
    for release in releases:
        services.publish_press_release(release=release, now=when)
    spanish = reviewed(group, language="es")
    services.publish_press_release(release=spanish, now=when)
    refs = list(PressRelease.objects.order_by("pk").values_list("reference", flat=True))
    assert refs == ["E-001/23", "E-002/23", "E-003/23", "S-001/23"]
    release = PressRelease.objects.get(reference="E-001/23")
    assert release.status == PressRelease.Status.PUBLISHED
    assert release.slug == "e-001-23"
    assert release.published_at == when == release.changed_at


def test_the_sequence_continues_from_the_counter_and_restarts_each_year(group):
    PressReferenceCounter.objects.create(year=2023, language="en", last_number=78)
    services.publish_press_release(
        release=reviewed(group), now=datetime.datetime(2023, 11, 21, 15, tzinfo=datetime.UTC)
    )
    services.publish_press_release(
        release=reviewed(group), now=datetime.datetime(2024, 1, 10, 15, tzinfo=datetime.UTC)
    )
    assert sorted(PressRelease.objects.values_list("reference", flat=True)) == ["E-001/24", "E-079/23"]


def test_the_year_is_the_groups_local_year(group):
    # 1 January 2024, 02:00 UTC is still New Year's Eve in Washington.
    services.publish_press_release(
        release=reviewed(group), now=datetime.datetime(2024, 1, 1, 2, tzinfo=datetime.UTC)
    )
    assert PressRelease.objects.get().reference == "E-001/23"


def test_publishing_without_title_or_body_is_refused_and_nothing_changes(group):
    release = reviewed(group, title="", body="  ")
    with pytest.raises(ValidationError) as error:
        services.publish_press_release(release=release)
    assert set(error.value.message_dict) == {"title", "body"}
    release.refresh_from_db()
    assert release.status == PressRelease.Status.IN_REVIEW and release.reference == ""
    assert not PressReferenceCounter.objects.exists()


def test_a_draft_must_be_reviewed_before_publication(group):
    with pytest.raises(ValidationError):
        services.publish_press_release(release=draft_release(group))


def test_publishing_twice_does_nothing_the_second_time(group):
    release = reviewed(group)
    assert services.publish_press_release(release=release) is True
    assert services.publish_press_release(release=release) is False
    assert PressReferenceCounter.objects.get().last_number == 1


def test_only_reviewed_text_can_be_scheduled_and_only_in_the_future(group):
    with pytest.raises(ValidationError):
        services.schedule_press_release(release=draft_release(group), publish_at=timezone.now())
    release = reviewed(group)
    with pytest.raises(ValidationError) as error:
        services.schedule_press_release(
            release=release, publish_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    assert "publish_at" in error.value.message_dict
    later = timezone.now() + datetime.timedelta(hours=2)
    scheduled = services.schedule_press_release(release=release, publish_at=later)
    assert scheduled.status == PressRelease.Status.SCHEDULED and scheduled.publish_at == later
    assert not PressRelease.objects.published().exists()


def test_due_scheduled_releases_are_published_once(group):
    now = timezone.now()
    due = services.schedule_press_release(
        release=reviewed(group), publish_at=now + datetime.timedelta(minutes=5)
    )
    later = services.schedule_press_release(
        release=reviewed(group), publish_at=now + datetime.timedelta(days=1)
    )
    run_at = now + datetime.timedelta(minutes=10)
    assert services.publish_due_press_releases(now=run_at) == 1
    assert services.publish_due_press_releases(now=run_at) == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == PressRelease.Status.PUBLISHED and due.reference
    assert due.published_at == run_at
    assert later.status == PressRelease.Status.SCHEDULED and later.reference == ""


def test_back_to_draft_clears_the_schedule(group):
    scheduled = services.schedule_press_release(
        release=reviewed(group), publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    release = services.return_press_release_to_draft(release=scheduled)
    assert release.status == PressRelease.Status.DRAFT and release.publish_at is None


def test_published_text_cannot_be_edited_only_corrected(group):
    release = published_release(group)
    with pytest.raises(ValidationError):
        services.update_press_release(release=release, title="Changed")
    with pytest.raises(ValidationError) as error:
        services.correct_press_release(release=release, note=" ", body="x")
    assert "note" in error.value.message_dict
    corrected = services.correct_press_release(
        release=release, note="The second meeting is on 11 December.", body="Meeting on **11 December**."
    )
    assert corrected.correction_note == "The second meeting is on 11 December."
    assert corrected.corrected_at is not None and corrected.changed_at == corrected.corrected_at
    assert "11 December" in corrected.body_html
    assert corrected.reference == release.reference


def test_withdrawal_keeps_the_reference_and_leaves_the_public_gate(group):
    release = published_release(group)
    withdrawn = services.withdraw_press_release(release=release, note="Issued in error.")
    assert withdrawn.status == PressRelease.Status.WITHDRAWN
    assert withdrawn.reference == release.reference and withdrawn.withdrawn_at
    assert not PressRelease.objects.published().exists()
    with pytest.raises(ValidationError):
        services.correct_press_release(release=withdrawn, note="n", body="b")


def test_a_translation_starts_from_the_source_and_gets_its_own_reference(group):
    english = published_release(group)
    spanish = services.add_press_translation(source=english, language="es", created_by=None)
    assert spanish.release_set_id == english.release_set_id
    assert spanish.status == PressRelease.Status.DRAFT and spanish.title == english.title
    with pytest.raises(ValidationError):
        services.add_press_translation(source=english, language="es", created_by=None)
    services.update_press_release(release=spanish, title="Primera reunión")
    services.submit_press_release_for_review(release=spanish)
    services.publish_press_release(release=spanish)
    spanish.refresh_from_db()
    assert spanish.reference.startswith("S-001/")


def test_public_changes_bump_the_page_cache_and_make_the_pdf_after_commit(
    group, django_capture_on_commit_callbacks, monkeypatch
):
    made = []
    monkeypatch.setattr(services.tasks.make_press_release_pdf, "delay", made.append)
    release = reviewed(group)
    before = newsroom_cache.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_press_release(release=release)
    assert made == [release.pk]
    assert newsroom_cache.current_version() != before
    for change in (
        lambda: services.correct_press_release(release=release, note="Fixed.", body="New"),
        lambda: services.withdraw_press_release(release=release, note="Withdrawn."),
    ):
        before = cache.get(newsroom_cache.VERSION_KEY)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert cache.get(newsroom_cache.VERSION_KEY) != before
    assert made == [release.pk, release.pk]  # a withdrawn release gets no new PDF


def test_the_pdf_is_made_for_published_releases_only_and_remade_after_a_correction(group, media_root):
    draft = draft_release(group)
    assert services.make_press_release_pdf(release_id=draft.pk) is False
    release = published_release(group)
    assert services.make_press_release_pdf(release_id=release.pk) is True
    release.refresh_from_db()
    assert release.pdf.name.endswith(".pdf") and release.pdf.read(5) == b"%PDF-"
    first_etag = release.pdf_etag
    assert services.make_press_release_pdf(release_id=release.pk) is False  # already current
    services.correct_press_release(release=release, note="Fixed the date.", body="Corrected body.")
    assert services.make_press_release_pdf(release_id=release.pk) is True
    release.refresh_from_db()
    assert release.pdf_etag != first_etag


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True)
def test_releases_published_at_the_same_moment_never_share_a_reference():
    group = WorkingGroupFactory()
    releases = [reviewed(group, title=f"Release {i}") for i in range(8)]
    barrier = threading.Barrier(len(releases))
    errors = []

    def publish(release):
        try:
            barrier.wait()
            services.publish_press_release(release=release)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(r,)) for r in releases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(PressRelease.objects.values_list("reference", flat=True))
    year = timezone.localdate().strftime("%y")
    assert sorted(references) == [f"E-{n:03d}/{year}" for n in range(1, 9)]
    assert PressReferenceCounter.objects.get().last_number == 8


def test_withdrawal_deletes_the_pdf_from_storage(group, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    release = published_release(group)
    release.pdf.save(f"{release.slug}.pdf", ContentFile(b"%PDF-1.7\n%withdrawn text\n"), save=True)
    storage, name = release.pdf.storage, release.pdf.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.withdraw_press_release(release=release, note="Issued in error.")
    assert not withdrawn.pdf
    assert not storage.exists(name)
