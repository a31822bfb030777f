"""Search across everything a person may read: each app's `search()` on its `visible_to(user)` rows.

All kinds are read with ONE query, however many kinds and results there are: each kind's best
LIMIT+1 rows (its own indexed query, `branch`) with what its hit shows packed in a JSON column,
the kinds joined by UNION ALL and merged by rank in SQL. The hits' records are rebuilt from that
JSON (`_rebuilt`), so titles, links and dates come from the models' own methods.
"""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    DEFERRED,
    CharField,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, JSONObject, TruncDate
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from meetings.models import AgendaItem, Decision, Document, Meeting, Minutes
from meetings.models.documents import paper_languages, paper_words
from members import textsearch
from members.translated import every_language
from members.zones import format_instant
from press.models import PressRelease
from workplans.models import Comment, WorkPlan

LIMIT = 50


def in_site_order(codes: str) -> list[str]:
    """The language codes of a paper's files ("es,en") in the order of the site's languages."""
    order = [code for code, _name in settings.LANGUAGES]
    found = [code for code in (codes or "").split(",") if code]
    return sorted(found, key=lambda code: order.index(code) if code in order else len(order))


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    rows: Callable  # (user, language) -> visible QuerySet, related rows joined
    group: str  # lookup to the WorkingGroup
    when: str  # lookup to the date that stands for the row (year filter, display)
    shown: list[str]  # fields quoted in the snippet
    title: Callable
    url: Callable
    group_of: Callable
    # What `title`, `url` and `group_of` read beyond the primary key, the group's id and `when`:
    # lookups from the row, translatable fields standing for their every language's column.
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    kind: Kind
    title: str
    url: str
    snippet: SafeString
    group: WorkingGroup
    when: datetime | date | None
    rank: float
    row: object  # the record found, for tests and templates that need more than the title

    @property
    def when_text(self) -> str:
        if isinstance(self.when, datetime):
            return format_instant(self.when, self.group.time_zone, "DATE_FORMAT", with_zone=False)
        return formats.date_format(self.when, "DATE_FORMAT") if self.when else ""


KINDS = [
    Kind(
        key="meeting",
        label=_("Meetings"),
        rows=lambda user, language: Meeting.objects.visible_to(user).select_related("group"),
        group="group",
        when="starts_at",
        shown=["title", "notice_text"],
        title=str,
        url=lambda meeting: meeting.get_absolute_url(),
        group_of=lambda meeting: meeting.group,
        reads=("number", "title"),
    ),
    Kind(
        key="agenda",
        label=_("Agenda items"),
        rows=lambda user, language: AgendaItem.objects.visible_to(user).select_related("meeting__group"),
        group="meeting__group",
        when="meeting__starts_at",
        shown=["title", "description", "outcome"],
        title=lambda item: f"{item.title} ({item.meeting.ordinal_name()})",
        url=lambda item: item.meeting.get_absolute_url(),
        group_of=lambda item: item.meeting.group,
        reads=("title", "meeting_id", "meeting__number"),
    ),
    Kind(
        key="paper",
        label=_("Papers"),
        # The words of every language file (read by the worker) are quoted when they matched.
        rows=lambda user, language: (
            Document.objects.visible_to(user)
            .select_related("meeting__group")
            .annotate(file_text=paper_words(), file_languages=paper_languages())
        ),
        group="meeting__group",
        when="uploaded_at",
        shown=["symbol", "title", "file_text"],
        title=lambda document: (
            f"{document.symbol} {document.title} "
            f"({', '.join(code.upper() for code in in_site_order(document.file_languages))})"
        ),
        url=lambda document: document.get_absolute_url(),
        group_of=lambda document: document.meeting.group,
        reads=("symbol", "title", "file_languages"),
    ),
    Kind(
        key="minutes",
        label=_("Minutes"),
        rows=lambda user, language: Minutes.objects.visible_to(user).select_related("meeting__group"),
        group="meeting__group",
        when="meeting__starts_at",
        shown=["opening", "next_steps"],
        title=lambda minutes: str(minutes),
        url=lambda minutes: minutes.get_absolute_url(),
        group_of=lambda minutes: minutes.meeting.group,
        reads=("meeting_id", "meeting__number"),
    ),
    Kind(
        key="decision",
        label=_("Decisions"),
        rows=lambda user, language: Decision.objects.visible_to(user).select_related(
            "minutes__meeting__group"
        ),
        group="minutes__meeting__group",
        when="minutes__meeting__starts_at",
        shown=["text"],
        title=lambda decision: (
            _("Decision %(number)s, %(meeting)s")
            % {"number": decision.number, "meeting": decision.minutes.meeting.ordinal_name()}
        ),
        url=lambda decision: f"{decision.minutes.get_absolute_url()}#decisions-heading",
        group_of=lambda decision: decision.minutes.meeting.group,
        reads=("number", "minutes_id", "minutes__meeting_id", "minutes__meeting__number"),
    ),
    Kind(
        key="workplan",
        label=_("Work plans"),
        rows=lambda user, language: WorkPlan.objects.visible_to(user).select_related("group"),
        group="group",
        when="period_start",
        shown=["title", "decision_text"],
        title=lambda plan: plan.title,
        url=lambda plan: plan.get_absolute_url(),
        group_of=lambda plan: plan.group,
        reads=("title",),
    ),
    Kind(
        key="comment",
        label=_("Comments on work plans"),
        rows=lambda user, language: Comment.objects.visible_to(user).select_related(
            "member_state", "round__version__plan__group"
        ),
        group="round__version__plan__group",
        when="created_at",
        shown=["body", "proposed_text"],
        title=lambda comment: (
            _("%(state)s on %(plan)s") % {"state": comment.member_state, "plan": comment.round.version.plan}
        ),
        url=lambda comment: f"{comment.round.get_absolute_url()}#comment-{comment.pk}",
        group_of=lambda comment: comment.round.version.plan.group,
        reads=(
            "member_state_id",
            "member_state__name",
            "round_id",
            "round__version_id",
            "round__version__plan_id",
            "round__version__plan__title",
        ),
    ),
    Kind(
        key="press",
        label=_("Press releases"),
        # The visitor's language: each release is read in the version written in it.
        rows=lambda user, language: (
            PressRelease.objects.visible_to(user)
            .filter(language=language)
            .select_related("release_set__group")
        ),
        group="release_set__group",
        when="published_at",
        shown=["title", "summary", "body"],
        title=lambda release: release.title,
        url=lambda release: release.get_absolute_url(),
        group_of=lambda release: release.release_set.group,
        reads=("title", "slug", "language"),
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=textsearch.MAX_QUERY_LENGTH,
        required=False,
        strip=True,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    group = forms.ChoiceField(label=_("Group"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1948,
        max_value=2100,
        error_messages={"invalid": _("Give a year such as 2024.")},
    )

    def __init__(self, *args, groups: QuerySet, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["kind"].choices = [("", _("Everything")), *((kind.key, kind.label) for kind in KINDS)]
        self.fields["group"].choices = [
            ("", _("All groups")),
            *((group.slug, group.name) for group in groups),
        ]

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not textsearch.words(text):
            raise forms.ValidationError(_("Type at least one word or number to search for."))
        if text and not textsearch.has_searchable_words(text, self.language):
            raise forms.ValidationError(
                _("Every word of your search is too common to search for. Add a more specific word.")
            )
        return text


def search(
    *,
    user,
    text: str,
    language: str,
    kind: str = "",
    group: str = "",
    year: int | None = None,
    groups=None,
):
    """The best hits for `text` that `user` may read, best first: (hits, more_than_shown).

    One query: each kind's best LIMIT+1 rows (the same query a kind alone would run, from its
    `visible_to(user)` rows) with what its hit shows packed in one JSON column, the kinds joined by
    UNION ALL, ordered and cut to LIMIT+1 as merging them by rank did. `groups` (id -> group, those
    the page has read already for its filter) spares reading the hits' groups again.
    """
    branches, models = [], {}
    for position, each in enumerate([KINDS_BY_KEY[kind]] if kind else KINDS):
        rows = branch(each, user, text, language, group=group, year=year, position=position)
        if not rows.query.is_empty():  # e.g. a visitor reads no comments
            branches.append(rows)
            models[each.key] = rows.model
    if not branches:
        return [], False
    found = _union(branches)
    groups = _groups_of(found, groups or {})
    shown_read = not textsearch.uses_postgresql(branches[0])
    hits = [
        _hit(each, models[each.key], pk, rank, snippet, data, text=text, groups=groups, shown_read=shown_read)
        for each, pk, rank, snippet, data in found[:LIMIT]
    ]
    return hits, len(found) > LIMIT


def branch(kind: Kind, user, text: str, language: str, *, group="", year=None, position=0):
    """One kind's best LIMIT+1 rows as the columns of the UNION (`_union` names them)."""
    rows = kind.rows(user, language)
    if group:
        rows = rows.filter(**{f"{kind.group}__slug": group})
    if year:
        rows = rows.filter(**{f"{kind.when}__year": year})
    rows = rows.search(text, language)
    rows = textsearch.with_headline(rows, text, language, kind.shown)
    postgresql = textsearch.uses_postgresql(rows)
    when = F(kind.when)
    day = (
        when
        if _field(rows.model, kind.when).get_internal_type() == "DateField"
        else TruncDate(when, tzinfo=UTC)
    )
    reads = _columns(
        rows.model, [*kind.reads, kind.when, f"{kind.group}_id", *([] if postgresql else kind.shown)]
    )
    columns = dict(
        hit_kind=Value(kind.key, output_field=CharField()),
        hit_pk=F("pk"),
        hit_rank=F("search_rank"),
        # The day (UTC) then the position of the kind: how hits of equal rank were merged.
        hit_day=Coalesce(day, Value(date.min), output_field=DateField()),
        hit_at=Cast(when, DateTimeField()),
        hit_position=Value(position, output_field=IntegerField()),
        hit_snippet=F("search_headline") if postgresql else Value(None, output_field=CharField()),
        hit_data=JSONObject(**{column: F(column) for column in reads}),
    )
    if hasattr(rows, "rewrite"):  # modeltranslation would add or reorder columns; every name is a column
        rows = rows.rewrite(False)
    return (
        rows.annotate(**columns)
        .values_list(*columns)
        .order_by("-search_rank", f"-{kind.when}", "-pk")[: LIMIT + 1]
    )


def _union(branches) -> list[tuple]:
    """(kind, pk, rank, snippet, data) of the best LIMIT+1 rows of all branches, in one query."""
    parts, params = [], []
    for n, rows in enumerate(branches):
        sql, branch_params = rows.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS kind_{n}")  # noqa: S608 (Django's SQL, values are parameters)
        params += branch_params
    # Columns: kind, pk, rank, day, at, position, snippet, data (see `branch`).
    sql = f"{' UNION ALL '.join(parts)} ORDER BY 3 DESC, 4 DESC, 6, 5 DESC, 2 DESC LIMIT {LIMIT + 1}"
    with connections[branches[0].db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        (KINDS_BY_KEY[key], pk, rank, snippet, json.loads(data) if isinstance(data, str) else data)
        for key, pk, rank, _day, _at, _position, snippet, data in rows
    ]


def _groups_of(found, groups: dict) -> dict:
    wanted = {data[f"{kind.group}_id"] for kind, _pk, _rank, _snippet, data in found}
    missing = wanted - set(groups)
    if missing:
        groups = {**groups, **WorkingGroup.objects.in_bulk(missing)}
    return groups


def _hit(kind: Kind, model, pk, rank, snippet, data: dict, *, text, groups, shown_read) -> Hit:
    row = _rebuilt(model, {model._meta.pk.attname: pk, **_converted(model, data)})
    _attach(row, kind.group, groups[data[f"{kind.group}_id"]])
    if snippet is not None:
        snippet = textsearch.highlight(snippet)
    else:  # SQLite: the fields read; PostgreSQL: a row without text (no headline)
        shown = (getattr(row, field) for field in kind.shown) if shown_read else ()
        snippet = textsearch.excerpt(" … ".join(filter(None, shown)), text)
    return Hit(
        kind=kind,
        title=str(kind.title(row)) or str(kind.label),
        url=kind.url(row),
        snippet=snippet,
        group=kind.group_of(row),
        when=_lookup(row, kind.when),
        rank=rank,
        row=row,
    )


# Rows rebuilt from the JSON of the UNION: model instances holding only the columns read (any
# other field would be read from the database on access, as with `only()`), related rows cached.


@functools.cache
def _field(model, path: str):
    """The model field at the end of `path` ("meeting__number"), None for an annotation."""
    *hops, name = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return next((field for field in model._meta.concrete_fields if field.attname == name), None)


@functools.cache
def _columns_of(model, path: str) -> tuple[str, ...]:
    """`path` and, for a translatable field, its column in every language instead."""
    *hops, name = path.split("__")
    target = model
    for hop in hops:
        target = target._meta.get_field(hop).related_model
    prefix = "".join(f"{hop}__" for hop in hops)
    return tuple(prefix + column for column in every_language(target, [name]))


def _columns(model, paths) -> list[str]:
    return list(dict.fromkeys(column for path in paths for column in _columns_of(model, path)))


def _converted(model, data: dict) -> dict:
    """JSON values as the fields hold them: times and dates are text in JSON."""
    values = {}
    for path, value in data.items():
        field = _field(model, path)
        if value is not None and isinstance(field, DateTimeField):
            value = parse_datetime(value)
            value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        elif value is not None and isinstance(field, DateField):
            value = parse_date(value)
        values[path] = value
    return values


def _rebuilt(model, values: dict):
    own, related = {}, {}
    for path, value in values.items():
        name, _sep, rest = path.partition("__")
        if rest:
            related.setdefault(name, {})[rest] = value
        else:
            own[name] = value
    row = model.from_db(
        DEFAULT_DB_ALIAS, None, [own.pop(f.attname, DEFERRED) for f in model._meta.concrete_fields]
    )
    for name, value in own.items():  # annotations (a paper's file languages)
        setattr(row, name, value)
    for name, values in related.items():
        field = model._meta.get_field(name)
        if field.attname in row.__dict__:
            values.setdefault(field.target_field.attname, row.__dict__[field.attname])
        field.set_cached_value(row, _rebuilt(field.related_model, values))
    return row


def _attach(row, path: str, related) -> None:
    *hops, name = path.split("__")
    for hop in hops:
        row = getattr(row, hop)
    row._meta.get_field(name).set_cached_value(row, related)


def _lookup(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name) if row is not None else None
    return row
