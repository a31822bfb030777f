"""Workflows on a meeting's documents and the presentations that use them."""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WorkingGroup
from meetings import announce, notifications
from meetings import tasks as meeting_tasks
from meetings.models import (
    AgendaItem,
    Document,
    DocumentFile,
    Meeting,
    Presentation,
)
from meetings.models.documents import DOCUMENT_TYPES
from members.enqueue import enqueue_after_commit
from members.translation_status import stamp_edit


@transaction.atomic
def add_presentation(*, meeting: Meeting, by=None, **fields) -> Presentation:
    position = (meeting.presentations.aggregate(top=Max("position"))["top"] or 0) + 1
    presentation = Presentation(meeting=meeting, position=position, **fields)
    presentation.full_clean()
    if presentation.agenda_item_id and presentation.agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    if presentation.slides_id and presentation.slides.meeting_id != meeting.pk:
        raise ValidationError({"slides": _("Choose a document of this meeting.")})
    presentation.save()
    stamp_edit(obj=presentation, before={}, by=by)
    return presentation


ALLOWED_TYPES = DOCUMENT_TYPES
OOXML_MAIN_PART = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


def detect_document_type(upload) -> str | None:
    """The file's real kind from its content (PDF magic, or the parts inside the zip), or None."""
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if head.startswith(b"%PDF-") and (kind is None or kind.extension == "pdf"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(100).strip() == ALLOWED_TYPES["odt"].encode():
                        return "odt"
                return None
            if "[Content_Types].xml" not in names:
                return None
            for part, extension in OOXML_MAIN_PART.items():
                if part in names:
                    return extension
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def _next_document_number(group: WorkingGroup, year: int) -> int:
    top = Document.objects.filter(meeting__group=group, uploaded_at__year=year).aggregate(top=Max("number"))
    return (top["top"] or 0) + 1


def document_symbol(group: WorkingGroup, number: int, year: int) -> str:
    return group.document_symbol_pattern.format(
        acronym=group.symbol_acronym(), number=number, yy=f"{year % 100:02d}", yyyy=year
    )


def check_upload(upload) -> str:
    """The extension of an acceptable upload (size, then type by content); raises on the file field."""
    limit = settings.PLENARY_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    extension = detect_document_type(upload)
    if extension is None:
        raise ValidationError(
            {"file": _("This file is not a PDF, Word, Excel, PowerPoint or OpenDocument text file.")}
        )
    return extension


def _store_file(row: DocumentFile, upload, extension: str) -> None:
    row.file.save(f"upload.{extension}", File(upload), save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise


@transaction.atomic
def attach_document(
    *,
    meeting: Meeting,
    upload,
    title: str,
    language: str,
    is_public: bool,
    uploaded_by,
    agenda_item: AgendaItem | None = None,
    now=None,
) -> Document:
    """A new paper with its first file, in `language` (which becomes the paper's original language)."""
    extension = check_upload(upload)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    now = now or timezone.now()
    group = WorkingGroup.objects.select_for_update().get(pk=meeting.group_id)
    number = _next_document_number(group, now.year)
    symbol = document_symbol(group, number, now.year)
    if Document.objects.filter(symbol=symbol).exists():
        raise ValidationError(
            {
                "file": _("The symbol %(symbol)s is already taken; check the group's symbol pattern.")
                % {"symbol": symbol}
            }
        )
    document = Document.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        symbol=symbol,
        number=number,
        title=title,
        language=language,
        is_public=is_public,
        uploaded_at=now,
    )
    row = _file_row(document, language, upload, extension, uploaded_by, now)
    _store_file(row, upload, extension)
    notifications.tell_subscribers(meeting=meeting, kind=notifications.PAPER_POSTED, document=document)
    announce.public_papers(meeting)
    enqueue_after_commit(meeting_tasks.deliver_meeting_mail)
    enqueue_after_commit(meeting_tasks.extract_document_text, row.pk)
    return document


def _file_row(document, language, upload, extension, uploaded_by, now) -> DocumentFile:
    return DocumentFile(
        document=document,
        language=language,
        original_name=(upload.name or "")[-255:],
        content_type=ALLOWED_TYPES[extension],
        size=upload.size,
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )


@transaction.atomic
def add_document_file(
    *, document: Document, upload, language: str, uploaded_by, replace: bool = False, now=None
) -> DocumentFile:
    """Add the `language` version of a paper, or replace it when `replace` is given."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the official languages.")})
    extension = check_upload(upload)
    now = now or timezone.now()
    locked = Document.objects.select_for_update().get(pk=document.pk)
    existing = locked.files.filter(language=language).first()
    if existing is not None and not replace:
        raise ValidationError(
            {
                "language": _(
                    "%(symbol)s already has a file in %(language)s; choose to replace it to upload a new one."
                )
                % {"symbol": locked.symbol, "language": existing.get_language_display()}
            }
        )
    row = _file_row(locked, language, upload, extension, uploaded_by, now)
    if existing is not None:
        old_name, storage = existing.file.name, existing.file.storage
        row.pk = existing.pk
        _store_file(row, upload, extension)
        transaction.on_commit(lambda: storage.delete(old_name))
    else:
        _store_file(row, upload, extension)
    enqueue_after_commit(meeting_tasks.extract_document_text, row.pk)
    return row


@transaction.atomic
def remove_document(*, document: Document) -> None:
    stored = [(row.file.storage, row.file.name) for row in document.files.all()]
    document.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
