"""One paper of the first meeting in three languages under one symbol (the demo's case of item 2)."""

import datetime

from django.core.files.base import ContentFile

from .models import Document, DocumentFile
from .services import document_symbol

# The secretariat's note on the group's working methods, in the languages it was circulated in.
PAPER_NUMBER = 1
PAPER_TITLE = "Note by the Secretariat on the working methods of the group"
PAPER_TEXTS = {
    "en": "Note by the Secretariat on the working methods of the group",
    "es": "Nota de la Secretaría sobre los métodos de trabajo del grupo",
    "fr": "Note du Secrétariat sur les méthodes de travail du groupe",
}


def one_page_pdf(line: str) -> bytes:
    """A valid one-page PDF that shows `line` (Latin-1 text, Helvetica): enough for a demo download."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load_papers(*, command, meeting, agenda_item, uploaded_by) -> Document:
    posted = meeting.starts_at - datetime.timedelta(days=7)
    paper = command.upsert(
        Document,
        {"meeting": meeting, "number": PAPER_NUMBER},
        {
            "symbol": document_symbol(meeting.group, PAPER_NUMBER, posted.year),
            "title": PAPER_TITLE,
            "language": "en",
            "is_public": True,
            "agenda_item": agenda_item,
            "uploaded_at": posted,
        },
    )
    for language, line in PAPER_TEXTS.items():
        if DocumentFile.objects.filter(document=paper, language=language).exists():
            continue
        content = one_page_pdf(f"{paper.symbol} - {line}")
        row = DocumentFile(
            document=paper,
            language=language,
            original_name=f"working-methods-{language}.pdf",
            content_type="application/pdf",
            size=len(content),
            uploaded_by=uploaded_by,
            uploaded_at=posted,
        )
        row.file.save("upload.pdf", ContentFile(content), save=True)
        command.changes += 1
    return paper
