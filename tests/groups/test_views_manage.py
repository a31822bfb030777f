"""Staff create, edit and conclude a group from Plenary's own pages; nobody else can."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from groups.models import WorkingGroup
from tests.factories import JoinRequestFactory

pytestmark = pytest.mark.django_db

NEW_GROUP = {
    "provisional_name_en": "Working Group on Electoral Observation",
    "provisional_name_es": "Grupo de Trabajo sobre Observación Electoral",
    "provisional_name_fr": "Groupe de travail sur l'observation électorale",
    "provisional_name_pt": "Grupo de Trabalho sobre Observação Eleitoral",
    "acronym": "GT-OE",
    "mandate_reference": "AG/RES. 3010 (LIV-O/24)",
    "mandate_url": "https://www.oas.org/en/council/AG/resoluciones-declaraciones.asp",
    "mandate_title_en": "Electoral observation",
    "established_on": "2024-06-28",
    "open_to_participation": "on",
    "status": "forming",
    "time_zone": "America/Bogota",
    "quorum_rule": "majority",
    "document_symbol_pattern": "{acronym}/doc.{number}/{yy}",
}


def test_staff_create_a_group_with_its_names_in_four_languages(secretariat_client):
    response = secretariat_client.post(reverse("groups:create"), NEW_GROUP)
    group = WorkingGroup.objects.get(acronym="GT-OE")
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.slug == "working-group-on-electoral-observation"
    assert group.provisional_name_es == "Grupo de Trabajo sobre Observación Electoral"
    assert group.time_zone == "America/Bogota"
    spanish = secretariat_client.get(group.get_absolute_url().replace("/en/", "/es/", 1)).content.decode()
    assert "Grupo de Trabajo sobre Observación Electoral" in spanish


def test_a_group_without_an_english_name_is_refused_and_nothing_is_saved(secretariat_client):
    response = secretariat_client.post(reverse("groups:create"), {**NEW_GROUP, "provisional_name_en": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not WorkingGroup.objects.filter(acronym="GT-OE").exists()


def test_an_unknown_time_zone_is_refused(secretariat_client):
    response = secretariat_client.post(reverse("groups:create"), {**NEW_GROUP, "time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert not WorkingGroup.objects.filter(acronym="GT-OE").exists()


def test_delegates_cannot_create_or_edit_groups(delegate_us_client, group):
    assert delegate_us_client.post(reverse("groups:create"), NEW_GROUP).status_code == 403
    assert delegate_us_client.post(reverse("groups:edit", args=[group.slug]), NEW_GROUP).status_code == 403
    assert not WorkingGroup.objects.filter(acronym="GT-OE").exists()


def test_staff_edit_the_mandate_and_the_slug_stays(secretariat_client, group):
    form = secretariat_client.get(reverse("groups:edit", args=[group.slug])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data["mandate_title_fr"] = "Renforcer la démocratie"
    response = secretariat_client.post(reverse("groups:edit", args=[group.slug]), data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.mandate_title_fr == "Renforcer la démocratie"
    assert response["Location"] == group.get_absolute_url()


def test_an_adopted_name_needs_its_date(secretariat_client, group):
    form = secretariat_client.get(reverse("groups:edit", args=[group.slug])).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data["adopted_name_en"] = "Group of Friends of the Democratic Charter"
    data.pop("name_adopted_on", None)
    response = secretariat_client.post(reverse("groups:edit", args=[group.slug]), data)
    assert response.status_code == 422
    assert "Give the date the name was adopted." in response.content.decode()
    group.refresh_from_db()
    assert group.adopted_name == ""


def test_concluding_ends_support_declines_requests_and_keeps_the_record(
    secretariat_client, group, delegate_of_non_member, hn, django_capture_on_commit_callbacks
):
    JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("groups:close", args=[group.slug]),
            {"concluded_on": today.isoformat(), "note": "Mandate completed under AG/RES. 3050."},
        )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == WorkingGroup.Status.CONCLUDED and group.concluded_on == today
    assert not group.open_to_participation
    assert group.memberships.filter(until__isnull=True).count() == 0
    assert group.join_requests.pending().count() == 0
    assert any("Mandate completed" in message.body for message in mail.outbox)
    page = secretariat_client.get(group.get_absolute_url()).content.decode()
    assert "Mandate completed under AG/RES. 3050." in page


def test_a_conclusion_in_the_future_is_refused(secretariat_client, group):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = secretariat_client.post(
        reverse("groups:close", args=[group.slug]), {"concluded_on": tomorrow.isoformat(), "note": "Later."}
    )
    assert response.status_code == 422
    group.refresh_from_db()
    assert group.status != WorkingGroup.Status.CONCLUDED


def test_delegates_cannot_conclude_a_group(delegate_us_client, group):
    today = timezone.localdate().isoformat()
    response = delegate_us_client.post(
        reverse("groups:close", args=[group.slug]), {"concluded_on": today, "note": "x"}
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.status != WorkingGroup.Status.CONCLUDED


def test_a_concluded_group_can_no_longer_be_edited(secretariat_client, group):
    group.status = WorkingGroup.Status.CONCLUDED
    group.save(update_fields=["status"])
    response = secretariat_client.post(reverse("groups:edit", args=[group.slug]), NEW_GROUP)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.acronym != "GT-OE"
