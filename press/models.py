"""Press releases: a set of language versions, each numbered when it is first published."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import textsearch
from members.permissions import can_open_staff_pages
from members.validators import validate_single_line

from .images import press_image_upload_to, validate_press_image

SEARCH_CONFIGS = textsearch.LANGUAGE_CONFIGS


def _translated(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES] + list(names)


GROUP_FIELDS = [
    f"release_set__group__{name}"
    for name in ["slug", "time_zone", *_translated("provisional_name", "adopted_name")]
]
LISTING_FIELDS = [
    "release_set_id",
    "language",
    "status",
    "title",
    "place",
    "summary",
    "reference",
    "slug",
    "published_at",
    "publish_at",
    "corrected_at",
]


class PressReleaseSet(models.Model):
    """One release in all its languages: the versions share the group and the meeting."""

    group = models.ForeignKey(
        "groups.WorkingGroup",
        on_delete=models.PROTECT,
        related_name="press_release_sets",
        verbose_name=_("group"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="press_release_sets",
        verbose_name=_("meeting"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("press release (all languages)")
        verbose_name_plural = _("press releases (all languages)")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.group} · {self.created_at:%Y-%m-%d}"


class PressReleaseQuerySet(models.QuerySet):
    def published(self):
        """The one public gate: only published versions appear on pages, feeds, search and PDFs."""
        return self.filter(status=PressRelease.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        if can_open_staff_pages(user):
            return self
        return self.published()

    def withdrawn(self):
        return self.filter(status=PressRelease.Status.WITHDRAWN)

    def needing_pdf(self, *, changed_before=None):
        """Published versions whose PDF is missing or older than their last public change."""
        missing = self.published().filter(
            Q(pdf="") | Q(pdf_made_at__isnull=True) | Q(pdf_made_at__lt=F("changed_at"))
        )
        if changed_before is not None:
            missing = missing.filter(Q(changed_at__isnull=True) | Q(changed_at__lt=changed_before))
        return missing

    def due(self, now=None):
        return self.filter(status=PressRelease.Status.SCHEDULED, publish_at__lte=now or timezone.now())

    def for_listing(self):
        """Only what a list row shows: fewer columns make a cheaper query to build and read."""
        return self.select_related("release_set__group").only(*LISTING_FIELDS, *GROUP_FIELDS)

    def for_page(self):
        return (
            self.select_related("release_set__group")
            .only(
                *LISTING_FIELDS,
                *GROUP_FIELDS,
                "body_html",
                "image",
                "image_alt",
                "contact",
                "correction_note",
                "changed_at",
                "pdf",
                "withdrawal_note",
                "withdrawn_at",
                "release_set__meeting__is_public",
                "release_set__meeting__status",
            )
            .select_related("release_set__meeting")
        )

    def search(self, text: str, language: str | None = None):
        text = text.strip()
        if not text:
            return self
        from django.db import connection

        if connection.vendor != "postgresql":
            return self.filter(
                Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text)
            ).annotate(search_rank=models.Value(1.0, output_field=models.FloatField()))
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # Each release's words are stored in its own language's configuration (`search_own`,
        # migration press 0006), GIN-indexed: a search in a language reads only its releases.
        languages = [language] if language in SEARCH_CONFIGS else list(SEARCH_CONFIGS)
        matches = Q()
        rank = None
        for code in languages:
            config = textsearch.config_for(code)
            query = SearchQuery(text, config=config, search_type="websearch")
            matches |= Q(language=code, search_own=query)
            code_rank = models.Case(
                models.When(language=code, then=SearchRank(models.F("search_own"), query)),
                default=models.Value(0.0),
            )
            rank = code_rank if rank is None else rank + code_rank
        rows = self.alias(search_own=textsearch.StoredVector("search_own"))
        return rows.filter(matches).annotate(search_rank=rank)


class PressRelease(models.Model):
    """One language version of a press release, with its own reference number."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    release_set = models.ForeignKey(
        PressReleaseSet, on_delete=models.CASCADE, related_name="versions", verbose_name=_("release")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=300, blank=True, validators=[validate_single_line])
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Shown before the date, e.g. Washington, D.C."),
        validators=[validate_single_line],
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for lists and sharing.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Markdown: headings (#), paragraphs, lists and links. Anything else is removed."),
    )
    body_html = models.TextField(_("body (published form)"), blank=True, editable=False)
    image = models.ImageField(
        _("image"), upload_to=press_image_upload_to, blank=True, validators=[validate_press_image]
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("Required with an image, for screen readers."),
    )
    contact = models.TextField(_("press contact"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=30, blank=True)
    slug = models.SlugField(_("address"), max_length=40, blank=True)
    correction_note = models.TextField(_("correction note"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Last public change (published, corrected or withdrawn): drives feed and PDF validators.
    changed_at = models.DateTimeField(_("last public change"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="press/pdf/%Y/", blank=True)
    pdf_etag = models.CharField(max_length=64, blank=True, editable=False)
    pdf_made_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a worker started rendering the current text's PDF: a second task or scan leaves it
    # alone until the claim is older than the render stall period (its worker then taken as dead).
    pdf_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent for review by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled or published by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PressReleaseQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["pdf", "pdf_etag", "pdf_made_at", "pdf_claimed_at", "body_html"]
    )

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release_set", "language"], name="pressrelease_one_version_per_language"
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="pressrelease_unique_reference"
            ),
            models.UniqueConstraint(fields=["slug"], condition=~Q(slug=""), name="pressrelease_unique_slug"),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="pressrelease_image_has_alt"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "scheduled"]) | ~Q(reference=""),
                name="pressrelease_public_has_reference",
            ),
        ]
        indexes = [models.Index(fields=["status", "language", "-published_at"], name="pressrelease_listing")]

    def __str__(self):
        return self.reference or self.title or _("Untitled press release")

    def get_absolute_url(self):
        if self.slug:
            with translation.override(self.language):
                return reverse("press:release", kwargs={"slug": self.slug})
        return reverse("press:edit", kwargs={"pk": self.pk})

    def get_image_url(self):
        if self.image and self.slug:
            return reverse("press:release_image", kwargs={"slug": self.slug})
        return ""

    def get_pdf_url(self):
        with translation.override(self.language):
            return reverse("press:release_pdf", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})

    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)

    def missing_for_publication(self) -> dict[str, str]:
        errors = {}
        if not self.title.strip():
            errors["title"] = _("A release needs a title before it is published.")
        if not self.body.strip():
            errors["body"] = _("A release needs a body before it is published.")
        return errors

    def local_published_at(self):
        when = self.published_at or self.publish_at
        if when is None:
            return None
        return timezone.localtime(when, zoneinfo.ZoneInfo(self.release_set.group.time_zone))


class PressReferenceCounter(models.Model):
    """The last reference number given per year and language; locked while a release is published."""

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("press reference counter")
        verbose_name_plural = _("press reference counters")
        constraints = [
            models.UniqueConstraint(fields=["year", "language"], name="pressreferencecounter_unique")
        ]

    def __str__(self):
        return f"{self.year} {self.language}: {self.last_number}"
