"""Search across everything a person may read: each app's `search()` on its `visible_to(user)` rows.

Every kind is read with one query (its best LIMIT+1 rows, related rows joined), so a page costs
the same number of queries however many results there are; the kinds are then merged by rank.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from meetings.models import AgendaItem, Decision, Document, Meeting, Minutes
from meetings.models.documents import paper_languages, paper_words
from members import textsearch
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


def search(*, user, text: str, language: str, kind: str = "", group: str = "", year: int | None = None):
    """The best hits for `text` that `user` may read, best first: (hits, more_than_shown)."""
    hits, more = [], False
    for each in [KINDS_BY_KEY[kind]] if kind else KINDS:
        rows = each.rows(user, language)
        if group:
            rows = rows.filter(**{f"{each.group}__slug": group})
        if year:
            rows = rows.filter(**{f"{each.when}__year": year})
        rows = rows.search(text, language)
        rows = textsearch.with_headline(rows, text, language, each.shown)
        found = list(rows.order_by("-search_rank", f"-{each.when}", "-pk")[: LIMIT + 1])
        more = more or len(found) > LIMIT
        hits += [_hit(each, row, text) for row in found[:LIMIT]]
    hits.sort(key=lambda hit: (-hit.rank, -(hit.when.toordinal() if hit.when else 0)))
    return hits[:LIMIT], more or len(hits) > LIMIT


def _hit(kind: Kind, row, text: str) -> Hit:
    headline = getattr(row, "search_headline", None)
    if headline is not None:
        snippet = textsearch.highlight(headline)
    else:
        snippet = textsearch.excerpt(" … ".join(filter(None, (getattr(row, f) for f in kind.shown))), text)
    return Hit(
        kind=kind,
        title=str(kind.title(row)) or str(kind.label),
        url=kind.url(row),
        snippet=snippet,
        group=kind.group_of(row),
        when=_lookup(row, kind.when),
        rank=row.search_rank,
        row=row,
    )


def _lookup(row, path: str):
    for name in path.split("__"):
        row = getattr(row, name) if row is not None else None
    return row
