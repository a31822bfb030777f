"""Minutes of a meeting: structured, circulated for corrections, approved later, published.

Imported by meetings.models so Django sees these models as part of the meetings app; they refer
to the meeting models by "meetings.<Model>" strings so that import goes one way only.
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
from members.permissions import is_delegate, is_secretariat


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user):
            return self
        if is_delegate(user):
            return self.exclude(status=Minutes.Status.DRAFT).exclude(meeting__status="draft")
        return self.filter(status=Minutes.Status.PUBLISHED, meeting__is_public=True)

    def search(self, text: str, language: str | None = None):
        return textsearch.search(
            self, text, language, weights={"A": ["symbol"], "B": ["opening", "next_steps", "chair"]}
        )


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(minutes__in=Minutes.objects.visible_to(user))

    def search(self, text: str, language: str | None = None):
        return textsearch.search(self, text, language, weights={"A": ["text"]})


def printed_upload_to(printed, filename):
    return f"printed/{printed.meeting.uid}/{printed.kind}-{printed.language}-{uuid.uuid4().hex[:12]}.pdf"


def print_languages() -> list[str]:
    """Every language the site is offered in gets its own printed minutes and attendance list."""
    return [code for code, _name in settings.LANGUAGES]


def print_language(code: str | None) -> str:
    """The printed language for a request's language ("pt-br" -> "pt"), else the default one."""
    code = (code or "").lower()
    languages = print_languages()
    for candidate in (code, code.split("-")[0]):
        if candidate in languages:
            return candidate
    return settings.LANGUAGE_CODE


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for corrections")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    symbol = models.CharField(_("document symbol"), max_length=80, blank=True)
    chair = models.CharField(_("chair"), max_length=250, blank=True)
    opening = models.TextField(_("opening"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    next_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("next meeting"),
    )
    next_meeting_text = models.CharField(_("next meeting (if not yet scheduled)"), max_length=300, blank=True)
    corrections_until = models.DateField(_("corrections accepted until"), null=True, blank=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The language the minutes are written in; MinutesTranslation and MinutesItemTranslation hold others.
    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )

    objects = MinutesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "published"]) | Q(approved_at_meeting__isnull=False),
                name="minutes_approved_names_meeting",
            )
        ]

    def __str__(self):
        return _("Minutes of the %(meeting)s") % {"meeting": self.meeting.ordinal_name()}

    def get_absolute_url(self):
        return reverse("meetings:minutes", kwargs={"pk": self.meeting_id})

    def is_editable(self) -> bool:
        """Draft and circulated minutes are edited; approved ones only get corrected revisions."""
        return self.status in (self.Status.DRAFT, self.Status.CIRCULATED)

    def is_approved(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED)

    def accepts_corrections(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.CIRCULATED
            and self.corrections_until is not None
            and today <= self.corrections_until
        )

    def fingerprint(self) -> str:
        """Changes whenever the printed minutes would change."""
        return f"r{self.revision}-{self.status}-{self.updated_at.isoformat()}"


class MinutesItem(models.Model):
    """The summary of one agenda item. The title is copied so later agenda edits leave it alone."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="items", verbose_name=_("minutes")
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("minutes item")
        verbose_name_plural = _("minutes items")
        ordering = ["minutes", "position", "pk"]

    def __str__(self):
        return self.title


class MinutesTranslation(models.Model):
    """The opening and next steps of the minutes in another language."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="translations", verbose_name=_("minutes")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    opening = models.TextField(_("opening"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("translation of minutes")
        verbose_name_plural = _("translations of minutes")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "language"], name="minutes_translation_per_language")
        ]

    def __str__(self):
        return f"{self.minutes} ({self.language})"


class MinutesItemTranslation(models.Model):
    """One item of the minutes in another language: it hangs on the item, so it keeps its place."""

    item = models.ForeignKey(
        MinutesItem, on_delete=models.CASCADE, related_name="translations", verbose_name=_("item")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("translation of a minutes item")
        verbose_name_plural = _("translations of minutes items")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="minutes_item_translation_per_language")
        ]

    def __str__(self):
        return f"{self.item} ({self.language})"


class Decision(models.Model):
    """A decision of a meeting. `text` is the English, authoritative wording; the other three are
    its translations (plain fields rather than modeltranslation: `text` is already read by the minutes
    snapshots, search and PDFs, and must stay the English column rather than a per-language descriptor)."""

    class Kind(models.TextChoices):
        PROCEDURAL = "procedural", _("Procedural (name, officers, structure, rules of procedure)")
        ADOPTION = "adoption", _("Adoption of a document or work plan")
        SUBSTANTIVE = "substantive", _("Substantive")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("minutes")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SUBSTANTIVE)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("decision or agreement"))
    text_es = models.TextField(_("decision (Spanish)"), blank=True)
    text_fr = models.TextField(_("decision (French)"), blank=True)
    text_pt = models.TextField(_("decision (Portuguese)"), blank=True)
    officer = models.ForeignKey(
        "groups.Officer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer appointed"),
    )
    adopted_name = models.CharField(_("name adopted"), max_length=250, blank=True)
    officer_ended = models.ForeignKey(
        "groups.Officer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer whose term ended"),
    )
    rules_adopted = models.BooleanField(_("adopts the rules of procedure"), default=False)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="decision_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def text_in(self, language: str | None) -> str:
        """The wording in `language` ("pt-br" counts as "pt"), else the English one."""
        code = (language or "").lower().split("-")[0]
        return (getattr(self, f"text_{code}", "") if code in ("es", "fr", "pt") else "") or self.text


class FollowUpActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUpAction.Status.OPEN)


class FollowUpAction(models.Model):
    """Something a decision asks someone to do: a member state, an officer or a secretariat unit."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="actions", verbose_name=_("decision")
    )
    what = models.TextField(_("what is to be done"))
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible member state"),
    )
    officer = models.ForeignKey(
        "groups.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible officer"),
    )
    secretariat_unit = models.ForeignKey(
        "members.SecretariatUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible secretariat unit"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)

    objects = FollowUpActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        # Dated actions first, soonest first, on every database (NULLs sort first on SQLite only).
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(member_state__isnull=False, officer__isnull=True, secretariat_unit__isnull=True)
                    | Q(member_state__isnull=True, officer__isnull=False, secretariat_unit__isnull=True)
                    | Q(member_state__isnull=True, officer__isnull=True, secretariat_unit__isnull=False)
                ),
                name="followup_one_responsible",
            )
        ]

    def __str__(self):
        return self.what[:60]

    def responsible(self) -> str:
        if self.member_state_id:
            return str(self.member_state)
        if self.officer_id:
            return f"{self.officer.get_role_display()}: {self.officer.person_name}"
        return str(self.secretariat_unit)


class MinutesCorrection(models.Model):
    """A correction a delegation asks for while the minutes are circulated."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("minutes")
    )
    member_state = models.ForeignKey(
        "members.MemberState", on_delete=models.PROTECT, related_name="+", verbose_name=_("member state")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    text = models.TextField(_("correction"))
    revision = models.PositiveSmallIntegerField(_("revision corrected"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["minutes", "submitted_at"]

    def __str__(self):
        return f"{self.member_state}: {self.text[:60]}"


class MinutesRevision(models.Model):
    """A frozen copy of the minutes as they stood: kept when circulated and before each correction."""

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("minutes")
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    status = models.CharField(_("status"), max_length=20, choices=Minutes.Status)
    content = models.JSONField(_("content"))
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        ordering = ["minutes", "number", "created_at"]

    def __str__(self):
        return f"{self.minutes} r{self.number}"


class PrintedDocument(models.Model):
    """A PDF rendered by a worker and served as stored: the minutes or the attendance list, per language."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        ATTENDANCE = "attendance", _("Attendance list")
        PARTICIPANTS = "participants", _("List of participants")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="printed", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    file = models.FileField(_("file"), upload_to=printed_upload_to, max_length=300)
    fingerprint = models.CharField(_("source fingerprint"), max_length=120)
    language = models.CharField(_("language"), max_length=5, default="en")
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("printed document")
        verbose_name_plural = _("printed documents")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "language"], name="printed_one_per_kind_and_language"
            )
        ]

    def __str__(self):
        return f"{self.meeting} {self.get_kind_display()} ({self.language})"
