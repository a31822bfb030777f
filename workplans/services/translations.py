"""Entering the translation of a version, heading by heading and paragraph by paragraph."""

import uuid
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.translation_status import PassagesSaved, stamp_passages, still_correct

from ..models import Paragraph, ParagraphTranslation, Section, SectionTranslation, WorkPlanVersion


@transaction.atomic
def save_version_translation(
    *,
    version: WorkPlanVersion,
    language: str,
    headings: dict[uuid.UUID, str],
    texts: dict[uuid.UUID, str],
    user,
    now=None,
    seen: Mapping[str, str] | None = None,
    confirmed: Iterable[str] = (),
) -> PassagesSaved:
    """Store the `language` text of the version's sections and paragraphs, by their keys.

    A blank entry removes that translation (the original shows again). `seen` and `confirmed`
    name passages as the form does ("h-<key>" for a heading, "p-<key>" for a paragraph): `seen`
    gives the digest of the original the translator had in front of them, `confirmed` the
    unchanged translations they ticked as still correct (re-stamped against today's original
    only if that is the original they saw). Returns how many entries are translated afterwards
    and how many ticks were recorded or refused as stale; the version's history records the ticks.
    """
    seen = seen or {}
    confirmed = set(confirmed)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the official languages.")})
    locked = WorkPlanVersion.objects.select_for_update().get(pk=version.pk)
    if language == locked.original_language:
        raise ValidationError({"language": _("This is the language the version was written in.")})
    now = now or timezone.now()
    sections = {row.key: row for row in locked.sections.all()}
    paragraphs = {row.key: row for row in locked.paragraphs.all()}
    unknown = (set(headings) - set(sections)) | (set(texts) - set(paragraphs))
    if unknown:
        raise ValidationError(_("The version changed while you translated it; reload the page."))
    translated, ticked, stale = 0, 0, 0
    for prefix, source, translation, owner_field, owners, text_field, entries in (
        ("h", Section, SectionTranslation, "section", sections, "heading", headings),
        ("p", Paragraph, ParagraphTranslation, "paragraph", paragraphs, "text", texts),
    ):
        unchanged: set = set()
        translated += _store(
            translation,
            owner_field,
            owners,
            text_field,
            entries,
            language=language,
            user=user,
            now=now,
            unchanged=unchanged,
        )
        # The status page compares each stamp with the original today: the translator saw this one.
        shown = {(owners[key].pk, text_field): seen.get(f"{prefix}-{key}", "") for key in entries}
        stamp_passages(
            model=source,
            passages=[
                (owners[key].pk, text_field, language, getattr(owners[key], text_field))
                for key, value in entries.items()
                if value.strip()
            ],
            by=user,
            only_new=unchanged,
            seen=shown,
        )
        accepted, refused = still_correct(
            (owner.pk, text_field, language, getattr(owner, text_field), shown[(owner.pk, text_field)])
            for key, owner in owners.items()
            if f"{prefix}-{key}" in confirmed and (owner.pk, text_field, language) in unchanged
        )
        stamp_passages(model=source, passages=accepted, by=user)
        ticked, stale = ticked + len(accepted), stale + refused
    # The page and the PDF are cached by this counter: they show the new translation at once.
    locked.body_revision += 1
    locked._history_user = user
    locked._change_reason = f"Translation into {language}" + (
        f": {ticked} passage(s) confirmed still correct" if ticked else ""
    )
    locked.save(update_fields=["body_revision"])
    return PassagesSaved(translated, ticked, stale)


def _store(
    model, owner_field, owners: dict, text_field, entries: dict, *, language, user, now, unchanged: set
) -> int:
    """Create, change or remove the translations of `owners` in a fixed number of queries.

    Adds to `unchanged` the (owner id, field, language) of translations saved as they were.
    """
    existing = {
        getattr(row, f"{owner_field}_id"): row
        for row in model.objects.filter(**{f"{owner_field}__in": owners.values(), "language": language})
    }
    created, changed, removed = [], [], []
    for key, value in entries.items():
        owner, value = owners[key], value.strip()
        row = existing.get(owner.pk)
        if not value:
            if row is not None:
                removed.append(row.pk)
        elif row is None:
            created.append(
                model(
                    **{
                        owner_field: owner,
                        "language": language,
                        text_field: value,
                        "updated_at": now,
                        "updated_by": user,
                    }
                )
            )
        elif getattr(row, text_field) != value:
            setattr(row, text_field, value)
            row.updated_at, row.updated_by = now, user
            changed.append(row)
        else:
            unchanged.add((owner.pk, text_field, language))
    model.objects.filter(pk__in=removed).delete()
    model.objects.bulk_create(created)
    model.objects.bulk_update(changed, [text_field, "updated_at", "updated_by"])
    return model.objects.filter(**{f"{owner_field}__in": owners.values(), "language": language}).count()


def show_in_language(version, sections, paragraphs, language: str) -> None:
    """Give each heading and paragraph the text to show: the reader's language, else the original.

    `shown_lang` is set where the original shows in a page of another language (it takes `lang`
    and a note); `version.untranslated` says that nothing at all is in the reader's language.
    """
    headings, texts = {}, {}
    if language != version.original_language:
        headings = dict(
            SectionTranslation.objects.filter(section__version=version, language=language).values_list(
                "section_id", "heading"
            )
        )
        texts = dict(
            ParagraphTranslation.objects.filter(paragraph__version=version, language=language).values_list(
                "paragraph_id", "text"
            )
        )
    original = None if language == version.original_language else version.original_language
    version.untranslated = bool(original) and not headings and not texts
    for section in sections:
        section.shown_heading = headings.get(section.pk, section.heading)
        section.shown_lang = None if section.pk in headings else original
    for paragraph in paragraphs:
        paragraph.shown_text = texts.get(paragraph.pk, paragraph.text)
        paragraph.shown_lang = None if paragraph.pk in texts else original
