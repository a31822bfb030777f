"""Locked-down PDF rendering shared by minutes, the comment matrix and press releases.

WeasyPrint would otherwise fetch file:// and loopback URLs named in a document. Here the
fetcher serves only our own static files (found the way staticfiles finds them) and
`data:` URIs; everything else is refused. Print stylesheets are parsed once per process.
"""

import contextlib
import functools
import gc
import mimetypes
from pathlib import Path
from xml.etree.ElementTree import SubElement, fromstring, tostring

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.pdf.metadata import NS, DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from config.pdf_parts import render_in_parts

# Documents are rendered against this base, so `{% static %}` paths resolve to it.
BASE_URL = "https://print.plenary.invalid/"
STATIC_PREFIX = BASE_URL.rstrip("/") + settings.STATIC_URL


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_PREFIX):
            raise RefusedURL(f"PDF rendering may not fetch {url!r}")
        relative = url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0]
        if ".." in Path(relative).parts:
            raise RefusedURL(f"PDF rendering may not fetch {url!r}")
        path = finders.find(relative) or (
            settings.STATIC_ROOT
            and (Path(settings.STATIC_ROOT) / relative).is_file()
            and Path(settings.STATIC_ROOT) / relative
        )
        if not path:
            raise RefusedURL(f"No static file {relative!r}")
        content_type = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})


class LanguageTaggedMetadata(DocumentMetadata):
    """WeasyPrint writes the catalog's /Lang but not XMP `dc:language`; PDF/UA checkers read both."""

    def generate_rdf_metadata(self, *args, **kwargs):
        # WeasyPrint's own serialisation (the title inside it is escaped), not outside input.
        rdf = fromstring(super().generate_rdf_metadata(*args, **kwargs))  # noqa: S314
        if self.lang:
            description = SubElement(rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})
            bag = SubElement(SubElement(description, f"{{{NS['dc']}}}language"), f"{{{NS['rdf']}}}Bag")
            SubElement(bag, f"{{{NS['rdf']}}}li").text = self.lang
        return tostring(rdf, encoding="utf-8")


def _page_references(pdf) -> tuple:
    """pydyf's `PDF.page_references`, built once per page count instead of on every call.

    WeasyPrint asks for it once per tagged element of a PDF/UA document, and pydyf rebuilds the
    tuple of every page each time: quadratic, seconds for a 60-page comment matrix. Pages are
    only ever appended (`add_page`), so the page count tells whether the cached tuple is current.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_plenary_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_plenary_page_references"] = cached
    return cached[1]


pydyf.PDF.page_references = property(_page_references)


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def stylesheet(static_path: str) -> CSS:
    """Parse a print stylesheet once; later documents reuse the parsed rules."""
    path = finders.find(static_path)
    if path is None:
        raise FileNotFoundError(static_path)
    return CSS(
        string=Path(path).read_text(encoding="utf-8"),
        base_url=STATIC_PREFIX + static_path,
        url_fetcher=StaticOnlyFetcher(),
        font_config=_font_config(),
    )


def render_pdf(
    *, template: str, context: dict, stylesheets: tuple[str, ...] = ("pdf/print.css",), lang: str, title: str
) -> bytes:
    """Render a print template (autoescaped) to a tagged PDF/UA-1 document.

    `lang` (through `<html lang>`: the catalog's /Lang, and XMP dc:language) and `title`
    become the document's language and title metadata, which PDF/UA requires for screen readers.
    """
    html = render_to_string(template, {"pdf_lang": lang, "pdf_title": title, **context})
    options = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
    with _no_cyclic_collection():
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
            font_config=_font_config(), stylesheets=[stylesheet(path) for path in stylesheets], **options
        )
        document.metadata.__class__ = LanguageTaggedMetadata
        return document.write_pdf(**options)


# Items per part of a long document (see config.pdf_parts): the memory of a render grows with it.
PART_SIZE = 500


def render_pdf_in_parts(
    *,
    template: str,
    furniture_template: str,
    context: dict,
    part_context,
    count: int,
    stylesheets: tuple[str, ...],
    lang: str,
    title: str,
    part_size: int | None = None,
) -> bytes:
    """`render_pdf` for documents of thousands of items, laid out `part_size` items at a time.

    `part_context(start, stop)` adds to `context` what `template` needs for items start..stop-1
    (each item's element with `data-part-item="<index>"`); `furniture_template`, given `pages`
    (range of the number of pages after the first), makes the blank pages whose margins carry the
    running header and "n / N". Same pages, same tags, a fraction of the memory (5,000 comments:
    +70 MiB over the process instead of +565).
    """
    part_size = part_size or PART_SIZE
    if count <= 2 * part_size:
        # Up to two parts' worth in one document, written by WeasyPrint itself: parts cost a
        # page laid out twice per part and a document of their own for the page furniture
        # (1,000 comments: 5.98 s of CPU in parts of 500, 5.23 s whole), for memory that a
        # document this size does not need (+92 MiB whole).
        return render_pdf(
            template=template,
            context={**context, **part_context(0, count)},
            stylesheets=stylesheets,
            lang=lang,
            title=title,
        )
    base = {"pdf_lang": lang, "pdf_title": title, **context}

    def html_for(start: int, stop: int) -> str:
        return render_to_string(template, {**base, **part_context(start, stop)})

    def furniture_for(pages: int) -> str:
        return render_to_string(furniture_template, {**base, "pages": range(pages - 1)})

    with _no_cyclic_collection():
        return render_in_parts(
            html_for=html_for,
            count=count,
            part_size=part_size,
            furniture_for=furniture_for,
            base_url=BASE_URL,
            url_fetcher=StaticOnlyFetcher(),
            font_config=_font_config(),
            stylesheets=[stylesheet(path) for path in stylesheets],
            options={"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False},
            metadata_class=LanguageTaggedMetadata,
        )


@contextlib.contextmanager
def _no_cyclic_collection():
    # A render allocates millions of boxes, styles and PDF objects that live until it ends: the
    # cyclic collector would walk them all again and again (a tenth of the time with 1,000
    # comments) and find nothing to free. It runs again as usual afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
