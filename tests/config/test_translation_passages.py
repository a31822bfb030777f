"""The status page covers work-plan versions and minutes, whose translations live in their own tables."""

import re

import pytest
from django.urls import reverse

from config import translation_passages, translations
from meetings.minutes import services as minutes_services
from meetings.minutes import translations as minutes_translations
from members import translation_status as ts
from tests.meetings.delivery_fixtures import bolivar_room, minuted_meeting, minutes  # noqa: F401
from tests.workplans.conftest import make_plan
from workplans.models import Paragraph
from workplans.services import translations as version_translations

pytestmark = pytest.mark.django_db

STATUS_URL = reverse("translations:status")


def _translate_all(version, user, language="es"):
    version_translations.save_version_translation(
        version=version,
        language=language,
        headings={section.key: f"Título {section.number}" for section in version.sections.all()},
        texts={paragraph.key: f"Párrafo {paragraph.number}" for paragraph in version.paragraphs.all()},
        user=user,
    )


def _counts(version_or_minutes, language):
    return {
        entry.status.status: entry.count
        for entry in translation_passages.entries()
        if entry.object_id == version_or_minutes.pk
        and entry.model_label == version_or_minutes._meta.label_lower
        and entry.status.language == language
    }


def _shown_count(html, status, key, language):
    match = re.search(rf'id="{status}-{key}-{language}">(\d+) ', html)
    return int(match.group(1))


def test_a_version_counts_missing_then_up_to_date_then_outdated_per_language(group, us, secretariat):
    version = make_plan(group, us, secretariat).versions.get()
    passages = version.sections.count() + version.paragraphs.count()
    assert _counts(version, "es") == {ts.Status.MISSING: passages}

    _translate_all(version, secretariat)
    assert _counts(version, "es") == {ts.Status.UP_TO_DATE: passages}
    assert _counts(version, "fr") == {ts.Status.MISSING: passages}

    Paragraph.objects.filter(pk=version.paragraphs.get(number=1).pk).update(
        text="The group will meet monthly."
    )
    assert _counts(version, "es") == {ts.Status.UP_TO_DATE: passages - 1, ts.Status.OUTDATED: 1}

    # Saving the Spanish again, changed, brings it up to date.
    paragraph = version.paragraphs.get(number=1)
    version_translations.save_version_translation(
        version=version,
        language="es",
        headings={},
        texts={paragraph.key: "Se reunirá cada mes."},
        user=secretariat,
    )
    assert _counts(version, "es") == {ts.Status.UP_TO_DATE: passages}


def test_the_page_shows_a_version_with_a_link_to_its_translation_page(
    secretariat_client, group, us, secretariat
):
    plan = make_plan(group, us, secretariat)
    version = plan.versions.get()
    _translate_all(version, secretariat)
    Paragraph.objects.filter(pk=version.paragraphs.get(number=1).pk).update(text="Changed.")

    response = secretariat_client.get(STATUS_URL, {"group": group.pk, "language": "es", "status": "outdated"})
    html = response.content.decode()
    assert reverse("workplans:translate_version", args=[plan.pk, 1, "es"]) in html
    assert html.count('class="translation-entry"') == 1
    found = translations.entries() + translation_passages.entries()
    stored = translations.counts(found)
    for status in (ts.Status.MISSING, ts.Status.OUTDATED):
        for language in ("es", "fr", "pt"):
            assert _shown_count(html, status, group.pk, language) == stored[(str(group.pk), language, status)]
    assert _shown_count(html, "outdated", group.pk, "es") == 1


def test_minutes_items_are_counted_and_stamped(minutes, secretariat):  # noqa: F811
    minutes_services.update_minutes(
        minutes=minutes, opening="The chair opened the meeting.", items={}, next_steps=""
    )
    minutes.refresh_from_db()
    items = list(minutes.items.all())
    # The opening, each item's title and each item's summary that is written.
    passages = 1 + len(items) + sum(1 for item in items if item.summary.strip())
    assert _counts(minutes, "es") == {ts.Status.MISSING: passages}

    minutes_translations.save_minutes_translation(
        minutes=minutes,
        language="es",
        opening="La presidencia abrió la sesión.",
        next_steps="",
        items={item.pk: (f"Punto {item.position}", f"Resumen {item.position}") for item in items},
        by=secretariat,
    )
    assert _counts(minutes, "es") == {ts.Status.UP_TO_DATE: passages}

    minutes_services.update_minutes(minutes=minutes, opening="The chair opened the session at ten.")
    assert _counts(minutes, "es") == {ts.Status.UP_TO_DATE: passages - 1, ts.Status.OUTDATED: 1}
    assert _counts(minutes, "fr") == {ts.Status.MISSING: passages}


def test_the_page_reads_versions_in_a_fixed_number_of_queries(
    secretariat_client, group, us, secretariat, django_assert_num_queries
):
    make_plan(group, us, secretariat)
    secretariat_client.get(STATUS_URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        secretariat_client.get(STATUS_URL)
    for _ in range(3):
        _translate_all(make_plan(group, us, secretariat).versions.get(), secretariat)
    with django_assert_num_queries(len(small.captured_queries)):
        assert secretariat_client.get(STATUS_URL).status_code == 200
