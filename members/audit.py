"""The audit trail: who changed what in the record, and when (django-simple-history).

History rows are written by simple-history on `save()` and `delete()`. A few workflows change
a row with a conditional UPDATE instead (an edit that must not overwrite a newer one); those
call `record_change` right after, so no change escapes the trail.
"""

from django.db import models


def record_change(instance: models.Model, *, user=None, reason: str = "") -> None:
    """A history row for a change that a queryset UPDATE made (it sends no signal)."""
    type(instance).history.bulk_history_create(
        [instance], update=True, default_user=user, default_change_reason=reason
    )


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
                {
                    "name": str(instance._meta.get_field(change.field).verbose_name),
                    "old": change.old,
                    "new": change.new,
                }
                for change in delta.changes
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
    return entries
