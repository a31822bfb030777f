"""Every staff form that saves translations records stamps, so the status page is true after edits anywhere."""

import pytest
from django.urls import reverse

from meetings.models import AgendaItem
from members import translation_status as ts
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

STATUS_URL = reverse("translations:status")


def _item_post(item, **texts):
    data = {"original_language": "en", "minutes_allotted": item.minutes_allotted or ""}
    for field in ("title", "description", "presenter", "outcome"):
        for code in ("en", "es", "fr", "pt"):
            data[f"{field}_{code}"] = getattr(item, f"{field}_{code}") or ""
    return data | texts


def test_editing_the_english_original_makes_the_spanish_outdated_and_saving_it_up_to_date(secretariat_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title_en="Budget review", title_es="Examen del presupuesto")
    edit = reverse("meetings:agenda_item_edit", args=[item.pk])

    response = secretariat_client.post(edit, _item_post(item, title_en="Budget and staffing review"))
    assert response.status_code == 302
    statuses = ts.statuses_for(AgendaItem.objects.get(pk=item.pk))
    assert statuses[("title", "es")].status == ts.Status.OUTDATED
    html = secretariat_client.get(
        STATUS_URL, {"group": meeting.group_id, "language": "es", "status": "outdated"}
    ).content.decode()
    assert "Budget and staffing review" in html
    assert 'data-status="outdated"' in html

    item.refresh_from_db()
    response = secretariat_client.post(
        edit, _item_post(item, title_es="Examen del presupuesto y del personal")
    )
    assert response.status_code == 302
    statuses = ts.statuses_for(AgendaItem.objects.get(pk=item.pk))
    assert statuses[("title", "es")].status == ts.Status.UP_TO_DATE
    html = secretariat_client.get(
        STATUS_URL, {"group": meeting.group_id, "language": "es", "status": "outdated"}
    ).content.decode()
    assert "Budget and staffing review" not in html
    html = secretariat_client.get(
        STATUS_URL, {"group": meeting.group_id, "language": "es", "status": "up_to_date"}
    ).content.decode()
    assert "Budget and staffing review" in html


def test_adding_an_agenda_item_with_a_translation_stamps_it(secretariat_client, secretariat):
    meeting = MeetingFactory()
    data = {"original_language": "en", "title_en": "Opening", "title_es": "Apertura", "minutes_allotted": 10}
    response = secretariat_client.post(reverse("meetings:agenda_add", args=[meeting.pk]), data)
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    stamp = ts.TranslationStamp.objects.for_model(AgendaItem, [item.pk]).get()
    assert (stamp.field, stamp.language, stamp.translated_by) == ("title", "es", secretariat)
    assert stamp.source_digest == ts.digest("Opening")
