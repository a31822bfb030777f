"""Documents of a meeting (numbered, symbol per group) and the presentations made at it."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import textsearch
from members.permissions import is_delegate, is_secretariat
from members.validators import validate_single_line

from .agenda import AgendaItem
from .meeting import Meeting


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        meetings = Meeting.objects.visible_to(user)
        if is_secretariat(user) or is_delegate(user):
            return self.filter(meeting__in=meetings)
        return self.filter(meeting__in=meetings, is_public=True)

    def public(self):
        return self.filter(is_public=True)

    def search(self, text: str, language: str | None = None):
        # Symbols (OAS/doc.3/23) are matched as typed as well as word by word.
        # The words of the file itself weigh least: a title or symbol match ranks first.
        return textsearch.search(
            self, text, language, weights={"A": ["symbol", "title"], "D": ["extracted__text"]}
        )


# The kinds of paper a meeting takes, by the extension given to the detected type.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


def document_upload_to(document, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/{document.meeting.uid}/{uuid.uuid4().hex}.{extension}"


class Document(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    symbol = models.CharField(_("document symbol"), max_length=80, unique=True)
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Restricted documents reach only delegates and staff.")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["meeting", "number"]

    def __str__(self):
        return f"{self.symbol} {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:document_download", kwargs={"pk": self.pk})

    def file_extension(self) -> str:
        """The extension of the detected type (the stored file is named by it, never by the upload)."""
        extension = self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""
        return extension if extension in DOCUMENT_TYPES else "bin"

    def download_content_type(self) -> str:
        return DOCUMENT_TYPES.get(self.file_extension(), "application/octet-stream")

    def download_name(self) -> str:
        return f"{self.symbol.replace('/', '-')}.{self.file_extension()}"


class DocumentText(models.Model):
    """The words of a paper's file, read by the worker after upload (meetings.extract_text).

    Kept apart from Document so that lists of papers never load the text, and keyed to the
    stored file's name: a replaced file makes the text stale, and the scan reads it again.
    """

    class Outcome(models.TextChoices):
        READ = "read", _("Text read")
        EMPTY = "empty", _("No text found (a scan?)")
        TOO_LARGE = "too_large", _("Too large to read")
        UNSUPPORTED = "unsupported", _("Format not read")
        FAILED = "failed", _("Could not be read")

    document = models.OneToOneField(
        Document,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="extracted",
        verbose_name=_("document"),
    )
    file_name = models.CharField(_("file read"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    error = models.CharField(_("error"), max_length=300, blank=True)
    extracted_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("text of a document")
        verbose_name_plural = _("texts of documents")

    def __str__(self):
        return f"{self.document_id}: {self.get_outcome_display()}"


class Presentation(models.Model):
    class PresenterKind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat unit")
        DELEGATION = "delegation", _("Member state delegation")
        GUEST = "guest", _("Guest")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="presentations", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("agenda item"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    presenter_kind = models.CharField(_("presenter"), max_length=20, choices=PresenterKind)
    unit = models.ForeignKey(
        "members.SecretariatUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("secretariat unit"),
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
        verbose_name=_("member state"),
    )
    person_name = models.CharField(_("person"), max_length=200, blank=True, validators=[validate_single_line])
    affiliation = models.CharField(
        _("guest's organisation"), max_length=200, blank=True, validators=[validate_single_line]
    )
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    slides = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slides"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.presenter_label()}: {self.title}"

    def clean(self):
        errors = {}
        if self.presenter_kind == self.PresenterKind.SECRETARIAT and not self.unit_id:
            errors["unit"] = _("Choose the presenting secretariat unit.")
        if self.presenter_kind == self.PresenterKind.DELEGATION and not self.member_state_id:
            errors["member_state"] = _("Choose the presenting member state.")
        if self.presenter_kind == self.PresenterKind.GUEST and not self.person_name:
            errors["person_name"] = _("Give the guest's name.")
        if errors:
            raise ValidationError(errors)

    def presenter_label(self) -> str:
        if self.presenter_kind == self.PresenterKind.SECRETARIAT and self.unit:
            who = str(self.unit)
        elif self.presenter_kind == self.PresenterKind.DELEGATION and self.member_state:
            who = str(self.member_state)
        else:
            who = self.affiliation
        return ", ".join(part for part in (self.person_name, who) if part)
