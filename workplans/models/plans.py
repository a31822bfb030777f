"""Work plans, their versions and the text of each version: sections, paragraphs, activities.

A paragraph keeps the same `key` (a UUID) in every version of its plan, so comments stay
attached to it and two versions line up paragraph by paragraph.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import textsearch
from members.permissions import active_delegation, is_secretariat
from members.translated import original_language_field
from members.validators import validate_single_line


class WorkPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user):
            return self
        public = Q(status__in=[WorkPlan.Status.ADOPTED, WorkPlan.Status.SUPERSEDED])
        delegation = active_delegation(user)
        if delegation is None:
            return self.filter(public)
        # A draft is seen only by the delegation that proposed it (and the secretariat).
        return self.exclude(Q(status=WorkPlan.Status.DRAFT) & ~Q(proposer_state=delegation.member_state))

    def search(self, text: str, language: str | None = None):
        return textsearch.search(self, text, language, weights={"A": ["title"], "B": ["decision_text"]})


class WorkPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        REVISED = "revised", _("Revised")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    class Proposer(models.TextChoices):
        STATE = "state", _("A member state's mission")
        CHAIR = "chair", _("The chair")
        SECRETARIAT = "secretariat", _("The secretariat")

    group = models.ForeignKey(
        "groups.WorkingGroup", on_delete=models.CASCADE, related_name="workplans", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=250, validators=[validate_single_line])
    period_start = models.DateField(_("period covered from"))
    period_end = models.DateField(_("period covered until"))
    proposed_by = models.CharField(_("proposed by"), max_length=20, choices=Proposer, default=Proposer.STATE)
    proposer_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_workplans",
        verbose_name=_("proposing state"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    adopted_version = models.ForeignKey(
        "WorkPlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted version"),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_workplans",
        verbose_name=_("adopted at the meeting"),
    )
    decision_text = models.TextField(_("decision"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The language the title and decision were written in; the others are translations of them.
    original_language = original_language_field()

    objects = WorkPlanQuerySet.as_manager()
    # History is registered in translation.py, after the per-language columns exist.

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(proposed_by="state") | Q(proposer_state__isnull=False),
                name="workplan_state_proposer_named",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="workplan_period_order"
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_version__isnull=False),
                name="workplan_adopted_has_version",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplans:detail", kwargs={"pk": self.pk})

    def proposer_display(self) -> str:
        if self.proposed_by == self.Proposer.STATE and self.proposer_state_id:
            return str(_("Permanent Mission of %(state)s") % {"state": self.proposer_state})
        return str(self.get_proposed_by_display())

    def is_public(self) -> bool:
        return self.status in (self.Status.ADOPTED, self.Status.SUPERSEDED)


class WorkPlanVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user) or active_delegation(user) is not None:
            return self.filter(plan__in=WorkPlan.objects.visible_to(user))
        # The public reads only adopted (frozen) texts.
        return self.filter(frozen=True, plan__in=WorkPlan.objects.visible_to(user))


class WorkPlanVersion(models.Model):
    plan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    change_note = models.TextField(_("change note"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    frozen = models.BooleanField(_("frozen"), default=False, help_text=_("An adopted text cannot change."))
    # The language the text was written in; translations of it hang on its sections and paragraphs.
    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    # Counts edits of the body, so caches of the rendered text know when it changed.
    body_revision = models.PositiveIntegerField(default=1, editable=False)

    objects = WorkPlanVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work plan version")
        verbose_name_plural = _("work plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplanversion_unique_number")
        ]

    def __str__(self):
        return _("%(plan)s, version %(number)s") % {"plan": self.plan, "number": self.number}

    def get_absolute_url(self):
        return reverse("workplans:version", kwargs={"pk": self.plan_id, "number": self.number})


class Section(models.Model):
    version = models.ForeignKey(
        WorkPlanVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    key = models.UUIDField(_("identity across versions"), default=uuid.uuid4)
    number = models.PositiveIntegerField(_("number"))
    heading = models.CharField(_("heading"), max_length=250)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="section_unique_number"),
            models.UniqueConstraint(fields=["version", "key"], name="section_unique_key"),
        ]

    def __str__(self):
        return f"{self.number}. {self.heading}"


class Paragraph(models.Model):
    """Numbered through the whole version (1, 2, 3 ... across sections), as such texts are."""

    version = models.ForeignKey(
        WorkPlanVersion, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("version")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("section")
    )
    key = models.UUIDField(_("identity across versions"), default=uuid.uuid4)
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="paragraph_unique_number"),
            models.UniqueConstraint(fields=["version", "key"], name="paragraph_unique_key"),
        ]

    def __str__(self):
        return str(_("Paragraph %(number)s") % {"number": self.number})


class Activity(models.Model):
    version = models.ForeignKey(
        WorkPlanVersion, on_delete=models.CASCADE, related_name="activities", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"))
    objective = models.TextField(_("objective"))
    activity = models.TextField(_("activity"))
    responsible = models.CharField(_("responsible"), max_length=250, blank=True)
    timeline = models.CharField(_("timeline"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="activity_unique_position")
        ]

    def __str__(self):
        return self.activity[:60]
