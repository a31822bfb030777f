"""The translation status page and the form that fills one object's gaps in one language."""

import re

import pytest
from django.urls import reverse

from config import translations
from groups.models import WorkingGroup
from meetings.models import AgendaItem, Meeting
from members import translation_status as ts
from members.models import MemberState
from tests.factories import WorkingGroupFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

AIMS = "Foster dialogue among member states."
STATUS_URL = reverse("translations:status")


def _translate_url(group, language="es"):
    return reverse("translations:translate", args=["groups.workinggroup", group.pk, language])


def _shown_count(html, status, key, language):
    match = re.search(rf'id="{status}-{key}-{language}">(\d+) ', html)
    assert match, f"no {status} count for {key}/{language}"
    return int(match.group(1))


def test_groups_are_found_through_foreign_keys():
    assert translations.group_path(WorkingGroup) == "pk"
    assert translations.group_path(Meeting) == "group"

    assert translations.group_path(AgendaItem) == "meeting__group"
    assert translations.group_path(MemberState) is None


def test_the_page_counts_what_is_stored(secretariat_client, group):
    other = WorkingGroupFactory(aims_en=AIMS, aims_es="Fomentar el diálogo.", mandate_title_en="Democracy")
    ts.stamp_edit(obj=other, before={})
    other.aims_en = "Foster dialogue and cooperation."
    other.save()

    html = secretariat_client.get(STATUS_URL).content.decode()

    found = translations.entries()
    for key in (str(group.pk), str(other.pk), translations.NO_GROUP):
        for language in ("en", "es", "fr", "pt"):
            for status in (ts.Status.MISSING, ts.Status.OUTDATED):
                stored = sum(
                    1
                    for e in found
                    if e.group_key == key and e.status.language == language and e.status.status == status
                )
                assert _shown_count(html, status, key, language) == stored
    assert _shown_count(html, "outdated", other.pk, "es") == 1
    # aims, mandate title and provisional name have no French: three fields missing.
    assert _shown_count(html, "missing", other.pk, "fr") == 3
    assert _shown_count(html, "missing", other.pk, "en") == 0


def test_the_list_filters_by_group_language_and_status(secretariat_client, group):
    other = WorkingGroupFactory(aims_en=AIMS, aims_es="Fomentar el diálogo.")
    ts.stamp_edit(obj=other, before={})
    other.aims_en = "Foster dialogue and cooperation."
    other.save()
    response = secretariat_client.get(STATUS_URL, {"group": other.pk, "language": "es", "status": "outdated"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="translation-entry"') == 1
    assert 'data-status="outdated"' in html
    assert '<span lang="en">Foster dialogue and cooperation.</span>' in html
    assert _translate_url(other) in html


def test_bad_filters_are_explained_not_a_server_error(secretariat_client):
    response = secretariat_client.get(STATUS_URL, {"language": "xx", "group": "nope"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


def test_delegates_cannot_open_the_page_or_the_form(delegate_us_client, group):
    assert delegate_us_client.get(STATUS_URL).status_code == 403
    assert delegate_us_client.post(_translate_url(group), {"aims": "X"}).status_code == 403
    assert WorkingGroup.objects.get(pk=group.pk).aims_es in (None, "")


def test_the_form_shows_the_original_beside_each_field(secretariat_client, group):
    group.aims_en = AIMS
    group.save()
    response = secretariat_client.get(_translate_url(group))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'lang="en">{AIMS}</blockquote>' in html
    assert 'name="aims"' in html and 'lang="es"' in html
    assert "Aims (Spanish)" in html


def test_saving_the_form_flips_the_status(secretariat_client, secretariat, group):
    group.aims_en = AIMS
    group.save()
    response = secretariat_client.post(
        _translate_url(group),
        {"aims": "Fomentar el diálogo.", "aims__seen": ts.digest(AIMS), "provisional_name": ""},
    )
    assert response.status_code == 302
    group = WorkingGroup.objects.get(pk=group.pk)
    assert group.aims_es == "Fomentar el diálogo."
    assert ts.statuses_for(group)[("aims", "es")].status == ts.Status.UP_TO_DATE
    assert ts.statuses_for(group)[("provisional_name", "es")].status == ts.Status.MISSING
    assert group.history.order_by("-history_id").first().history_user == secretariat

    html = secretariat_client.get(STATUS_URL).content.decode()
    assert _shown_count(html, "missing", group.pk, "es") == 1


def test_confirming_an_outdated_translation(secretariat_client, group):
    group.aims_en, group.aims_fr = AIMS, "Favoriser le dialogue."
    group.save()
    before = ts.snapshot(group)
    group.aims_en = "Foster dialogue among all member states."
    group.save()
    ts.stamp_edit(obj=group, before=before)
    url = _translate_url(group, "fr")
    page = secretariat_client.get(url).content.decode()
    assert 'name="aims__confirmed"' in page and "Outdated" in page
    secretariat_client.post(url, {"aims": "Favoriser le dialogue.", "aims__confirmed": "on"})
    assert ts.statuses_for(group)[("aims", "fr")].status == ts.Status.UP_TO_DATE


def test_the_original_language_and_unknown_objects_have_no_form(secretariat_client, group):
    assert secretariat_client.get(_translate_url(group, "en")).status_code == 404
    assert secretariat_client.get(_translate_url(group, "xx")).status_code == 404
    missing = reverse("translations:translate", args=["groups.workinggroup", 9999, "es"])
    assert secretariat_client.get(missing).status_code == 404
    unregistered = reverse("translations:translate", args=["members.user", 1, "es"])
    assert secretariat_client.get(unregistered).status_code == 404


def test_too_long_a_translation_is_refused_with_a_message(secretariat_client, group):
    response = secretariat_client.post(_translate_url(group), {"provisional_name": "x" * 1000})
    assert response.status_code == 422
    assert WorkingGroup.objects.get(pk=group.pk).provisional_name_es in (None, "")


@pytest.mark.parametrize("count", [5, 50])
def test_the_status_page_reads_in_a_fixed_number_of_queries(
    secretariat_client, django_assert_num_queries, count
):
    for _ in range(count):
        group = WorkingGroupFactory(aims_en=AIMS, aims_es="Fomentar.")
        MeetingFactory(group=group)
        ts.stamp_edit(obj=group, before={})
    secretariat_client.get(STATUS_URL)  # warm the content-type cache, as a running site has
    # Session, user with roles and MFA, the groups, the stamps, then one per translatable model;
    # work-plan versions and minutes (config.translation_passages): 6 and 5 more.
    with django_assert_num_queries(4 + len(ts.translatable_models()) + 11):
        response = secretariat_client.get(STATUS_URL)
    assert response.status_code == 200


def test_translatable_fields_come_in_the_models_own_order_so_the_page_reads_the_same_every_run():
    from groups.models import WorkingGroup
    from meetings.models import AgendaItem
    from members import translation_status

    # The first field names an object on the status page: a run-to-run order would change its title.
    assert translation_status.translatable_fields(AgendaItem)[:2] == ["title", "description"]
    fields = translation_status.translatable_fields(WorkingGroup)
    order = [field.name for field in WorkingGroup._meta.get_fields()]
    assert fields == sorted(fields, key=order.index)
