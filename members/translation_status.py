"""Whether each translation of each translatable field is missing, up to date or outdated.

Generic over django-modeltranslation's registry: a model registered in any app's
`translation.py` is covered without a line here. Each object's original language is its
`original_language` field where it has one, the site's language otherwise.

A translation is *outdated* when the original text changed after the translation was
saved. Saving a translation through Plenary records a `TranslationStamp` holding a digest
of the original text the translator had in front of them; the status compares that digest
with the digest of the original today. Digests ignore whitespace (runs of spaces, line
breaks, leading and trailing blanks): re-wrapping a paragraph leaves nothing to translate.

Stamps are written by services (`stamp_edit` after a staff form that edits translations,
`save_translations` for the translation form), never by signals or `save()`.
A translation without a stamp (typed in the admin, or before stamps existed) counts as up
to date until the original changes through Plenary: then `stamp_edit` records it against
the text it was written for, so it shows as outdated.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    UP_TO_DATE = "up_to_date", _("Up to date")


def digest(text) -> str:
    """The fingerprint of an original text, blind to whitespace-only changes."""
    return hashlib.sha256(" ".join(str(text or "").split()).encode()).hexdigest()


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def translatable_models() -> list[type[models.Model]]:
    from modeltranslation.translator import translator

    found = [model for model in translator.get_registered_models(abstract=False) if not model._meta.proxy]
    return sorted(found, key=lambda model: model._meta.label_lower)


def translatable_fields(model) -> list[str]:
    from modeltranslation.translator import translator

    names = set(translator.get_options_for_model(model).fields)
    # modeltranslation keeps them in a set-like order that varies between runs; the model's own
    # order keeps the status page's titles and rows the same from one run to the next.
    return [field.name for field in model._meta.get_fields() if field.name in names]


def is_translatable(model) -> bool:
    return model in translatable_models()


def has_original_language(model) -> bool:
    return any(field.name == "original_language" for field in model._meta.concrete_fields)


def original_language_of(obj) -> str:
    return getattr(obj, "original_language", None) or settings.LANGUAGE_CODE


def text_of(obj, field: str, language: str) -> str:
    """The stored text of one language, never a fallback (modeltranslation's descriptor falls back)."""
    return getattr(obj, f"{field}_{language}", None) or ""


class TranslationStampQuerySet(models.QuerySet):
    def for_model(self, model, object_ids: Iterable | None = None):
        stamps = self.filter(content_type=ContentType.objects.get_for_model(model, for_concrete_model=False))
        return stamps if object_ids is None else stamps.filter(object_id__in=list(object_ids))

    def digests(self) -> dict[tuple[int, str, str], str]:
        """{(object_id, field, language): source_digest} for the stamps selected."""
        rows = self.values_list("object_id", "field", "language", "source_digest")
        return {(object_id, field, language): source for object_id, field, language, source in rows}


class TranslationStamp(models.Model):
    """Which original text a translation was written against, and when and by whom."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=100)
    language = models.CharField(max_length=10)
    source_digest = models.CharField(max_length=64)
    translated_at = models.DateTimeField(default=timezone.now)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TranslationStampQuerySet.as_manager()

    class Meta:
        app_label = "members"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_stamp_per_translation"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}/{self.object_id} {self.field} [{self.language}]"


@dataclass(frozen=True)
class FieldStatus:
    """One field of one object in one target language."""

    object_id: int
    field: str
    language: str
    status: str
    original_language: str
    original: str
    translation: str

    @property
    def label(self) -> str:
        return Status(self.status).label


def status_of(*, original: str, translation: str, stamp_digest: str | None) -> str | None:
    """None when the original is empty: there is nothing to translate."""
    if not original.strip():
        return None
    if not translation.strip():
        return Status.MISSING
    if stamp_digest is not None and stamp_digest != digest(original):
        return Status.OUTDATED
    return Status.UP_TO_DATE


def field_statuses(model, rows: Iterable[Mapping], stamps: Mapping | None = None) -> list[FieldStatus]:
    """The status of every field of every row in every language but its original.

    `rows` are mappings with "pk", "original_language" (optional) and `<field>_<language>`
    for every translatable field, as `text_rows` reads them; `stamps` as
    `TranslationStampQuerySet.digests()` (read for all rows in one query when not given).
    """
    rows = list(rows)
    if stamps is None:
        stamps = TranslationStamp.objects.for_model(model, [row["pk"] for row in rows]).digests()
    fields, codes = translatable_fields(model), language_codes()
    result = []
    for row in rows:
        original_language = row.get("original_language") or settings.LANGUAGE_CODE
        for field in fields:
            original = row.get(f"{field}_{original_language}") or ""
            for language in codes:
                if language == original_language:
                    continue
                translation = row.get(f"{field}_{language}") or ""
                status = status_of(
                    original=original,
                    translation=translation,
                    stamp_digest=stamps.get((row["pk"], field, language)),
                )
                if status is not None:
                    result.append(
                        FieldStatus(
                            row["pk"], field, language, status, original_language, original, translation
                        )
                    )
    return result


def text_columns(model) -> list[str]:
    columns = [f"{field}_{code}" for field in translatable_fields(model) for code in language_codes()]
    return columns + (["original_language"] if has_original_language(model) else [])


def text_rows(queryset, **expressions):
    """The queryset's rows as plain dicts of their stored texts, without modeltranslation's fallbacks."""
    if hasattr(queryset, "rewrite"):
        queryset = queryset.rewrite(False)
    return queryset.values("pk", *text_columns(queryset.model), **expressions)


def statuses_for(obj) -> dict[tuple[str, str], FieldStatus]:
    """{(field, language): status} of one object (one query, for its stamps)."""
    row = {"pk": obj.pk, "original_language": original_language_of(obj)}
    row |= {
        column: getattr(obj, column) for column in text_columns(type(obj)) if column != "original_language"
    }
    return {(status.field, status.language): status for status in field_statuses(type(obj), [row])}


# Services ------------------------------------------------------------------------------


def snapshot(obj) -> dict[str, str]:
    """The object's stored texts in every language: take one before a form changes them."""
    if not is_translatable(type(obj)):
        return {}
    return {
        f"{field}_{code}": text_of(obj, field, code)
        for field in translatable_fields(type(obj))
        for code in language_codes()
    } | {"original_language": original_language_of(obj)}


def _stamp(*, obj, field: str, language: str, source_digest: str, by) -> None:
    content_type = ContentType.objects.get_for_model(type(obj), for_concrete_model=False)
    TranslationStamp.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        field=field,
        language=language,
        defaults={"source_digest": source_digest, "translated_at": timezone.now(), "translated_by": by},
    )


@transaction.atomic
def stamp_edit(*, obj, before: Mapping[str, str], by=None) -> list[tuple[str, str]]:
    """Record the translations a staff form just saved on `obj`; `before` is its `snapshot()`.

    A translation that changed is stamped against today's original. A translation left
    alone while the original changed, and not stamped before, is stamped against the
    original it was written for, so it shows as outdated. Returns the (field, language)
    pairs stamped against today's original. Call it inside the service's transaction.
    """
    model = type(obj)
    if not is_translatable(model):
        return []
    original_language = original_language_of(obj)
    old_original_language = before.get("original_language", original_language)
    existing = TranslationStamp.objects.for_model(model, [obj.pk]).digests()
    stamped = []
    for field in translatable_fields(model):
        original = text_of(obj, field, original_language)
        old_original = before.get(f"{field}_{old_original_language}", original)
        for code in language_codes():
            if code == original_language:
                continue
            translation = text_of(obj, field, code)
            if not translation.strip():
                continue
            if translation != before.get(f"{field}_{code}", ""):
                _stamp(obj=obj, field=field, language=code, source_digest=digest(original), by=by)
                stamped.append((field, code))
            elif digest(old_original) != digest(original) and (obj.pk, field, code) not in existing:
                _stamp(obj=obj, field=field, language=code, source_digest=digest(old_original), by=by)
    return stamped


@transaction.atomic
def save_translations(
    *,
    obj,
    language: str,
    texts: Mapping[str, str],
    seen: Mapping[str, str],
    confirmed: Iterable[str] = (),
    by=None,
):
    """Save `texts` ({field: text}) as `obj`'s translations into `language`.

    `seen` holds, per field, the digest of the original shown to the translator: the stamp
    records that text, so an original changed while they typed shows as outdated. A field
    whose text changed is stamped; an unchanged one only when it is in `confirmed` (the
    translator checked an outdated translation still says what the original says).
    The model's history, where it keeps one, records the change.
    """
    model = type(obj)
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    fields = translatable_fields(model)
    changed, to_stamp = [], []
    for field in fields:
        if field not in texts:
            continue
        column, text = f"{field}_{language}", texts[field].strip()
        if text != text_of(locked, field, language):
            nullable = locked._meta.get_field(column).null
            setattr(locked, column, (text or None) if nullable else text)
            changed.append(column)
            if text:
                to_stamp.append(field)
        elif text and field in confirmed:
            to_stamp.append(field)
    if changed:
        locked._change_reason = f"Translation into {language}"
        if by is not None:
            locked._history_user = by
        others = [f.name for f in model._meta.concrete_fields if f.name not in changed]
        locked.clean_fields(exclude=others)
        locked.save(update_fields=changed)
    current = {field: digest(text_of(locked, field, original_language_of(locked))) for field in fields}
    for field in to_stamp:
        _stamp(
            obj=locked, field=field, language=language, source_digest=seen.get(field) or current[field], by=by
        )
    return locked


def passage_stamps(*, model, object_ids: Iterable, language: str) -> dict[tuple[int, str], str]:
    """{(object id, field): source digest} of the stamps of `model`'s passages in `language` (one query)."""
    stamps = TranslationStamp.objects.for_model(model, object_ids).filter(language=language)
    return {
        (object_id, field): source
        for object_id, field, _language, source in stamps.values_list(
            "object_id", "field", "language", "source_digest"
        )
    }


class PassagesSaved(NamedTuple):
    """What a passage translation form did: translations kept, ticks recorded, ticks refused as stale."""

    translated: int
    confirmed: int
    stale: int


def still_correct(confirmations: Iterable[tuple[int, str, str, str, str]]) -> tuple[list, int]:
    """Which "still correct" ticks on a passage form may re-stamp a translation.

    `confirmations` are (source object id, field, language, source text today, digest of the
    source shown on the form). A tick counts only if the translator saw today's original: when it
    changed again after the page was opened, the translation stays outdated. Returns the passages
    to stamp (as `stamp_passages` takes them) and how many ticks were refused as stale.
    """
    accepted, stale = [], 0
    for object_id, field, language, text, seen in confirmations:
        if seen == digest(text):
            accepted.append((object_id, field, language, text))
        else:
            stale += 1
    return accepted, stale


def stamp_passages(
    *, model, passages: Iterable[tuple[int, str, str, str]], by=None, only_new=(), seen: Mapping | None = None
) -> None:
    """Stamp translations kept outside modeltranslation (a version's paragraphs, minutes items).

    `passages` are (source object id, field, language, source text) of translations just saved
    beside that source text; `only_new` lists those (object id, field, language) left unchanged,
    stamped only when they have no stamp yet (an older stamp still tells what they were written
    for). `seen` maps (object id, field) to the digest of the source the translator had in front
    of them, recorded instead of today's: an original changed while they typed shows as outdated.
    Two queries whatever the number of passages.
    """
    passages = list(passages)
    if not passages:
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    keep = set(only_new)
    if keep:
        ids = {object_id for object_id, _field, _language, _text in passages}
        stamped = set(
            TranslationStamp.objects.filter(content_type=content_type, object_id__in=ids).values_list(
                "object_id", "field", "language"
            )
        )
        keep &= stamped
    now = timezone.now()
    rows = [
        TranslationStamp(
            content_type=content_type,
            object_id=object_id,
            field=field,
            language=language,
            source_digest=_seen_digest(seen or {}, object_id, field) or digest(text),
            translated_at=now,
            translated_by=by,
        )
        for object_id, field, language, text in passages
        if (object_id, field, language) not in keep
    ]
    TranslationStamp.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["content_type", "object_id", "field", "language"],
        update_fields=["source_digest", "translated_at", "translated_by"],
    )


def _seen_digest(seen: Mapping, object_id: int, field: str) -> str:
    value = seen.get((object_id, field)) or ""
    # A tampered digest could only make the translation look outdated; keep well-formed ones.
    return value if len(value) == 64 and all(char in "0123456789abcdef" for char in value) else ""
