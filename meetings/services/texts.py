"""Reading the words of papers for search, in a bounded child process (meetings.extract_text).

`read_document_text` is idempotent: a paper whose text was read from its current file is left
alone, so the task and the periodic scan may both run. Every way a file can fail (too large,
malformed, too slow, too hungry) ends as a recorded outcome, never as an exception in the worker.
"""

import logging
import resource
import subprocess
import sys

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from meetings.models import DocumentFile, DocumentText

logger = logging.getLogger(__name__)

READABLE = {"pdf", "docx", "odt"}
SCAN_BATCH = 20


def _limit_child() -> None:
    """In the child, before it runs: cap its memory and CPU time (the timeout caps wall time)."""
    memory = settings.PLENARY_EXTRACT_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = settings.PLENARY_EXTRACT_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def extract(extension: str, data: bytes) -> tuple[str, str, str]:
    """(outcome, text, error) for a file's bytes."""
    if extension not in READABLE:
        return DocumentText.Outcome.UNSUPPORTED, "", ""
    if len(data) > settings.PLENARY_EXTRACT_MAX_BYTES:
        return DocumentText.Outcome.TOO_LARGE, "", f"{len(data)} bytes"
    command = [
        sys.executable,
        "-m",
        "meetings.extract_text",
        extension,
        str(settings.PLENARY_EXTRACT_MAX_PAGES),
        str(settings.PLENARY_EXTRACT_MAX_CHARS),
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments, the file on stdin
            command,
            input=data,
            capture_output=True,
            timeout=settings.PLENARY_EXTRACT_SECONDS,
            cwd=settings.BASE_DIR,
            preexec_fn=_limit_child,  # noqa: PLW1509 - the worker starts no threads of its own
            check=False,
        )
    except subprocess.TimeoutExpired:
        return DocumentText.Outcome.FAILED, "", f"took over {settings.PLENARY_EXTRACT_SECONDS} s"
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            f"exit status {done.returncode}"
        ]
        return DocumentText.Outcome.FAILED, "", reason[0][:300]
    text = done.stdout.decode("utf-8", "replace")
    return (DocumentText.Outcome.READ if text.strip() else DocumentText.Outcome.EMPTY), text, ""


def read_document_text(*, file_id: int) -> DocumentText | None:
    """Read one language file of a paper and store its words; None when the file is gone."""
    document = DocumentFile.objects.filter(pk=file_id).select_related("extracted").first()
    if document is None:
        return None
    current = getattr(document, "extracted", None)
    if current is not None and current.file_name == document.file.name:
        return current
    try:
        with document.file.open("rb") as handle:
            data = handle.read(settings.PLENARY_EXTRACT_MAX_BYTES + 1)
    except OSError as error:
        outcome, text, message = DocumentText.Outcome.FAILED, "", f"cannot open the file: {error}"[:300]
    else:
        outcome, text, message = extract(document.file_extension(), data)
    if outcome == DocumentText.Outcome.FAILED:
        logger.warning("Could not read the text of paper file %s: %s", file_id, message)
    stored, _created = DocumentText.objects.update_or_create(
        document_file_id=file_id,
        defaults={
            "file_name": document.file.name,
            "text": text,
            "outcome": outcome,
            "error": message,
            "extracted_at": timezone.now(),
        },
    )
    return stored


def unread_documents():
    """Language files of papers with no text yet, or whose text was read from another file."""
    return DocumentFile.objects.filter(Q(extracted__isnull=True) | ~Q(extracted__file_name=F("file")))


def read_missing_texts(*, limit: int = SCAN_BATCH) -> int:
    ids = list(unread_documents().order_by("pk").values_list("pk", flat=True)[:limit])
    for file_id in ids:
        read_document_text(file_id=file_id)
    return len(ids)
