import datetime

import pytest
from django.utils import timezone

from press import services, tasks
from press.models import PressRelease
from tests.press.helpers import draft_release, published_release

pytestmark = pytest.mark.django_db


def test_the_periodic_task_publishes_due_releases_once(
    group, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks.make_press_release_pdf, "delay", lambda release_id: None)
    release = services.submit_press_release_for_review(release=draft_release(group))
    services.schedule_press_release(
        release=release, publish_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    PressRelease.objects.filter(pk=release.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.publish_due_press_releases.apply().get() == 1
    assert tasks.publish_due_press_releases.apply().get() == 0
    release.refresh_from_db()
    assert release.status == PressRelease.Status.PUBLISHED and release.reference.startswith("E-001/")


def test_the_pdf_task_renders_a_tagged_pdf_of_the_release(group, media_root):
    from pypdf import PdfReader

    release = published_release(group, title="First meeting of the Voluntary Group")
    assert tasks.make_press_release_pdf.apply(args=[release.pk]).get() is True
    assert tasks.make_press_release_pdf.apply(args=[release.pk]).get() is False
    release.refresh_from_db()
    with release.pdf.open("rb") as handle:
        reader = PdfReader(handle)
        text = "".join(page.extract_text() for page in reader.pages)
        assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
        assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "First meeting of the Voluntary Group" in text
    assert release.reference in text


def test_the_pdf_task_ignores_releases_that_are_not_public(group, media_root):
    release = published_release(group)
    services.withdraw_press_release(release=release, note="Issued in error.")
    assert tasks.make_press_release_pdf.apply(args=[release.pk]).get() is False
    assert tasks.make_press_release_pdf.apply(args=[999999]).get() is False


def test_the_beat_scan_makes_a_pdf_whose_task_was_lost(group, media_root):
    release = published_release(group)  # published while Redis was down: no PDF task ran
    PressRelease.objects.filter(pk=release.pk).update(
        changed_at=timezone.now() - datetime.timedelta(minutes=2), pdf="", pdf_made_at=None
    )

    assert tasks.make_missing_pdfs.apply().get() == 1
    release.refresh_from_db()
    assert release.pdf.read(5) == b"%PDF-"
    assert tasks.make_missing_pdfs.apply().get() == 0


def test_the_beat_scan_leaves_a_just_published_release_to_its_own_task(group, media_root):
    release = published_release(group)
    PressRelease.objects.filter(pk=release.pk).update(changed_at=timezone.now(), pdf="", pdf_made_at=None)

    assert tasks.make_missing_pdfs.apply().get() == 0


def test_the_beat_scan_leaves_a_pdf_a_live_worker_renders_and_takes_up_a_dead_worker_s(group, media_root):
    release = published_release(group)
    now = timezone.now()
    PressRelease.objects.filter(pk=release.pk).update(
        changed_at=now - datetime.timedelta(minutes=5), pdf="", pdf_made_at=None, pdf_claimed_at=now
    )
    assert tasks.make_missing_pdfs.apply().get() == 0  # being rendered: a second scan renders nothing

    PressRelease.objects.filter(pk=release.pk).update(pdf_claimed_at=now - datetime.timedelta(minutes=3))
    assert tasks.make_missing_pdfs.apply().get() == 1  # that worker died: taken up
    release.refresh_from_db()
    assert release.pdf.read(5) == b"%PDF-" and release.pdf_claimed_at is None


def test_a_correction_during_a_render_is_rendered_at_once(group, media_root):
    release = published_release(group)
    now = timezone.now()
    # A render of the old text holds a fresh claim; the text changes after it.
    PressRelease.objects.filter(pk=release.pk).update(
        pdf_claimed_at=now - datetime.timedelta(seconds=5), changed_at=now, pdf_made_at=None
    )
    assert services.make_press_release_pdf(release_id=release.pk) is True
