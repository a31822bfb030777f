"""What is left to translate, per working group and language, across every app.

Here in config because only config sees every app's models. Which models and fields are
translatable comes from django-modeltranslation's registry (members.translation_status):
a model registered in any app's translation.py appears here without a line of code. Each
object is attributed to a group by the shortest chain of foreign keys that reaches
WorkingGroup (an agenda item through its meeting); models with no such chain (member
states, secretariat units) count as organisation-wide.

Reading costs one query per translatable model, one for the stamps and one for the groups,
however many objects there are.
"""

from collections import Counter, deque
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils.text import Truncator

from groups.models import WorkingGroup
from members import translation_status as ts

# Attribution of objects no chain of foreign keys ties to a group.
NO_GROUP = "none"
MAX_DEPTH = 4


def group_path(model) -> str | None:
    """The lookup from `model` to its WorkingGroup ("meeting__group"), "pk" for a group itself."""
    if model is WorkingGroup:
        return "pk"
    queue, seen = deque([(model, "")]), {model}
    while queue:
        current, prefix = queue.popleft()
        for field in current._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                continue
            path = f"{prefix}{field.name}"
            if field.related_model is WorkingGroup:
                return path
            if field.related_model not in seen and path.count("__") < MAX_DEPTH - 1:
                seen.add(field.related_model)
                queue.append((field.related_model, f"{path}__"))
    return None


@dataclass(frozen=True)
class Entry:
    """One field of one object in one language, with what a person needs to find it."""

    model_label: str
    kind: str
    object_id: int
    title: str
    group_key: str
    field: str
    field_label: str
    status: ts.FieldStatus
    # Texts outside modeltranslation (config.translation_passages) link to their own translation
    # page and count the passages they hold.
    url: str = ""
    count: int = 1

    @property
    def excerpt(self) -> str:
        return Truncator(" ".join(self.status.original.split())).chars(160)


def _title(model, row, original_language: str) -> str:
    for field in ts.translatable_fields(model):
        text = row.get(f"{field}_{original_language}")
        if text and text.strip():
            return Truncator(" ".join(text.split())).chars(80)
    return f"{model._meta.verbose_name} {row['pk']}"


def entries() -> list[Entry]:
    """Every translatable field of every object, in every language but the object's original."""
    models = ts.translatable_models()
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    stamps: dict = {model: {} for model in models}
    by_type = {content_type.pk: model for model, content_type in content_types.items()}
    rows = ts.TranslationStamp.objects.filter(content_type__in=list(by_type)).values_list(
        "content_type_id", "object_id", "field", "language", "source_digest"
    )
    for content_type_id, object_id, field, language, source in rows:
        stamps[by_type[content_type_id]][(object_id, field, language)] = source
    found = []
    for model in models:
        path = group_path(model)
        expressions = {"translation_group": F(path)} if path else {}
        records = {
            row["pk"]: row for row in ts.text_rows(model._default_manager.order_by("pk"), **expressions)
        }
        labels = {field: model._meta.get_field(field).verbose_name for field in ts.translatable_fields(model)}
        for status in ts.field_statuses(model, records.values(), stamps[model]):
            row = records[status.object_id]
            group = row.get("translation_group")
            found.append(
                Entry(
                    model_label=model._meta.label_lower,
                    kind=str(model._meta.verbose_name),
                    object_id=status.object_id,
                    title=_title(model, row, status.original_language),
                    group_key=NO_GROUP if group is None else str(group),
                    field=status.field,
                    field_label=str(labels[status.field]),
                    status=status,
                )
            )
    return found


def counts(found: list[Entry]) -> Counter:
    """{(group_key, language, status): number of fields (or passages)}."""
    counted = Counter()
    for entry in found:
        counted[(entry.group_key, entry.status.language, entry.status.status)] += entry.count
    return counted


def filtered(found: list[Entry], *, group: str = "", language: str = "", statuses=()) -> list[Entry]:
    return [
        entry
        for entry in found
        if (not group or entry.group_key == group)
        and (not language or entry.status.language == language)
        and (not statuses or entry.status.status in statuses)
    ]


def model_for(label: str):
    """The translatable model called `label` ("groups.workinggroup"), or None."""
    for model in ts.translatable_models():
        if model._meta.label_lower == label:
            return model
    return None
