"""Comment rounds on a version, and what belongs to a round.

The comments states send in it with the secretariat's dispositions, the notices sent about it,
and PDF exports of its comment matrix.
"""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import Membership
from members import textsearch
from members.permissions import active_delegation, is_secretariat

from .plans import Paragraph, Section, WorkPlan, WorkPlanVersion


def default_reminder_days() -> list[int]:
    return [7, 2]


class CommentRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user):
            return self
        if active_delegation(user) is None:
            return self.none()
        return self.filter(version__plan__in=WorkPlan.objects.visible_to(user))

    def open_at(self, now):
        return self.filter(opens_at__lte=now, closes_at__gt=now).filter(
            Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now)
        )

    def open_to_state(self, member_state, now):
        """Rounds open at `now` in which the state may comment: the rules of `permissions.can_comment`."""
        if member_state is None or not member_state.is_active_member():
            return self.none()
        supported = Membership.objects.current(timezone.localdate(now)).filter(member_state=member_state)
        return (
            self.open_at(now)
            .exclude(version__plan__status=WorkPlan.Status.DRAFT)
            .filter(Q(open_to_observers=True) | Q(version__plan__group__in=supported.values("group")))
        )

    # Counted per round in a subquery (the (round, member_state) index), not by joining every
    # comment and grouping the rounds, their plans and groups by every column.
    def with_comment_count_of(self, member_state):
        sent = Comment.objects.filter(
            round=OuterRef("pk"), status=Comment.Status.SUBMITTED, member_state=member_state
        )
        return self.annotate(state_comment_count=_count(sent, Count("pk")))

    def with_states_heard_count(self):
        sent = Comment.objects.filter(round=OuterRef("pk"), status=Comment.Status.SUBMITTED)
        return self.annotate(states_heard_count=_count(sent, Count("member_state", distinct=True)))


def _count(queryset, aggregate):
    """`aggregate` over `queryset` (correlated to the outer row) as a subquery; 0 when empty."""
    counted = queryset.order_by().values("round").annotate(n=aggregate).values("n")
    return Coalesce(Subquery(counted), 0)


class CommentRound(models.Model):
    version = models.ForeignKey(
        WorkPlanVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("version")
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    open_to_observers = models.BooleanField(
        _("observers may comment"),
        default=False,
        help_text=_("By default only the group's supporting states may comment."),
    )
    comments_visible_while_open = models.BooleanField(
        _("delegations see each other's comments while the round is open"), default=False
    )
    accepts_late = models.BooleanField(_("accept late comments, marked as late"), default=False)
    reminder_days = models.JSONField(_("reminders, days before closing"), default=default_reminder_days)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CommentRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_opening"
            )
        ]

    def __str__(self):
        return str(_("Comments on %(version)s") % {"version": self.version})

    def get_absolute_url(self):
        return reverse("workplans:round", kwargs={"pk": self.pk})

    @property
    def deadline(self):
        """When the round stops (or stopped) taking comments on time."""
        if self.closed_early_at and self.closed_early_at < self.closes_at:
            return self.closed_early_at
        return self.closes_at

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.deadline

    def has_opened(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.deadline

    def takes_comments(self, now=None) -> bool:
        """Open, or closed but taking late comments (which are then marked late)."""
        now = now or timezone.now()
        return self.is_open(now) or (self.accepts_late and self.has_opened(now))

    def time_left(self, now=None):
        now = now or timezone.now()
        return max(self.deadline - now, datetime.timedelta(0))

    def group_zone(self):
        return zoneinfo.ZoneInfo(self.version.plan.group.time_zone)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        if is_secretariat(user):
            return self
        delegation = active_delegation(user)
        if delegation is None:
            return self.none()
        now = now or timezone.now()
        rounds_closed = Q(round__closes_at__lte=now) | Q(round__closed_early_at__lte=now)
        shared = Q(round__comments_visible_while_open=True) | rounds_closed
        others = Q(status=Comment.Status.SUBMITTED) & shared
        return self.filter(round__version__plan__in=WorkPlan.objects.visible_to(user)).filter(
            Q(member_state=delegation.member_state) | others
        )

    def submitted(self):
        return self.filter(status=Comment.Status.SUBMITTED)

    def search(self, text: str, language: str | None = None):
        return textsearch.search(self, text, language, weights={"B": ["body", "proposed_text"]})

    def for_matrix(self):
        return self.select_related("member_state", "paragraph", "section", "round__version").order_by(
            models.F("paragraph__number").asc(nulls_first=True),
            models.F("section__number").asc(nulls_first=True),
            "member_state__name",
            "created_at",
        )


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        AMENDMENT = "amendment", _("Proposed amendment")
        NEW_PARAGRAPH = "new_paragraph", _("Proposed new paragraph")
        QUESTION = "question", _("Question")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Disposition(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        NOTED = "noted", _("Noted")
        ANSWERED = "answered", _("Answered")

    round = models.ForeignKey(
        CommentRound, on_delete=models.PROTECT, related_name="comments", verbose_name=_("round")
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        related_name="workplan_comments",
        verbose_name=_("state"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("section"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("paragraph"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMENT)
    body = models.TextField(_("comment"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    proposed_text = models.TextField(_("proposed text"), blank=True)
    # The language the delegate wrote in: shown with `lang`, never translated or converted.
    language = models.CharField(_("written in"), max_length=5, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    is_late = models.BooleanField(_("late"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Optimistic concurrency: an edit names the revision it started from.
    revision = models.PositiveIntegerField(default=1)
    # A double submit of the same form carries the same token and creates one comment.
    idempotency_key = models.UUIDField(unique=True)
    disposition = models.CharField(_("disposition"), max_length=20, choices=Disposition, blank=True)
    response = models.TextField(_("response"), blank=True)
    response_html = models.TextField(editable=False, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    disposed_at = models.DateTimeField(null=True, blank=True)
    resulting_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changed_by_comments",
        verbose_name=_("change in the next version"),
    )

    objects = CommentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["body_html", "response_html"])

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["round", "paragraph__number", "member_state__name", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="amendment") | Q(paragraph__isnull=False),
                name="comment_amendment_on_paragraph",
            ),
        ]
        indexes = [
            models.Index(fields=["round", "member_state"]),
            models.Index(fields=["round", "paragraph"]),
        ]

    def __str__(self):
        return f"{self.member_state}: {self.get_kind_display()} ({self.target_label()})"

    def target_label(self) -> str:
        if self.paragraph_id:
            return str(_("paragraph %(number)s") % {"number": self.paragraph.number})
        if self.section_id:
            return str(_("section %(number)s") % {"number": self.section.number})
        return str(_("whole plan"))

    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


class RoundNotice(models.Model):
    """One notice or reminder of a round; the unique key makes each one go out once."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Round opened")
        EXTENDED = "extended", _("Deadline extended")
        REMINDER = "reminder", _("Reminder before closing")

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind)
    key = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="roundnotice_unique_key")]

    def __str__(self):
        return f"{self.round_id}:{self.key}"


class MatrixExport(models.Model):
    """A comment matrix PDF made by a worker for one person, from what that person may see."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    file = models.FileField(upload_to="workplans/matrix/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The claim of the worker rendering it: set when a render starts, so a second task or scan
    # leaves it alone; once older than the stall period its worker is taken as dead.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"matrix {self.round_id} ({self.status})"
