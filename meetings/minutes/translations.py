"""Minutes in several languages: staff enter the translation item by item; readers get theirs first."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.audit import record_change
from members.translation_status import PassagesSaved, stamp_passages, still_correct

from .models import Minutes, MinutesItem, MinutesItemTranslation, MinutesTranslation


@transaction.atomic
def save_minutes_translation(
    *,
    minutes: Minutes,
    language: str,
    opening: str,
    next_steps: str,
    items: dict[int, tuple[str, str]],
    now=None,
    by=None,
    seen: Mapping | None = None,
    confirmed: Iterable[tuple] = (),
) -> PassagesSaved:
    """Store the `language` text of the minutes; `items` maps each item's id to (title, summary).

    `seen` maps each passage, as (Minutes or MinutesItem, id, field), to the digest of the original
    the translator had in front of them; `confirmed` lists the unchanged translations they ticked
    as still correct, re-stamped against today's original only if that is the original they saw.
    The minutes' history records the ticks.
    """
    seen, confirmed = seen or {}, set(confirmed)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the official languages.")})
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if language == locked.original_language:
        raise ValidationError({"language": _("This is the language the minutes were written in.")})
    own = {item.pk: item for item in locked.items.all()}
    if set(items) - set(own):
        raise ValidationError(_("The minutes changed while you translated them; reload the page."))
    now = now or timezone.now()
    before = MinutesTranslation.objects.filter(minutes=locked, language=language).first()
    MinutesTranslation.objects.update_or_create(
        minutes=locked,
        language=language,
        defaults={"opening": opening.strip(), "next_steps": next_steps.strip(), "updated_at": now},
    )
    existing = {
        row.item_id: row
        for row in MinutesItemTranslation.objects.filter(item__minutes=locked, language=language)
    }
    kept = {
        (item_id, name, language)
        for item_id, texts in items.items()
        if item_id in existing
        for name, text in zip(("title", "summary"), texts, strict=True)
        if getattr(existing[item_id], name) == text.strip()
    }
    created, changed = [], []
    for item_id, (title, summary) in items.items():
        row = existing.get(item_id)
        if row is None:
            created.append(
                MinutesItemTranslation(
                    item=own[item_id],
                    language=language,
                    title=title.strip(),
                    summary=summary.strip(),
                    updated_at=now,
                )
            )
        elif (row.title, row.summary) != (title.strip(), summary.strip()):
            row.title, row.summary, row.updated_at = title.strip(), summary.strip(), now
            changed.append(row)
    MinutesItemTranslation.objects.bulk_create(created)
    MinutesItemTranslation.objects.bulk_update(changed, ["title", "summary", "updated_at"])
    # Stamps tell the status page which original each translation was written against; one left
    # as it was keeps its stamp (if it has one), so an outdated translation stays outdated.
    whole = {"opening": opening.strip(), "next_steps": next_steps.strip()}
    kept_whole = {
        (locked.pk, name, language)
        for name, text in whole.items()
        if text and before is not None and getattr(before, name) == text
    }
    shown = {(pk, field): value for (model, pk, field), value in seen.items() if model is Minutes}
    stamp_passages(
        model=Minutes,
        passages=[(locked.pk, name, language, getattr(locked, name)) for name, text in whole.items() if text],
        by=by,
        only_new=kept_whole,
        seen=shown,
    )
    accepted, stale = still_correct(
        (locked.pk, name, language, getattr(locked, name), shown.get((locked.pk, name), ""))
        for name in whole
        if (Minutes, locked.pk, name) in confirmed and (locked.pk, name, language) in kept_whole
    )
    stamp_passages(model=Minutes, passages=accepted, by=by)
    shown = {(pk, field): value for (model, pk, field), value in seen.items() if model is MinutesItem}
    stamp_passages(
        model=MinutesItem,
        passages=[
            (item_id, name, language, getattr(own[item_id], name))
            for item_id, texts in items.items()
            for name, text in zip(("title", "summary"), texts, strict=True)
            if text.strip()
        ],
        by=by,
        only_new=kept,
        seen=shown,
    )
    item_accepted, item_stale = still_correct(
        (item_id, name, language, getattr(own[item_id], name), shown.get((item_id, name), ""))
        for item_id, name, _language in kept
        if (MinutesItem, item_id, name) in confirmed and getattr(existing[item_id], name)
    )
    stamp_passages(model=MinutesItem, passages=item_accepted, by=by)
    ticked = len(accepted) + len(item_accepted)
    if ticked:
        # Nothing in the minutes' own row changed: the trail still says who vouched for which language.
        record_change(
            locked,
            user=by,
            reason=f"Translation into {language}: {ticked} passage(s) confirmed still correct",
        )
    return PassagesSaved(
        MinutesItemTranslation.objects.filter(item__minutes=locked, language=language).count(),
        ticked,
        stale + item_stale,
    )


def show_in_language(minutes: Minutes, items: list, language: str) -> None:
    """Set `shown_*` texts and `shown_lang` (the original's code where it stands in) on the minutes and items."""
    original = None if language == minutes.original_language else minutes.original_language
    whole = None
    by_item = {}
    if original:
        whole = MinutesTranslation.objects.filter(minutes=minutes, language=language).first()
        by_item = {
            row.item_id: row
            for row in MinutesItemTranslation.objects.filter(item__minutes=minutes, language=language)
        }
    for name in ("opening", "next_steps"):
        translated = getattr(whole, name, "") if whole else ""
        setattr(minutes, f"shown_{name}", translated or getattr(minutes, name))
        setattr(minutes, f"shown_{name}_lang", None if translated else original)
    for item in items:
        row = by_item.get(item.pk)
        item.shown_title = (row.title if row else "") or item.title
        item.shown_title_lang = None if row and row.title else original
        item.shown_summary = (row.summary if row else "") or item.summary
        item.shown_summary_lang = None if row and row.summary else original
