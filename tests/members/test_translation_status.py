"""Translation status: missing, up to date or outdated, per object, field and language."""

import pytest

from groups.models import WorkingGroup
from members import translation_status as ts
from tests.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db

AIMS = "Foster dialogue among member states."


def _statuses(group):
    return {
        key: status.status for key, status in ts.statuses_for(WorkingGroup.objects.get(pk=group.pk)).items()
    }


def _edit(group, by=None, **texts):
    """What a staff form does: snapshot, change, save, stamp."""
    group = WorkingGroup.objects.get(pk=group.pk)
    before = ts.snapshot(group)
    for name, value in texts.items():
        setattr(group, name, value)
    group.save()
    ts.stamp_edit(obj=group, before=before, by=by)
    return group


def test_the_registry_decides_which_models_and_fields_are_translatable():
    assert WorkingGroup in ts.translatable_models()
    assert "aims" in ts.translatable_fields(WorkingGroup)
    assert ts.original_language_of(WorkingGroup()) == "en"


def test_digest_ignores_whitespace_but_not_words():
    assert ts.digest("Foster  dialogue\namong states. ") == ts.digest("Foster dialogue among states.")
    assert ts.digest("Foster dialogue among states.") != ts.digest("Foster dialogue among all states.")
    assert ts.digest(None) == ts.digest("")


@pytest.mark.parametrize(
    ("original", "translation", "stamp", "expected"),
    [
        ("", "Texto", None, None),  # nothing to translate
        ("   ", "", None, None),
        (AIMS, "", None, ts.Status.MISSING),
        (AIMS, "  \n ", ts.digest(AIMS), ts.Status.MISSING),
        (AIMS, "Fomentar el diálogo.", None, ts.Status.UP_TO_DATE),  # typed before stamps existed
        (AIMS, "Fomentar el diálogo.", ts.digest(AIMS), ts.Status.UP_TO_DATE),
        (
            AIMS,
            "Fomentar el diálogo.",
            ts.digest("Foster  dialogue among\nmember states. "),
            ts.Status.UP_TO_DATE,
        ),
        (AIMS, "Fomentar el diálogo.", ts.digest("Foster dialogue."), ts.Status.OUTDATED),
    ],
)
def test_status_of(original, translation, stamp, expected):
    assert ts.status_of(original=original, translation=translation, stamp_digest=stamp) == expected


def test_a_translation_saved_then_the_original_revised_is_outdated(secretariat):
    group = WorkingGroupFactory(aims_en=AIMS)
    assert _statuses(group)[("aims", "es")] == ts.Status.MISSING

    _edit(group, by=secretariat, aims_es="Fomentar el diálogo entre los Estados Miembros.")
    assert _statuses(group)[("aims", "es")] == ts.Status.UP_TO_DATE
    stamp = ts.TranslationStamp.objects.get(field="aims", language="es")
    assert stamp.translated_by == secretariat and stamp.source_digest == ts.digest(AIMS)

    _edit(group, aims_en=AIMS + " And share good practices.")
    statuses = _statuses(group)
    assert statuses[("aims", "es")] == ts.Status.OUTDATED
    assert statuses[("aims", "fr")] == ts.Status.MISSING


def test_a_whitespace_only_revision_leaves_translations_up_to_date():
    group = _edit(WorkingGroupFactory(aims_en=AIMS), aims_es="Fomentar el diálogo.")
    _edit(group, aims_en="Foster   dialogue among\nmember states.  ")
    assert _statuses(group)[("aims", "es")] == ts.Status.UP_TO_DATE


def test_an_unstamped_translation_becomes_outdated_when_the_original_changes():
    group = WorkingGroupFactory(aims_en=AIMS, aims_fr="Favoriser le dialogue.")
    assert _statuses(group)[("aims", "fr")] == ts.Status.UP_TO_DATE
    _edit(group, aims_en="Foster dialogue and cooperation.")
    assert _statuses(group)[("aims", "fr")] == ts.Status.OUTDATED


def test_editing_original_and_translation_together_keeps_it_up_to_date():
    group = _edit(WorkingGroupFactory(aims_en=AIMS), aims_es="Fomentar el diálogo.")
    _edit(group, aims_en="Foster dialogue and cooperation.", aims_es="Fomentar el diálogo y la cooperación.")
    assert _statuses(group)[("aims", "es")] == ts.Status.UP_TO_DATE


def test_save_translations_stamps_changed_and_confirmed_fields_and_keeps_history(secretariat):
    group = _edit(WorkingGroupFactory(aims_en=AIMS, mandate_title_en="Democracy"), aims_es="Viejo.")
    group = _edit(group, aims_en="Foster dialogue and cooperation.", mandate_title_fr="Démocratie")
    group = _edit(group, mandate_title_en="Strengthening democracy")
    statuses = _statuses(group)
    assert statuses[("aims", "es")] == statuses[("mandate_title", "fr")] == ts.Status.OUTDATED
    history_before = group.history.count()

    seen = {"aims": ts.digest("Foster dialogue and cooperation.")}
    ts.save_translations(
        obj=group,
        language="es",
        texts={"aims": "Fomentar el diálogo y la cooperación."},
        seen=seen,
        by=secretariat,
    )
    ts.save_translations(
        obj=group, language="fr", texts={"mandate_title": "Démocratie"}, seen={}, confirmed=["mandate_title"]
    )
    statuses = _statuses(group)
    assert statuses[("aims", "es")] == statuses[("mandate_title", "fr")] == ts.Status.UP_TO_DATE
    assert WorkingGroup.objects.get(pk=group.pk).aims_es == "Fomentar el diálogo y la cooperación."
    latest = group.history.order_by("-history_id").first()
    assert group.history.count() == history_before + 1  # the confirmation changed no text
    assert latest.history_user == secretariat and latest.aims_es == "Fomentar el diálogo y la cooperación."


def test_an_original_changed_while_translating_stays_outdated():
    group = WorkingGroupFactory(aims_en="Foster dialogue and cooperation.")
    ts.save_translations(
        obj=group, language="es", texts={"aims": "Fomentar el diálogo."}, seen={"aims": ts.digest(AIMS)}
    )
    assert _statuses(group)[("aims", "es")] == ts.Status.OUTDATED


def test_an_unchanged_outdated_translation_stays_outdated_without_confirmation():
    group = _edit(WorkingGroupFactory(aims_en=AIMS), aims_es="Fomentar el diálogo.")
    group = _edit(group, aims_en="Foster dialogue and cooperation.")
    ts.save_translations(obj=group, language="es", texts={"aims": "Fomentar el diálogo."}, seen={})
    assert _statuses(group)[("aims", "es")] == ts.Status.OUTDATED


def test_field_statuses_read_the_stamps_of_many_objects_in_one_query(django_assert_num_queries):
    groups = [_edit(WorkingGroupFactory(aims_en=AIMS), aims_es="Fomentar.") for _ in range(5)]
    rows = list(ts.text_rows(WorkingGroup.objects.filter(pk__in=[g.pk for g in groups])))
    with django_assert_num_queries(1):
        found = ts.field_statuses(WorkingGroup, rows)
    assert {(s.object_id, s.status) for s in found if s.field == "aims" and s.language == "es"} == {
        (g.pk, ts.Status.UP_TO_DATE) for g in groups
    }


def test_translations_saved_in_the_admin_are_stamped(secretariat):
    from django.contrib import admin
    from django.test import RequestFactory

    group = _edit(WorkingGroupFactory(aims_en=AIMS), aims_es="Fomentar el diálogo.")
    request = RequestFactory().post("/")
    request.user = secretariat
    group = WorkingGroup.objects.get(pk=group.pk)
    group.aims_en, group.aims_fr = (
        "Foster dialogue and cooperation.",
        "Favoriser le dialogue et la coopération.",
    )
    admin.site._registry[WorkingGroup].save_model(request, group, form=None, change=True)

    statuses = _statuses(group)
    assert statuses[("aims", "es")] == ts.Status.OUTDATED
    assert statuses[("aims", "fr")] == ts.Status.UP_TO_DATE
    assert ts.TranslationStamp.objects.get(field="aims", language="fr").translated_by == secretariat


def test_an_object_written_in_spanish_is_translated_from_spanish():
    """Models with an `original_language` field (as meetings and groups gain one) compare with it."""
    row = {
        "pk": 7,
        "original_language": "es",
        "aims_es": "Fomentar el diálogo.",
        "aims_en": "",
        "aims_fr": "X",
    }
    found = {(s.field, s.language): s for s in ts.field_statuses(WorkingGroup, [row], stamps={})}
    assert found[("aims", "en")].status == ts.Status.MISSING
    assert (
        found[("aims", "en")].original == "Fomentar el diálogo."
        and found[("aims", "en")].original_language == "es"
    )
    assert found[("aims", "fr")].status == ts.Status.UP_TO_DATE
    assert ("aims", "es") not in found

    stamps = {(7, "aims", "fr"): ts.digest("Fomentar el diálogo entre Estados.")}
    outdated = {
        (s.field, s.language): s.status for s in ts.field_statuses(WorkingGroup, [row], stamps=stamps)
    }
    assert outdated[("aims", "fr")] == ts.Status.OUTDATED
