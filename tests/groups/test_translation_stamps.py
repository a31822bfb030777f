"""The group's staff forms record the translations they save (members.translation_status)."""

import pytest
from django.urls import reverse

from groups.models import WorkingGroup
from members.translation_status import Status, TranslationStamp, statuses_for
from tests.groups.test_views_manage import NEW_GROUP

pytestmark = pytest.mark.django_db


def _edit_data(client, group):
    form = client.get(reverse("groups:edit", args=[group.slug])).context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}


def test_a_new_groups_translations_are_up_to_date_and_stamped_by_their_author(
    secretariat_client, secretariat
):
    secretariat_client.post(
        reverse("groups:create"), {**NEW_GROUP, "mandate_title_es": "Observación electoral"}
    )
    group = WorkingGroup.objects.get(acronym="GT-OE")
    statuses = statuses_for(group)
    assert statuses[("mandate_title", "es")].status == Status.UP_TO_DATE
    assert statuses[("mandate_title", "fr")].status == Status.MISSING
    assert TranslationStamp.objects.get(field="mandate_title", language="es").translated_by == secretariat


def test_revising_the_english_in_the_edit_form_outdates_the_translations_left_alone(secretariat_client):
    secretariat_client.post(
        reverse("groups:create"),
        {
            **NEW_GROUP,
            "mandate_title_es": "Observación electoral",
            "mandate_title_fr": "Observation électorale",
        },
    )
    group = WorkingGroup.objects.get(acronym="GT-OE")
    data = _edit_data(secretariat_client, group)
    data["mandate_title_en"] = "Electoral observation missions"
    data["mandate_title_fr"] = "Missions d'observation électorale"
    assert secretariat_client.post(reverse("groups:edit", args=[group.slug]), data).status_code == 302

    statuses = statuses_for(WorkingGroup.objects.get(pk=group.pk))
    assert statuses[("mandate_title", "es")].status == Status.OUTDATED
    assert statuses[("mandate_title", "fr")].status == Status.UP_TO_DATE
    assert statuses[("provisional_name", "es")].status == Status.UP_TO_DATE
