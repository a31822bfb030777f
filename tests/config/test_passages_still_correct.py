"""Staff confirm that an outdated passage translation (version paragraph, minutes passage) is still correct."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from config import translation_passages
from meetings.minutes import services as minutes_services
from meetings.minutes import translations as minutes_translations
from meetings.minutes.models import Minutes
from members import translation_status as ts
from tests.meetings.delivery_fixtures import bolivar_room, minuted_meeting, minutes  # noqa: F401
from tests.workplans.conftest import make_plan
from workplans.models import Paragraph, ParagraphTranslation, SectionTranslation
from workplans.services import translations as version_translations

pytestmark = pytest.mark.django_db


def _boxes(page):
    return re.findall(r'name="([^"]*__ok)"', page)


def _counts(document, language="es"):
    return {
        entry.status.status: entry.count
        for entry in translation_passages.entries()
        if entry.object_id == document.pk
        and entry.model_label == document._meta.label_lower
        and entry.status.language == language
    }


# Work-plan versions


@pytest.fixture
def translated_version(group, us, secretariat):
    version = make_plan(group, us, secretariat).versions.get()
    version_translations.save_version_translation(
        version=version,
        language="es",
        headings={section.key: f"Título {section.number}" for section in version.sections.all()},
        texts={paragraph.key: f"Párrafo {paragraph.number}" for paragraph in version.paragraphs.all()},
        user=secretariat,
    )
    return version


def _version_url(version, language="es"):
    return reverse("workplans:translate_version", args=[version.plan_id, version.number, language])


def _version_post(version, *, seen_texts=None, tick=()):
    """The form as the page sends it: today's translations, the originals' digests, the ticks."""
    seen_texts = seen_texts or {}
    data = {}
    headings = dict(SectionTranslation.objects.filter(language="es").values_list("section_id", "heading"))
    texts = dict(ParagraphTranslation.objects.filter(language="es").values_list("paragraph_id", "text"))
    for section in version.sections.all():
        data[f"h-{section.key}"] = headings.get(section.pk, "")
        data[f"h-{section.key}__seen"] = ts.digest(section.heading)
    for paragraph in version.paragraphs.all():
        data[f"p-{paragraph.key}"] = texts.get(paragraph.pk, "")
        data[f"p-{paragraph.key}__seen"] = ts.digest(seen_texts.get(paragraph.pk, paragraph.text))
    for paragraph in tick:
        data[f"p-{paragraph.key}__ok"] = "on"
    return data


def _change(paragraph, text):
    Paragraph.objects.filter(pk=paragraph.pk).update(text=text)
    paragraph.refresh_from_db()


def test_ticking_still_correct_brings_an_outdated_paragraph_up_to_date_and_is_in_history(
    translated_version, secretariat_client, secretariat
):
    version = translated_version
    passages = version.sections.count() + version.paragraphs.count()
    paragraph = version.paragraphs.get(number=1)
    _change(paragraph, "The group will meet monthly, in person or online.")
    assert _counts(version) == {ts.Status.UP_TO_DATE: passages - 1, ts.Status.OUTDATED: 1}

    page = secretariat_client.get(_version_url(version)).content.decode()
    # Only the outdated paragraph offers the box.
    assert _boxes(page) == [f"p-{paragraph.key}__ok"]
    assert "Still correct" in page

    response = secretariat_client.post(_version_url(version), _version_post(version, tick=[paragraph]))
    assert response.status_code == 302
    assert _counts(version) == {ts.Status.UP_TO_DATE: passages}
    assert ParagraphTranslation.objects.get(paragraph=paragraph, language="es").text == "Párrafo 1"
    record = version.history.order_by("-history_id").first()
    assert "1 passage(s) confirmed still correct" in record.history_change_reason
    assert record.history_user == secretariat
    page = secretariat_client.get(_version_url(version)).content.decode()
    assert _boxes(page) == []


def test_a_tick_from_a_stale_page_leaves_the_paragraph_outdated_and_says_so(
    translated_version, secretariat_client
):
    version = translated_version
    paragraph = version.paragraphs.get(number=1)
    _change(paragraph, "First change.")
    opened = paragraph.text  # the page is opened now ...
    _change(paragraph, "Second change, after the page was opened.")  # ... and the original changes again

    response = secretariat_client.post(
        _version_url(version), _version_post(version, seen_texts={paragraph.pk: opened}, tick=[paragraph])
    )
    assert response.status_code == 302
    assert _counts(version)[ts.Status.OUTDATED] == 1
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("changed after you opened the page" in text for text in warnings)


def test_a_translation_typed_against_an_original_that_changed_meanwhile_stays_outdated(
    translated_version, secretariat_client
):
    version = translated_version
    paragraph = version.paragraphs.get(number=1)
    opened = paragraph.text
    _change(paragraph, "Changed while the translator typed.")
    data = _version_post(version, seen_texts={paragraph.pk: opened})
    data[f"p-{paragraph.key}"] = "Párrafo uno, corregido."
    assert secretariat_client.post(_version_url(version), data).status_code == 302
    assert _counts(version)[ts.Status.OUTDATED] == 1


def test_delegates_cannot_confirm(translated_version, delegate_us_client):
    version = translated_version
    paragraph = version.paragraphs.get(number=1)
    _change(paragraph, "Changed.")
    response = delegate_us_client.post(_version_url(version), _version_post(version, tick=[paragraph]))
    assert response.status_code in (403, 404)
    assert _counts(version)[ts.Status.OUTDATED] == 1


# Minutes


@pytest.fixture
def translated_minutes(minutes, secretariat):  # noqa: F811
    minutes_services.update_minutes(
        minutes=minutes, opening="The chair opened the meeting.", items={}, next_steps=""
    )
    minutes.refresh_from_db()
    minutes_translations.save_minutes_translation(
        minutes=minutes,
        language="es",
        opening="La presidencia abrió la sesión.",
        next_steps="",
        items={item.pk: (f"Punto {item.position}", "") for item in minutes.items.all()},
        by=secretariat,
    )
    return minutes


def _minutes_url(record, language="es"):
    return reverse("meetings:minutes_translate", args=[record.meeting_id, language])


def _minutes_post(record, *, seen_opening=None, tick_opening=False):
    record = Minutes.objects.get(pk=record.pk)
    data = {
        "opening": "La presidencia abrió la sesión.",
        "opening__seen": ts.digest(record.opening if seen_opening is None else seen_opening),
        "next_steps": "",
        "next_steps__seen": ts.digest(record.next_steps),
    }
    for item in record.items.all():
        data |= {
            f"title-{item.pk}": f"Punto {item.position}",
            f"title-{item.pk}__seen": ts.digest(item.title),
            f"summary-{item.pk}": "",
            f"summary-{item.pk}__seen": ts.digest(item.summary),
        }
    if tick_opening:
        data["opening__ok"] = "on"
    return data


def test_ticking_still_correct_on_the_minutes_opening(translated_minutes, secretariat_client, secretariat):
    record = translated_minutes
    minutes_services.update_minutes(minutes=record, opening="The chair opened the session at ten.")
    assert _counts(record)[ts.Status.OUTDATED] == 1
    page = secretariat_client.get(_minutes_url(record)).content.decode()
    assert _boxes(page) == ["opening__ok"]

    response = secretariat_client.post(_minutes_url(record), _minutes_post(record, tick_opening=True))
    assert response.status_code == 302
    assert ts.Status.OUTDATED not in _counts(record)
    entry = Minutes.history.filter(id=record.pk).order_by("-history_id").first()
    assert "confirmed still correct" in entry.history_change_reason
    assert entry.history_user == secretariat


def test_a_minutes_tick_from_a_stale_page_leaves_it_outdated(translated_minutes, secretariat_client):
    record = translated_minutes
    minutes_services.update_minutes(minutes=record, opening="First change.")
    minutes_services.update_minutes(minutes=record, opening="Second change, after the page was opened.")
    response = secretariat_client.post(
        _minutes_url(record), _minutes_post(record, seen_opening="First change.", tick_opening=True)
    )
    assert response.status_code == 302
    assert _counts(record)[ts.Status.OUTDATED] == 1
    warnings = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("changed after you opened the page" in text for text in warnings)


def test_an_unticked_outdated_minutes_passage_stays_outdated(translated_minutes, secretariat_client):
    record = translated_minutes
    minutes_services.update_minutes(minutes=record, opening="The chair opened the session at ten.")
    assert secretariat_client.post(_minutes_url(record), _minutes_post(record)).status_code == 302
    assert _counts(record)[ts.Status.OUTDATED] == 1
