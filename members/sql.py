"""Child rows carried inside their parent's query as one JSON array, for pages with a query budget.

A page that shows a record and a few short lists of its children (a meeting's documents, agenda,
date changes) would spend one query per list. `children_json(queryset, fields)` is a subquery that
folds those rows into a JSON array on the parent's row; `instances(model, rows, fields)` turns
them back into unsaved-looking but primary-keyed model instances for the template. Works on
PostgreSQL (JSONB_AGG) and SQLite (JSON_GROUP_ARRAY).
"""

import datetime

from django.db import models
from django.db.models import F, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject


class JSONArrayAgg(models.Aggregate):
    function = "JSONB_AGG"  # PostgreSQL
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def children_json(queryset, fields: list[str], parent_field: str) -> Subquery:
    """A subquery of `queryset`'s rows whose `parent_field` is the outer row, as a JSON array of objects."""
    return Subquery(
        queryset.filter(**{parent_field: OuterRef("pk")})
        .order_by()
        .values(parent_field)
        .annotate(rows=JSONArrayAgg(JSONObject(**{name: F(name) for name in fields})))
        .values("rows"),
        output_field=JSONField(),
    )


def _value(field, raw):
    if raw is None:
        return None
    if isinstance(field, models.BooleanField):
        return bool(raw)  # SQLite's JSON has 0 and 1
    if isinstance(field, models.DateTimeField):
        # SQLite gives "2024-01-02 03:04:05.678" (UTC, naive), PostgreSQL an ISO string with its offset.
        value = datetime.datetime.fromisoformat(raw)
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(raw)
    return raw


def instances(model, rows, *, order_by: tuple[str, ...] = ("pk",)) -> list:
    """Model instances from `children_json` rows (None or a JSON string on some backends), sorted."""
    import json

    if isinstance(rows, str):
        rows = json.loads(rows)
    built = []
    for row in rows or []:
        values = {}
        for name, raw in row.items():
            field = model._meta.get_field(name)
            values[field.attname] = _value(field, raw)
        instance = model(**values)
        instance._state.adding, instance._state.db = False, "default"
        built.append(instance)
    built.sort(key=lambda obj: tuple(getattr(obj, name) for name in order_by))
    return built
