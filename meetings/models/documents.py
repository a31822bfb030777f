"""Documents of a meeting (numbered, symbol per group) and the presentations made at it."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members import textsearch
from members.permissions import is_delegate, is_secretariat
from members.translated import original_language_field
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

    def with_language_files(self):
        """Each paper with its language files read in the same query, as if `files` were prefetched.

        A paper has at most one file per language (a unique constraint), so one LEFT JOIN per site
        language adds columns, never rows: the meeting page reads its papers in one query, not two.
        """
        relations, columns = {}, {}
        for code in _language_codes():
            relations[f"file_{code}"] = models.FilteredRelation(
                "files", condition=models.Q(files__language=code)
            )
            for column in FILE_COLUMNS:
                columns[f"file_{code}_{column}"] = models.F(f"file_{code}__{column}")
        rows = self.annotate(**relations).annotate(**columns)
        rows._iterable_class = _WithLanguageFiles
        return rows

    def search(self, text: str, language: str | None = None):
        # Symbols (OAS/doc.3/23) are matched as typed as well as word by word.
        # The words of the file itself weigh least: a title or symbol match ranks first.
        rows = self if "file_text" in self.query.annotations else self.annotate(file_text=paper_words())
        if not textsearch.uses_postgresql(rows):
            return textsearch.search(
                rows, text, language, weights={"A": ["symbol", "title"], "D": ["file_text"]}
            )
        # On PostgreSQL the files' words are matched through their own table's index, and appended
        # (weight D, as stored) to the symbol and title's for the rank of the papers found.
        return textsearch.search(
            rows,
            text,
            language,
            weights={"A": ["symbol", "title"]},
            found_also=_found_by_files,
            ranked_also=paper_vector,
        )


def _found_by_files(query, language):
    return (
        DocumentText.objects.alias(words=textsearch.StoredVector(textsearch.stored_column(language)))
        .filter(words=query)
        .values("document_file__document")
    )


def paper_vector(language: str | None):
    """The stored words of all a paper's files in `language`'s configuration, for its rank."""
    words = (
        DocumentText.objects.filter(document_file__document=models.OuterRef("pk"))
        .values("document_file__document")
        .annotate(words=textsearch.VectorAgg(textsearch.StoredVector(textsearch.stored_column(language))))
        .values("words")
    )
    return Coalesce(
        models.Subquery(words, output_field=SearchVectorField()),
        models.Value("", output_field=SearchVectorField()),
        output_field=SearchVectorField(),
    )


# What the pages read of a language file (with_language_files loads only these).
FILE_COLUMNS = ("id", "file", "size", "original_name", "content_type", "uploaded_at")


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class _WithLanguageFiles(models.query.ModelIterable):
    """Builds each paper's DocumentFile rows from the columns with_language_files added."""

    def __iter__(self):
        for document in super().__iter__():
            files = []
            for code in _language_codes():
                values = {column: getattr(document, f"file_{code}_{column}") for column in FILE_COLUMNS}
                if values["id"] is None:
                    continue
                row = DocumentFile(document=document, language=code, **values)
                row._state.adding, row._state.db = False, document._state.db
                files.append(row)
            # Where prefetch_related("files") leaves its rows: files.all() reads them without a query.
            cached = document.files.all()
            cached._result_cache, cached._prefetch_done = files, True
            document.__dict__.setdefault("_prefetched_objects_cache", {})["files"] = cached
            yield document


def paper_words():
    """The words of all a paper's language files in one column: a subquery, so no GROUP BY."""
    words = (
        DocumentText.objects.filter(document_file__document=models.OuterRef("pk"))
        .values("document_file__document")
        .annotate(words=models.StringAgg("text", models.Value("\n")))
        .values("words")
    )
    return Coalesce(
        models.Subquery(words, output_field=models.TextField()),
        models.Value(""),
        output_field=models.TextField(),
    )


def paper_languages():
    """The languages of a paper's files ("en,es"), read with the paper rather than by a second query."""
    codes = (
        DocumentFile.objects.filter(document=models.OuterRef("pk"))
        .values("document")
        .annotate(codes=models.StringAgg("language", models.Value(",")))
        .values("codes")
    )
    return models.Subquery(codes, output_field=models.CharField())


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


def document_file_upload_to(document_file, filename):
    return document_upload_to(document_file.document, filename)


class Document(models.Model):
    """A paper: one symbol and title, with a file in each language it exists in (DocumentFile)."""

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
    language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Restricted documents reach only delegates and staff.")
    )
    # When the paper was posted (its number counts within this year); each file has its own time.
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

    def language_files(self) -> list["DocumentFile"]:
        """The files in the order of the site's languages (prefetch `files` to read them in one query)."""
        order = [code for code, _name in settings.LANGUAGES]
        return sorted(self.files.all(), key=lambda file: order.index(file.language))

    def file_for(self, language: str | None) -> "DocumentFile | None":
        """The file a reader of `language` gets: theirs if it exists, else the original, else any."""
        files = {file.language: file for file in self.files.all()}
        return files.get(language) or files.get(self.language) or next(iter(files.values()), None)


class DocumentFile(models.Model):
    """One language version of a paper, with its own upload check, uploader and size."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=document_file_upload_to, max_length=300)
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language version of a document")
        verbose_name_plural = _("language versions of documents")
        ordering = ["document", "language"]
        constraints = [
            models.UniqueConstraint(fields=["document", "language"], name="document_file_one_per_language")
        ]

    def __str__(self):
        return f"{self.document.symbol} ({self.language})"

    def get_absolute_url(self):
        return reverse("meetings:document_file", kwargs={"pk": self.document_id, "language": self.language})

    def file_extension(self) -> str:
        """The extension of the detected type (the stored file is named by it, never by the upload)."""
        extension = self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""
        return extension if extension in DOCUMENT_TYPES else "bin"

    def download_content_type(self) -> str:
        return DOCUMENT_TYPES.get(self.file_extension(), "application/octet-stream")

    def download_name(self) -> str:
        """The symbol as the name; a translation adds its language, so versions saved together differ."""
        suffix = "" if self.language == self.document.language else f"-{self.language}"
        return f"{self.document.symbol.replace('/', '-')}{suffix}.{self.file_extension()}"


class DocumentText(models.Model):
    """The words of one language file of a paper, read by the worker after upload
    (meetings.extract_text).

    Kept apart from DocumentFile so that lists of papers never load the text, and keyed to the
    stored file's name: a replaced file makes the text stale, and the scan reads it again.
    """

    class Outcome(models.TextChoices):
        READ = "read", _("Text read")
        EMPTY = "empty", _("No text found (a scan?)")
        TOO_LARGE = "too_large", _("Too large to read")
        UNSUPPORTED = "unsupported", _("Format not read")
        FAILED = "failed", _("Could not be read")

    document_file = models.OneToOneField(
        DocumentFile,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="extracted",
        verbose_name=_("file"),
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
        return f"{self.document_file_id}: {self.get_outcome_display()}"


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
    original_language = original_language_field()
    slides = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slides"),
    )
    # History is registered in translation.py, after the per-language columns exist.

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
