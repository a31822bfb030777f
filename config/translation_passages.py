"""What is left to translate in texts kept outside modeltranslation: work-plan versions and minutes.

A version's sections and paragraphs, and the minutes' opening, next steps and items, are
translated in their own tables (workplans.models.translations, meetings.minutes.models), one
row per passage and language, and stamped like modeltranslation fields
(members.translation_status.stamp_passages, keyed by the source passage). Here they are
counted per version (or minutes) and language: one entry per status, holding how many
passages are in it, with a link to the page that translates that version in that language.

Reading costs a fixed number of queries however many versions, minutes and passages exist.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.minutes.models import Minutes, MinutesItem, MinutesItemTranslation, MinutesTranslation
from members import translation_status as ts
from workplans.models import Paragraph, ParagraphTranslation, Section, SectionTranslation, WorkPlanVersion

from .translations import NO_GROUP, Entry


def _stamps(*models) -> dict:
    """{model: {(object_id, field, language): digest}} in one query."""
    types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    by_type = {content_type.pk: model for model, content_type in types.items()}
    found: dict = {model: {} for model in models}
    rows = ts.TranslationStamp.objects.filter(content_type__in=list(by_type)).values_list(
        "content_type_id", "object_id", "field", "language", "source_digest"
    )
    for content_type_id, object_id, field, language, source in rows:
        found[by_type[content_type_id]][(object_id, field, language)] = source
    return found


def _entries(documents: dict, passages: list, translated: dict, stamps: dict) -> list[Entry]:
    """`documents`: {doc_id: info}; `passages`: (doc_id, model, object_id, field, text)."""
    tally: dict = defaultdict(list)
    for doc_id, model, object_id, field, text in passages:
        info = documents[doc_id]
        for language in ts.language_codes():
            if language == info["original_language"]:
                continue
            key = (model, object_id, field, language)
            status = ts.status_of(
                original=text or "",
                translation=translated.get(key, ""),
                stamp_digest=stamps[model].get((object_id, field, language)),
            )
            if status is not None:
                tally[(doc_id, language, status)].append(text)
    found = []
    for (doc_id, language, status), texts in sorted(tally.items(), key=lambda pair: pair[0][:2]):
        info = documents[doc_id]
        found.append(
            Entry(
                model_label=info["label"],
                kind=info["kind"],
                object_id=doc_id,
                title=info["title"],
                group_key=NO_GROUP if info["group"] is None else str(info["group"]),
                field="passages",
                field_label=_("Passages: %(n)s") % {"n": len(texts)},
                status=ts.FieldStatus(
                    doc_id, "passages", language, status, info["original_language"], texts[0], ""
                ),
                url=info["url"](language),
                count=len(texts),
            )
        )
    return found


def version_entries() -> list[Entry]:
    versions = WorkPlanVersion.objects.values(
        "pk", "number", "plan_id", "plan__title", "plan__group_id", "original_language"
    )
    documents = {
        row["pk"]: {
            "label": WorkPlanVersion._meta.label_lower,
            "kind": _("work plan version"),
            "title": _("%(plan)s, version %(number)s")
            % {"plan": row["plan__title"], "number": row["number"]},
            "group": row["plan__group_id"],
            "original_language": row["original_language"],
            "url": lambda language, plan=row["plan_id"], number=row["number"]: reverse(
                "workplans:translate_version", args=[plan, number, language]
            ),
        }
        for row in versions
    }
    passages = [
        (version, Section, pk, "heading", heading)
        for pk, version, heading in Section.objects.order_by("version_id", "number").values_list(
            "pk", "version_id", "heading"
        )
    ] + [
        (version, Paragraph, pk, "text", text)
        for pk, version, text in Paragraph.objects.order_by("version_id", "number").values_list(
            "pk", "version_id", "text"
        )
    ]
    translated = {
        (Section, pk, "heading", language): text
        for pk, language, text in SectionTranslation.objects.values_list("section_id", "language", "heading")
    } | {
        (Paragraph, pk, "text", language): text
        for pk, language, text in ParagraphTranslation.objects.values_list("paragraph_id", "language", "text")
    }
    return _entries(documents, passages, translated, _stamps(Section, Paragraph))


def minutes_entries() -> list[Entry]:
    rows = Minutes.objects.values(
        "pk",
        "meeting_id",
        "meeting__number",
        "meeting__group_id",
        "original_language",
        "opening",
        "next_steps",
    )
    documents, passages = {}, []
    for row in rows:
        documents[row["pk"]] = {
            "label": Minutes._meta.label_lower,
            "kind": _("minutes"),
            "title": _("Minutes of meeting %(number)s") % {"number": row["meeting__number"]},
            "group": row["meeting__group_id"],
            "original_language": row["original_language"],
            "url": lambda language, meeting=row["meeting_id"]: reverse(
                "meetings:minutes_translate", args=[meeting, language]
            ),
        }
        passages += [(row["pk"], Minutes, row["pk"], name, row[name]) for name in ("opening", "next_steps")]
    for pk, minutes, title, summary in MinutesItem.objects.order_by(
        "minutes_id", "position", "pk"
    ).values_list("pk", "minutes_id", "title", "summary"):
        passages += [
            (minutes, MinutesItem, pk, "title", title),
            (minutes, MinutesItem, pk, "summary", summary),
        ]
    translated = {}
    for pk, language, opening, next_steps in MinutesTranslation.objects.values_list(
        "minutes_id", "language", "opening", "next_steps"
    ):
        translated[(Minutes, pk, "opening", language)] = opening
        translated[(Minutes, pk, "next_steps", language)] = next_steps
    for pk, language, title, summary in MinutesItemTranslation.objects.values_list(
        "item_id", "language", "title", "summary"
    ):
        translated[(MinutesItem, pk, "title", language)] = title
        translated[(MinutesItem, pk, "summary", language)] = summary
    return _entries(documents, passages, translated, _stamps(Minutes, MinutesItem))


def entries() -> list[Entry]:
    return version_entries() + minutes_entries()
