"""Read the words of a paper (PDF, DOCX, ODT), run as a child process: `python -m meetings.extract_text`.

PDF by pypdf, DOCX by python-docx, ODT from its content.xml with defusedxml (entities refused).

The file arrives on stdin, the text leaves on stdout. It runs apart from the worker, under
CPU and memory limits and a timeout set by the parent (meetings.services.documents), so a
malformed or hostile file can at worst kill this process, never the Celery worker. It imports
no Django: it starts quickly and has nothing to leak.

Arguments: the detected extension, the most pages to read, the most characters to return.
Exit status 0 with the text; 2 with a one-line reason on stderr when the file cannot be read.
"""

import io
import sys
import zipfile

# A DOCX or ODT whose parts would unpack to more than this is refused (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class Unreadable(Exception):
    pass


def pdf_text(data: bytes, max_pages: int, max_chars: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Papers with an owner password only (no opening password) still open with "".
        try:
            reader.decrypt("")
        except Exception as error:
            raise Unreadable("encrypted") from error
    parts, length = [], 0
    for page in reader.pages[:max_pages]:
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= max_chars:
            break
    return "\n".join(parts)


def check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise Unreadable("unpacks too large")
    except zipfile.BadZipFile as error:
        raise Unreadable("not a zip archive") from error


def docx_text(data: bytes, max_chars: int) -> str:
    import docx

    check_archive(data)
    document = docx.Document(io.BytesIO(data))
    parts, length = [], 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        length += len(paragraph.text)
        if length >= max_chars:
            return "\n".join(parts)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
                length += len(cell.text)
                if length >= max_chars:
                    return "\n".join(parts)
    return "\n".join(parts)


TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
PARAGRAPHS = {f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"}
SPACE, TAB, LINE_BREAK = f"{{{TEXT_NS}}}s", f"{{{TEXT_NS}}}tab", f"{{{TEXT_NS}}}line-break"
# An ODT's text is one XML part; anything bigger than this is not a paper.
MAX_CONTENT_BYTES = 50 * 1024 * 1024


def _odf_words(element) -> str:
    """The text of one paragraph: spans and links read through, runs of spaces and tabs kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == SPACE:
            parts.append(" " * min(int(child.get(f"{{{TEXT_NS}}}c", "1") or 1), 100))
        elif child.tag == TAB:
            parts.append("\t")
        elif child.tag == LINE_BREAK:
            parts.append("\n")
        elif child.tag not in PARAGRAPHS:  # a paragraph inside a frame is read on its own turn
            parts.append(_odf_words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def odt_text(data: bytes, max_chars: int) -> str:
    # content.xml read with defusedxml (no entities, no external references: no XML bombs).
    from defusedxml.ElementTree import fromstring

    check_archive(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            info = archive.getinfo("content.xml")
        except KeyError as error:
            raise Unreadable("no content.xml") from error
        if info.file_size > MAX_CONTENT_BYTES:
            raise Unreadable("content.xml too large")
        root = fromstring(archive.read(info))
    parts, length = [], 0
    # Headings and paragraphs in document order (tables and lists hold paragraphs too).
    for element in root.iter():
        if element.tag in PARAGRAPHS:
            words = _odf_words(element)
            parts.append(words)
            length += len(words)
            if length >= max_chars:
                break
    return "\n".join(parts)


def extract(extension: str, data: bytes, max_pages: int, max_chars: int) -> str:
    if extension == "pdf":
        text = pdf_text(data, max_pages, max_chars)
    elif extension == "docx":
        text = docx_text(data, max_chars)
    elif extension == "odt":
        text = odt_text(data, max_chars)
    else:
        raise Unreadable(f"no text extraction for .{extension}")
    # NUL cannot be stored in PostgreSQL text; runs of blank lines say nothing.
    text = text.replace("\x00", " ")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())[:max_chars]


def main(argv: list[str]) -> int:
    extension, max_pages, max_chars = argv[0], int(argv[1]), int(argv[2])
    data = sys.stdin.buffer.read()
    try:
        text = extract(extension, data, max_pages, max_chars)
    except Unreadable as error:
        print(str(error), file=sys.stderr)
        return 2
    except Exception as error:  # whatever the parsers raise on a malformed file
        print(f"{type(error).__name__}: {str(error)[:200]}".replace("\n", " "), file=sys.stderr)
        return 2
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
