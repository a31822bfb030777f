"""The version PDF: made by a worker once per version, language and revision; served as stored."""

import pytest
from django.urls import reverse
from django.utils import translation

import config.pdf
from tests.conftest import client_for
from workplans.models import VersionPrint, WorkPlanVersion
from workplans.services import plans as plan_services
from workplans.services import prints as print_services
from workplans.services.plans import SectionInput
from workplans.tasks import prints as print_tasks


def pdf_url(plan, number=1):
    return reverse("workplans:version_pdf", kwargs={"pk": plan.pk, "number": number})


@pytest.fixture
def queued(monkeypatch):
    """Stands in for the broker: records what the view queues, renders nothing."""
    calls = []
    monkeypatch.setattr(print_tasks.render_version_pdf, "delay", calls.append)
    return calls


def refuse(**kwargs):
    raise AssertionError("a request rendered a PDF")


@pytest.fixture
def no_rendering_here(monkeypatch):
    monkeypatch.setattr(config.pdf, "render_pdf", refuse)


def make_pdf(version, language="en"):
    stored = WorkPlanVersion.objects.get(pk=version.pk)
    with translation.override(language):
        fingerprint = VersionPrint.fingerprint_for(stored)
    printed = VersionPrint.objects.create(version=stored, language=language, fingerprint=fingerprint)
    assert print_tasks.render_version_pdf.apply(args=[printed.pk]).get() == "ready"
    printed.refresh_from_db()
    return printed


def test_a_pdf_not_made_yet_gets_a_polling_page_and_queues_exactly_one_task(
    draft_plan, delegate_us_client, delegate_br, queued, no_rendering_here
):
    first = delegate_us_client.get(pdf_url(draft_plan))
    again = delegate_us_client.get(pdf_url(draft_plan))
    assert first.status_code == again.status_code == 202
    assert first["Retry-After"] == "5"
    assert '<meta http-equiv="refresh" content="5">' in first.content.decode()
    assert queued == [VersionPrint.objects.get().pk]


def test_a_made_pdf_is_served_with_its_etag_and_a_304_when_unchanged(
    draft_plan, version, delegate_us_client, queued, monkeypatch
):
    printed = make_pdf(version)
    monkeypatch.setattr(config.pdf, "render_pdf", refuse)
    response = delegate_us_client.get(pdf_url(draft_plan))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["ETag"] == printed.etag
    assert "private" in response["Cache-Control"]
    unchanged = delegate_us_client.get(pdf_url(draft_plan), headers={"If-None-Match": printed.etag})
    assert unchanged.status_code == 304 and unchanged["ETag"] == printed.etag
    assert queued == []


def test_each_language_gets_its_own_pdf(draft_plan, version, delegate_us_client, queued, monkeypatch):
    make_pdf(version, "en")
    monkeypatch.setattr(config.pdf, "render_pdf", refuse)
    with translation.override("es"):
        spanish = delegate_us_client.get(pdf_url(draft_plan))
    assert spanish.status_code == 202
    assert VersionPrint.objects.filter(language="es").count() == 1 and len(queued) == 1


def test_an_edited_text_is_printed_again(draft_plan, version, delegate_us_client, queued, monkeypatch):
    old = make_pdf(version)
    monkeypatch.setattr(config.pdf, "render_pdf", refuse)
    plan_services.save_version_body(
        version=version,
        sections=[
            SectionInput(heading="Objectives", key=None, paragraphs=[(None, "A new first paragraph.")])
        ],
        activities=[],
        change_note="",
    )
    response = delegate_us_client.get(pdf_url(draft_plan), headers={"If-None-Match": old.etag})
    assert response.status_code == 202
    assert VersionPrint.objects.count() == 2 and len(queued) == 1


def test_rendering_is_idempotent(version):
    printed = make_pdf(version)
    assert print_tasks.render_version_pdf.apply(args=[printed.pk]).get() == "skipped"
    assert VersionPrint.objects.get().file.name == printed.file.name


def test_the_pdf_shows_the_text_in_the_readers_language(draft_plan, version):
    printed = make_pdf(version)
    assert printed.file.read().startswith(b"%PDF")
    context = print_services.print_context(version)
    assert [s.heading for s in context["sections"]] == list(
        version.sections.order_by("number").values_list("heading", flat=True)
    )


def test_the_pdf_of_a_draft_is_not_for_other_delegations(draft_plan, delegate_br, queued):
    assert client_for(delegate_br).get(pdf_url(draft_plan)).status_code == 404
    assert queued == []
