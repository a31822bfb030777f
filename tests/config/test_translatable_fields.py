"""Every text a visitor reads is translatable, or on the short list below with the reason it is not.

The models shown to visitors are those with a `visible_to` queryset (the apps' own statement that
they are read outside the secretariat) and the ones their pages show with them (PART_OF_PUBLIC_PAGES).
A new CharField or TextField on any of them fails here until it is registered with modeltranslation
(its app's translation.py) or given a reason below.
"""

import pytest
from django.apps import apps
from django.db import models
from modeltranslation.translator import NotRegistered, translator

from members.translated import language_codes

APPS = ("groups", "meetings", "workplans", "press")
PART_OF_PUBLIC_PAGES = {
    "meetings.Room",
    "meetings.Presentation",
    "meetings.Observer",
    "meetings.MeetingDateChange",
    "groups.Officer",
    "members.SecretariatUnit",
    "members.MemberState",
    "meetings.MinutesItem",
    "meetings.DocumentFile",
    "workplans.Section",
    "workplans.Paragraph",
}
# Identifiers, names of people, addresses and texts with their own language versions.
NOT_TRANSLATED = {
    "groups.WorkingGroup.acronym": "an acronym is the same in every language (MESICIC, GTVCDI)",
    "groups.WorkingGroup.mandate_reference": "a resolution symbol (AG/RES. 3004 (LIII-O/23))",
    "groups.WorkingGroup.time_zone": "an IANA identifier",
    "groups.WorkingGroup.document_symbol_pattern": "a symbol pattern, not prose",
    "groups.JoinRequest.message": "correspondence of one delegation with the secretariat, never public",
    "groups.JoinRequest.reason": "correspondence of one delegation with the secretariat, never public",
    "groups.Officer.person_name": "a person's name",
    "groups.WorkingGroup.rules_of_procedure": (
        "the text of record as adopted; the decision that adopts it is written in all four languages"
    ),
    "meetings.Meeting.time_zone": "an IANA identifier",
    "meetings.Room.address": "a postal address, written as the post office of the place reads it",
    "meetings.Presentation.person_name": "a person's name",
    "meetings.Presentation.affiliation": "the guest's organisation as the guest names it",
    "meetings.Observer.persons": "names of people",
    "meetings.Decision.adopted_name": "copied into the group's adopted name, translated there",
    "meetings.Document.symbol": "a document symbol",
    "meetings.Document.title": "a paper is published as language versions, each with its own language",
    "meetings.DocumentFile.original_name": "the uploaded file's name",
    "meetings.DocumentFile.content_type": "a media type",
    "meetings.Minutes.symbol": "a document symbol",
    "meetings.Minutes.chair": "minutes are written as whole language versions (issue 10, item 3)",
    "meetings.Minutes.opening": "minutes are written as whole language versions (issue 10, item 3)",
    "meetings.Minutes.next_steps": "minutes are written as whole language versions (issue 10, item 3)",
    "meetings.Minutes.next_meeting_text": "minutes are written as whole language versions (issue 10, item 3)",
    "meetings.MinutesItem.title": "translated in MinutesItemTranslation, hung on the item (issue 10, item 3)",
    "meetings.MinutesItem.summary": "translated in MinutesItemTranslation, hung on the item (issue 10, item 3)",
    "workplans.Section.heading": "translated in SectionTranslation, sharing the section's key (issue 10, item 3)",
    "workplans.Paragraph.text": "translated in ParagraphTranslation, sharing the paragraph's key (issue 10, item 3)",
    "workplans.WorkPlanVersion.change_note": "the author's note on what this version changed, in the version's "
    "original language (WorkPlanVersion.original_language)",
    "workplans.Comment.body": "a delegation's comment stays in the language it was written in (Comment.language)",
    "workplans.Comment.body_html": "the rendered comment body, in Comment.language",
    "workplans.Comment.proposed_text": "a delegation's proposed wording, in Comment.language",
    "workplans.Comment.response": "the secretariat's answer to one comment, in the comment's language",
    "workplans.Comment.response_html": "the rendered answer, in the comment's language",
    **{
        f"press.PressRelease.{name}": "a press release is one language version of a set; each carries its language"
        for name in (
            "title",
            "place",
            "summary",
            "body",
            "body_html",
            "image_alt",
            "contact",
            "reference",
            "correction_note",
            "withdrawal_note",
        )
    },
    "press.PressRelease.pdf_etag": "a cache validator of the release's PDF",
    "members.SecretariatUnit.acronym": "an acronym",
    "members.MemberState.iso2": "an ISO code",
    "members.MemberState.iso3": "an ISO code",
    "members.MemberState.status_note": "the secretariat's note on the state's standing, shown only to staff",
}
NOT_PROSE = (models.URLField, models.EmailField, models.SlugField)


def public_models():
    found = {
        f"{model._meta.app_label}.{model.__name__}": model
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if hasattr(model._default_manager.get_queryset(), "visible_to")
    }
    return found | {label: apps.get_model(label) for label in PART_OF_PUBLIC_PAGES}


def is_translatable(model, field) -> bool:
    try:
        if field.name in translator.get_options_for_model(model).fields:
            return True
    except NotRegistered:
        pass
    # A model may keep its languages in plain columns of its own (decisions: text, text_es, ...).
    own = {f.name for f in model._meta.get_fields()}
    return all(f"{field.name}_{code}" in own for code in language_codes() if code != "en")


def shown_texts(model):
    translation_columns = {f"{name}_{code}" for name in _registered(model) for code in language_codes()}
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or isinstance(field, NOT_PROSE):
            continue
        if field.choices or field.name in translation_columns or field.name == "original_language":
            continue
        if any(field.name == f"{other}_{code}" for other in _own_columns(model) for code in language_codes()):
            continue
        yield field


def _registered(model):
    try:
        return translator.get_options_for_model(model).fields
    except NotRegistered:
        return ()


def _own_columns(model):
    names = {f.name for f in model._meta.get_fields()}
    return [
        name for name in names if all(f"{name}_{code}" in names for code in language_codes() if code != "en")
    ]


def test_every_text_shown_to_visitors_is_translatable_or_reasoned():
    untranslated = [
        f"{label}.{field.name}"
        for label, model in public_models().items()
        for field in shown_texts(model)
        if not is_translatable(model, field) and f"{label}.{field.name}" not in NOT_TRANSLATED
    ]
    assert untranslated == [], "Register these with modeltranslation or give a reason in NOT_TRANSLATED"


def test_the_list_of_exceptions_names_real_fields():
    for entry in NOT_TRANSLATED:
        app_label, model_name, field_name = entry.split(".")
        apps.get_model(app_label, model_name)._meta.get_field(field_name)


def test_every_translatable_model_records_its_original_language():
    for label, model in public_models().items():
        if _registered(model) and label not in {"members.SecretariatUnit", "members.MemberState"}:
            assert model._meta.get_field("original_language").default == "en", label


@pytest.mark.parametrize("label", ["meetings.Meeting", "workplans.WorkPlan", "press.PressRelease"])
def test_a_new_untranslated_text_field_would_be_caught(label):
    # The check itself: a TextField on a public model that is neither registered nor listed.
    model = apps.get_model(label)
    assert label in public_models()
    extra = models.TextField(name="location_notes")
    extra.set_attributes_from_name("location_notes")
    extra.model = model
    assert not is_translatable(model, extra)
    assert f"{label}.location_notes" not in NOT_TRANSLATED
