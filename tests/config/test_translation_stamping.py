"""Every staff form that saves translations records stamps, so the status page is true after edits anywhere."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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


def test_staff_set_the_original_language_of_minutes_and_of_a_version(
    secretariat_client, group, us, secretariat
):
    from meetings.minutes import services as minutes_services
    from tests.meetings.delivery_fixtures import make_meeting
    from tests.workplans.conftest import make_plan

    plan = make_plan(group, us, secretariat)
    version = plan.versions.get()
    edit = reverse("workplans:edit_version", args=[plan.pk, 1])
    page = secretariat_client.get(edit)
    assert 'name="original_language"' in page.content.decode()
    form = page.context["form"]
    data = {name: (field.initial or "") for name, field in form.fields.items()}
    data["original_language"] = "es"
    response = secretariat_client.post(edit, data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.original_language == "es"

    meeting = make_meeting(group, status="held", starts_at=timezone.now() - datetime.timedelta(days=2))
    minutes = minutes_services.start_minutes(meeting=meeting)
    url = reverse("meetings:minutes_edit", args=[meeting.pk])
    page = secretariat_client.get(url)
    assert 'name="original_language"' in page.content.decode()
    response = secretariat_client.post(url, {"original_language": "fr", "opening": "Ouverture."})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.original_language, minutes.opening) == ("fr", "Ouverture.")
