import math
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import MemberState
from members.permissions import active_delegation, is_secretariat
from members.translated import original_language_field
from members.validators import validate_single_line


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def validate_symbol_pattern(value):
    try:
        value.format(acronym="X", number=1, yy="23", yyyy="2023")
    except (KeyError, IndexError, ValueError):
        raise ValidationError(_("Use only the placeholders {acronym}, {number}, {yy} and {yyyy}.")) from None
    if "{number}" not in value:
        raise ValidationError(_("The pattern must contain {number}."))


def default_reminder_offsets() -> list[int]:
    # Minutes before the start: seven days and one day.
    return [7 * 24 * 60, 24 * 60]


def validate_reminder_offsets(value):
    if not isinstance(value, list) or not all(isinstance(v, int) and v > 0 for v in value):
        raise ValidationError(_("Give a list of positive numbers of minutes."))


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Groups are public records of the organisation; every group page is public.
        return self

    def with_supporter_count(self, on=None):
        on = on or timezone.localdate()
        return self.annotate(
            supporter_count=Count(
                "memberships",
                filter=Q(memberships__since__lte=on)
                & (Q(memberships__until__isnull=True) | Q(memberships__until__gte=on)),
                distinct=True,
            )
        )


class WorkingGroup(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        CONCLUDED = "concluded", _("Concluded")

    class QuorumRule(models.TextChoices):
        MAJORITY = "majority", _("A majority of the supporting states")
        NUMBER = "number", _("A fixed number of supporting states")
        FRACTION = "fraction", _("A fraction of the supporting states")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    provisional_name = models.CharField(
        _("provisional name"), max_length=250, validators=[validate_single_line]
    )
    adopted_name = models.CharField(
        _("adopted name"), max_length=250, blank=True, validators=[validate_single_line]
    )
    name_adopted_on = models.DateField(_("name adopted on"), null=True, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, validators=[validate_single_line])
    mandate_reference = models.CharField(
        _("mandate reference"), max_length=120, help_text=_("For example AG/RES. 3004 (LIII-O/23).")
    )
    mandate_title = models.CharField(
        _("mandate title"), max_length=250, blank=True, validators=[validate_single_line]
    )
    mandate_text = models.TextField(_("mandate text"), blank=True)
    mandate_url = models.URLField(_("mandate link"), blank=True)
    established_on = models.DateField(_("date established"))
    open_to_participation = models.BooleanField(_("open to participation"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.FORMING)
    aims = models.TextField(_("aims"), blank=True)
    original_language = original_language_field()
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.PLENARY_DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
    )
    convening_unit = models.ForeignKey(
        "members.SecretariatUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("supporting secretariat unit"),
    )

    quorum_rule = models.CharField(
        _("quorum rule"), max_length=20, choices=QuorumRule, default=QuorumRule.MAJORITY
    )
    quorum_number = models.PositiveSmallIntegerField(
        _("quorum: number of supporting states"), null=True, blank=True
    )
    quorum_fraction = models.DecimalField(
        _("quorum: fraction of supporting states"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("For example 0.667 for two thirds."),
    )
    document_symbol_pattern = models.CharField(
        _("document symbol pattern"),
        max_length=80,
        default="{acronym}/doc.{number}/{yy}",
        validators=[validate_symbol_pattern],
        help_text=_("Placeholders: {acronym}, {number} (counted per year), {yy}, {yyyy}."),
    )
    reminder_offsets = models.JSONField(
        _("reminder offsets (minutes before the start)"),
        default=default_reminder_offsets,
        blank=True,
        validators=[validate_reminder_offsets],
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion_note = models.TextField(_("how the group concluded"), blank=True)
    # Four eyes by default: whoever sends a press release for review may not also approve it.
    press_single_person = models.BooleanField(
        _("one person may write and publish a press release"),
        default=False,
        help_text=_(
            "Otherwise a release is scheduled or published by another member of staff than its submitter."
        ),
    )

    # Careful by default: the secretariat confirms each person a mission invites.
    accredit_invited_at_once = models.BooleanField(
        _("invited delegates are accredited at once"),
        default=False,
        help_text=_(
            "A person a supporting state's mission invites becomes its delegate on accepting the "
            "invitation; otherwise the secretariat confirms them first."
        ),
    )
    # Set only through a decision of a meeting (meetings' record_decision), never typed in a form.
    rules_of_procedure = models.TextField(_("rules of procedure"), blank=True)
    rules_adopted_on = models.DateField(_("rules of procedure adopted on"), null=True, blank=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["provisional_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adopted_name="") | Q(name_adopted_on__isnull=False),
                name="workinggroup_adopted_name_has_date",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.adopted_name or self.provisional_name

    @property
    def name_field(self) -> str:
        """The field `name` reads, for showing it in a given language (members.translated)."""
        return "adopted_name" if self.adopted_name else "provisional_name"

    @property
    def name_is_provisional(self) -> bool:
        return not self.adopted_name

    def clean(self):
        if self.adopted_name and not self.name_adopted_on:
            raise ValidationError({"name_adopted_on": _("Give the date the name was adopted.")})
        if self.quorum_rule == self.QuorumRule.NUMBER and not self.quorum_number:
            raise ValidationError({"quorum_number": _("Give the number of states that makes a quorum.")})
        if self.quorum_rule == self.QuorumRule.FRACTION and not (
            self.quorum_fraction and 0 < self.quorum_fraction <= 1
        ):
            raise ValidationError({"quorum_fraction": _("Give a fraction above 0 and at most 1.")})

    def quorum_for(self, supporting_total: int) -> int:
        """How many supporting states must be present, by the group's rule."""
        if self.quorum_rule == self.QuorumRule.NUMBER and self.quorum_number:
            return self.quorum_number
        if self.quorum_rule == self.QuorumRule.FRACTION and self.quorum_fraction:
            return math.ceil(supporting_total * self.quorum_fraction)
        return supporting_total // 2 + 1

    def symbol_acronym(self) -> str:
        return self.acronym or self.slug.upper()

    def current_memberships(self, on=None):
        return self.memberships.current(on)

    def supports(self, member_state, on=None) -> bool:
        return self.memberships.current(on).filter(member_state=member_state).exists()


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(since__lte=on).filter(Q(until__isnull=True) | Q(until__gte=on))


class Membership(models.Model):
    """A member state supports a group from a date until a date. Counts are always derived."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("member state"),
    )
    since = models.DateField(_("supporting since"))
    until = models.DateField(_("supporting until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supporting state")
        verbose_name_plural = _("supporting states")
        ordering = ["member_state__name", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member_state"],
                condition=Q(until__isnull=True),
                name="membership_one_open_per_state",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.member_state} – {self.group}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.since <= on and (self.until is None or self.until >= on)


class OfficerQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(term_start__lte=on).filter(Q(term_end__isnull=True) | Q(term_end__gte=on))


class Officer(models.Model):
    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        COORDINATOR = "coordinator", _("Coordinator")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")

    class Selection(models.TextChoices):
        ELECTED = "elected", _("Elected")
        ACCLAMATION = "acclamation", _("By acclamation")
        CONSENSUS = "consensus", _("By consensus")
        ROTATION = "rotation", _("By rotation")
        INTERIM = "interim", _("Interim, pending selection")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="officers", verbose_name=_("group")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="officer_terms", verbose_name=_("member state")
    )
    person_name = models.CharField(_("person"), max_length=200, validators=[validate_single_line])
    person_title = models.CharField(
        _("person's title"), max_length=200, blank=True, validators=[validate_single_line]
    )
    original_language = original_language_field()
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    selection = models.CharField(
        _("how chosen"), max_length=20, choices=Selection, default=Selection.CONSENSUS
    )
    selection_note = models.CharField(_("selection note"), max_length=250, blank=True)

    objects = OfficerQuerySet.as_manager()
    # History is registered in translation.py, after the per-language columns exist.

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["role", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="officer_term_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person_name} ({self.member_state})"


class JoinRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_secretariat(user):
            return self
        delegation = active_delegation(user)
        if delegation:
            return self.filter(member_state=delegation.member_state)
        return self.none()

    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)


class JoinRequest(models.Model):
    """A delegation asks, on behalf of its state, for the state to support a group."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("group")
    )
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="join_requests", verbose_name=_("member state")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="join_requests",
        verbose_name=_("requested by"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = JoinRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member_state"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending_per_state",
            )
        ]

    def __str__(self):
        return f"{self.member_state} → {self.group} ({self.get_status_display()})"

    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
