"""The audit trail: who changed what in the record, and when (django-simple-history).

History rows are written by simple-history on `save()` and `delete()`. A few workflows change
a row with a conditional UPDATE instead (an edit that must not overwrite a newer one); those
call `record_change` right after, so no change escapes the trail.
"""

from django.db import models
from django.utils.translation import gettext as _


def shown(field, value) -> str:
    """A stored value as people read it: a choice's label, yes/no, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def record_change(instance: models.Model, *, user=None, reason: str = "") -> None:
    """A history row for a change that a queryset UPDATE made (it sends no signal)."""
    type(instance).history.bulk_history_create(
        [instance], update=True, default_user=user, default_change_reason=reason
    )


def _field_change(field, change) -> dict:
    entry = {
        "name": str(field.verbose_name),
        "old": shown(field, change.old),
        "new": shown(field, change.new),
    }
    if field.many_to_one or field.one_to_one:  # ids until _name_related_records names them
        entry["related"] = (field.related_model, change.old, change.new)
    return entry


def _name_related_records(entries: list[dict]) -> list[dict]:
    """A foreign key's change shows the records' names ("Simón Bolívar room"), not their ids: one
    query per related model for all the entries. A record since deleted keeps its number."""
    wanted: dict = {}
    for entry in entries:
        for field in entry["fields"]:
            if "related" in field:
                model, old, new = field["related"]
                wanted.setdefault(model, set()).update(value for value in (old, new) if value is not None)
    found = {model: model._base_manager.in_bulk(ids) for model, ids in wanted.items() if ids}
    for entry in entries:
        for field in entry["fields"]:
            if "related" in field:
                model, old, new = field.pop("related")
                records = found.get(model, {})
                for key, value in (("old", old), ("new", new)):
                    if value in records:
                        field[key] = str(records[value])
    return entries


def changes(instance: models.Model, limit: int = 20) -> list[dict]:
    """The latest changes of one record, newest first: when, who, what, and each field's old and new value."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        fields = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            fields = [
                _field_change(instance._meta.get_field(change.field), change) for change in delta.changes
            ]
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "reason": record.history_change_reason or "",
                "fields": fields,
            }
        )
    return _name_related_records(entries)


def _entry(record, previous, model, subject: str = "") -> dict:
    fields = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        fields = [_field_change(model._meta.get_field(change.field), change) for change in delta.changes]
    return {
        "when": record.history_date,
        "who": record.history_user,
        "kind": record.get_history_type_display(),
        "reason": record.history_change_reason or "",
        "fields": fields,
        "subject": subject,
    }


def changes_of(
    model: type[models.Model], *, subject: str, limit: int = 30, window: int = 500, **lookups
) -> list:
    """The latest changes of every record of `model` matching `lookups` (deleted ones too), newest
    first, in one query: for list pages (a meeting's papers, agenda, attendance; a round's comments).

    `subject` is a field path on the history row naming each record in the list ("symbol",
    "member_state__name"). The diffs are made from the last `window` rows, so the oldest change
    of a record in that window may show no field detail.
    """
    history = model.history.model
    related = ["history_user"]
    if "__" in subject:
        related.append(subject.rsplit("__", 1)[0])
    rows = list(
        history.objects.filter(**lookups)
        .select_related(*related)
        .order_by("-history_date", "-history_id")[:window]
    )
    by_record: dict = {}
    for row in reversed(rows):  # oldest first
        by_record.setdefault(row.id, []).append(row)
    previous_of = {}
    for versions in by_record.values():
        for earlier, later in zip(versions, versions[1:], strict=False):
            previous_of[later.history_id] = earlier
    entries = []
    for row in rows[:limit]:
        value = row
        for part in subject.split("__"):
            value = getattr(value, part, None) if value is not None else None
        entries.append(_entry(row, previous_of.get(row.history_id), model, str(value or "")))
    return _name_related_records(entries)
