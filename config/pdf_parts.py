"""One tagged PDF from a long document rendered in parts, each part's layout freed once it is drawn.

WeasyPrint lays out every page of a document before it writes the first one (the "n / N" page
counter needs the total) and keeps each page's boxes, computed styles and Pango layouts until
the end: a 5,000-comment matrix peaked at 765 MiB (issue 13). Here the body is laid out a part at
a time (a few hundred items), each page drawn into one shared PDF and its structure elements and
bookmarks made at once, then the part's layout is dropped. The page furniture (running header,
"n / N"), which needs the total, is laid out last on its own blank pages and drawn onto the
finished pages as artifacts, as PDF/UA asks for page furniture.

This follows `weasyprint.pdf.generate_pdf` and `add_tags` step for step (one PDF, one font and
resource dictionary, the same structure elements per page); it uses their page-level helpers,
so it is tied to the WeasyPrint version in uv.lock (tests/workplans/test_matrix_pdf.py reads
a matrix in parts back against the same matrix rendered whole).

A part never ends with a partly filled page: its last page is laid out again at the top of the
next part (from the first item that starts on it), so pages break where one long document would.
"""

import gc
import io
from collections.abc import Callable
from types import SimpleNamespace

import pydyf
from weasyprint import CSS, DEFAULT_OPTIONS, HTML, VERSION
from weasyprint.anchors import make_page_bookmark_tree
from weasyprint.matrix import Matrix
from weasyprint.pdf import VARIANTS, _use_references
from weasyprint.pdf.anchors import add_annotations, add_forms, add_links, add_outlines, resolve_links
from weasyprint.pdf.fonts import build_fonts_dictionary
from weasyprint.pdf.stream import Stream
from weasyprint.pdf.tags import _build_box_tree

# Items carry this attribute: the index of the item, to find where the next part starts.
ITEM_ATTRIBUTE = "data-part-item"

_MARGIN_BOXES = [
    "top-left-corner",
    "top-left",
    "top-center",
    "top-right",
    "top-right-corner",
    "bottom-left-corner",
    "bottom-left",
    "bottom-center",
    "bottom-right",
    "bottom-right-corner",
    "left-top",
    "left-middle",
    "left-bottom",
    "right-top",
    "right-middle",
    "right-bottom",
]
# The parts carry no page furniture: it is drawn once the total number of pages is known.
WITHOUT_FURNITURE = CSS(
    string="@page { " + " ".join(f"@{name} {{ content: none }}" for name in _MARGIN_BOXES) + " }"
)
# A part after the first starts on a page that, in one long document, would follow an unforced
# break: the margins adjoining it are truncated to zero (CSS Fragmentation 3, as WeasyPrint does
# on every page after the first).
CONTINUED = CSS(string="body, body > :first-child { margin-top: 0 !important; }")
# The furniture document: blank pages, one per page of the body, each a forced page break.
FURNITURE_ONLY = CSS(
    string="body > * { visibility: hidden; margin: 0; padding: 0; border: 0; height: 0; }"
    " .plenary-page { break-before: page; }"
)


class _Written(pydyf.Object):
    """A finished PDF object kept as its bytes: a page's structure elements are a few hundred
    bytes written out, kilobytes as dictionaries of pydyf objects (5,000 comments: ~100 MiB)."""

    __slots__ = ("number", "offset", "generation", "free", "data")

    def __init__(self, written: pydyf.Object):
        self.number, self.offset, self.generation, self.free = (
            written.number,
            written.offset,
            written.generation,
            written.free,
        )
        self.data = written.data


def _item_indexes(page) -> set[int]:
    found = set()
    for box in page._page_box.descendants():
        element = box.element
        if element is not None and (value := element.get(ITEM_ATTRIBUTE)) is not None:
            found.add(int(value))
    return found


def _restart_from(pages) -> int | None:
    """The first item of the last page, when the last page can be laid out again with the next part.

    None when it can't: a one-page part, no item on the last page, or the last page's first item
    carried over from the page before (an item taller than a page).
    """
    if len(pages) < 2:
        return None
    last = _item_indexes(pages[-1])
    if not last:
        return None
    first = min(last)
    if first in _item_indexes(pages[-2]):
        return None
    return first


class PartsWriter:
    """`generate_pdf` for pages arriving a document at a time; `finish` once every page is in."""

    def __init__(self, options: dict, metadata_class=None):
        self.metadata_class = metadata_class
        self.options = options
        self.compress = not options["uncompressed_pdf"]
        self.scale = 0.75  # 72 PDF points per inch / 96 CSS pixels per inch
        self.pdf = pdf = pydyf.PDF()
        self.fonts, self.images, self.annot_files = {}, {}, {}
        self.color_space = pydyf.Dictionary()
        pdf.add_object(self.color_space)
        self.resources = pydyf.Dictionary(
            {
                "ExtGState": pydyf.Dictionary(),
                "XObject": pydyf.Dictionary(),
                "Pattern": pydyf.Dictionary(),
                "Shading": pydyf.Dictionary(),
                "ColorSpace": self.color_space.reference,
            }
        )
        pdf.add_object(self.resources)
        self.names, self.streams, self.page_mcids, self.annotations = [], [], [], []
        # The structure tree, as `add_tags` starts it.
        self.parent_tree = pydyf.Dictionary({})
        pdf.add_object(self.parent_tree)
        self.structure_root = pydyf.Dictionary(
            {"Type": "/StructTreeRoot", "ParentTree": self.parent_tree.reference}
        )
        pdf.add_object(self.structure_root)
        self.structure_document = pydyf.Dictionary(
            {"Type": "/StructElem", "S": "/Document", "K": pydyf.Array(), "P": self.structure_root.reference}
        )
        pdf.add_object(self.structure_document)
        self.structure_root["K"] = pydyf.Array([self.structure_document.reference])
        pdf.catalog["StructTreeRoot"] = self.structure_root.reference
        # Bookmarks, as `Document.make_bookmark_tree` walks them, but across documents.
        self.bookmarks, self.skipped_levels, self.previous_level = [], [], 0
        self.last_by_depth = [self.bookmarks]
        self.first = None  # what the PDF keeps of the first document: metadata, colour profiles

    def add(self, document, pages) -> None:
        """Draw `pages` (of `document`) as the next pages, with their structure elements and bookmarks."""
        if self.first is None:
            if self.metadata_class:
                document.metadata.__class__ = self.metadata_class
            self.first = SimpleNamespace(
                metadata=document.metadata,
                color_profiles=document.color_profiles,
                output_intent=document.output_intent,
            )
        pdf, scale = self.pdf, self.scale
        for page, links_and_anchors in zip(pages, list(resolve_links(pages)), strict=True):
            page_number = len(self.streams)
            first_object = len(pdf.objects)
            tags = {}
            matrix = Matrix(scale, 0, 0, -scale, 0, page.height * scale)
            page_width = scale * (page.width + page.bleed["left"] + page.bleed["right"])
            page_height = scale * (page.height + page.bleed["top"] + page.bleed["bottom"])
            left, top = -scale * page.bleed["left"], -scale * page.bleed["top"]
            right, bottom = left + page_width, top + page_height
            rectangle = (left / scale, top / scale, (right - left) / scale, (bottom - top) / scale)
            stream = Stream(
                self.fonts,
                rectangle,
                self.resources,
                self.images,
                tags,
                document.color_profiles,
                document.output_intent,
                compress=self.compress,
            )
            stream.transform(d=-1, f=(page.height * scale))
            pdf.add_object(stream)
            self.streams.append(stream)
            pdf_page = pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": pdf.pages.reference,
                    "MediaBox": pydyf.Array([left, top, right, bottom]),
                    "Contents": stream.reference,
                    "Resources": self.resources.reference,
                    "Tabs": "/S",
                    "StructParents": page_number,
                }
            )
            pdf.add_page(pdf_page)
            add_links(links_and_anchors, matrix, pdf, pdf_page, self.names, tags)
            add_annotations(
                links_and_anchors[0], matrix, document, pdf, pdf_page, self.annot_files, self.compress
            )
            add_forms(
                page.forms, matrix, pdf, pdf_page, self.resources, stream, document.font_config.font_map
            )
            page.paint(stream, scale)
            bleed = {key: value * 0.75 for key, value in page.bleed.items()}
            trim = [
                left + bleed["left"],
                top + bleed["top"],
                right - bleed["right"],
                bottom - bleed["bottom"],
            ]
            pdf_page["TrimBox"] = pydyf.Array(trim)
            pdf_page["BleedBox"] = pydyf.Array(
                [
                    trim[0] - min(10, bleed["left"]),
                    trim[1] - min(10, bleed["top"]),
                    trim[2] + min(10, bleed["right"]),
                    trim[3] + min(10, bleed["bottom"]),
                ]
            )
            # This page's structure elements, now, while its boxes exist.
            mcids = {}
            for element in _build_box_tree(
                page._page_box, self.structure_document, pdf, page_number, mcids, self.annotations, tags
            ):
                self.structure_document["K"].append(element.reference)
            assert not tags
            self.page_mcids.append([reference for _mcid, reference in sorted(mcids.items())])
            self.previous_level = make_page_bookmark_tree(
                page,
                self.skipped_levels,
                self.last_by_depth,
                self.previous_level,
                page_number,
                Matrix(a=scale, d=-scale, f=page.height * scale),
            )
            self._write_out(first_object, stream)

    def _write_out(self, first_object: int, stream) -> None:
        """Keep what this page added to the PDF as bytes: nothing changes it any more, except its
        content stream (the furniture is drawn on it last, so its operators are only joined) and
        annotations (`finish` numbers them in the parent tree)."""
        objects = self.pdf.objects
        annotations = {id(annotation) for _reference, annotation in self.annotations}
        for index in range(first_object, len(objects)):
            written = objects[index]
            if not isinstance(written, pydyf.Stream) and id(written) not in annotations:
                objects[index] = _Written(written)
        stream.stream = [b"\n".join(pydyf._to_bytes(item) for item in stream.stream)]

    @property
    def page_count(self) -> int:
        return len(self.streams)

    def add_furniture(self, document) -> None:
        """Draw each page of `document` over the page of the same number, marked as an artifact."""
        if len(document.pages) != self.page_count:
            raise ValueError(f"{len(document.pages)} pages of furniture for {self.page_count} pages")
        for page, stream in zip(document.pages, self.streams, strict=True):
            stream._tags = None  # nothing in it enters the structure tree
            pydyf.Stream.begin_marked_content(stream, "Artifact")
            page.paint(stream, self.scale)
            pydyf.Stream.end_marked_content(stream)

    def finish(self) -> bytes:
        """The rest of `generate_pdf` and `add_tags`: outlines, metadata, fonts, the parent tree."""
        pdf, options, first = self.pdf, self.options, self.first
        add_outlines(pdf, self.bookmarks)
        pdf.info["Producer"] = pydyf.String(f"WeasyPrint {VERSION}")
        metadata = first.metadata
        if metadata.title:
            pdf.info["Title"] = pydyf.String(metadata.title)
        if metadata.lang:
            pdf.catalog["Lang"] = pydyf.String(metadata.lang)
        fonts = build_fonts_dictionary(pdf, self.fonts, self.compress, not options["full_fonts"], options)
        pdf.add_object(fonts)
        self.resources["Font"] = fonts.reference
        _use_references(pdf, self.resources, self.images, first.color_profiles)
        if self.names:
            names = pydyf.Array()
            for anchor in sorted(self.names):
                names.extend((pydyf.String(anchor[0]), anchor[1]))
            pdf.catalog["Names"] = pydyf.Dictionary({"Dests": pydyf.Dictionary({"Names": names})})
        nums = pydyf.Array()
        for page_number, references in enumerate(self.page_mcids):
            nums.extend((page_number, pydyf.Array(references)))
        for number, (reference, annotation) in enumerate(self.annotations, start=self.page_count):
            nums.extend((number, reference))
            annotation["StructParent"] = number
        self.parent_tree["Nums"] = nums
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
        if "Lang" not in pdf.catalog:
            pdf.catalog["Lang"] = pydyf.String()
        variant_function, _properties = VARIANTS[options["pdf_variant"]]
        variant_function(pdf, first, self.streams, [], self.compress)
        output = io.BytesIO()
        pdf.write(output, options["pdf_version"], options["pdf_identifier"], self.compress)
        return output.getvalue()


def render_in_parts(
    *,
    html_for: Callable[[int, int], str],
    count: int,
    part_size: int,
    furniture_for: Callable[[int], str],
    base_url: str,
    url_fetcher,
    font_config,
    stylesheets: list,
    options: dict,
    metadata_class=None,
) -> bytes:
    """A tagged PDF of `count` items: `html_for(start, stop)` is the document of items start..stop-1,
    each item's element carrying `data-part-item="<index>"`; `furniture_for(pages)` the document
    whose page margins (laid out on `pages` blank pages) carry the running header and page numbers."""
    writer = PartsWriter(
        {**DEFAULT_OPTIONS, **VARIANTS[options["pdf_variant"]][1], **options}, metadata_class
    )
    start = 0
    while True:
        stop = min(start + part_size, count)
        document = HTML(string=html_for(start, stop), base_url=base_url, url_fetcher=url_fetcher).render(
            font_config=font_config,
            stylesheets=[*stylesheets, WITHOUT_FURNITURE, *([CONTINUED] if start else [])],
            **options,
        )
        pages, following = document.pages, stop
        if stop < count and (restart := _restart_from(pages)) is not None and restart > start:
            pages, following = pages[:-1], restart
        writer.add(document, pages)
        # The part's layout goes now, before the next one is made: some of it is held in reference
        # cycles (a layout context and its own callbacks), which the caller's render may have
        # kept the cyclic collector from freeing. Only the youngest generation: everything the
        # part made is there (nothing is collected, so promoted, during a render), and the
        # process's older objects (Django, the comments) need not be walked again for each part.
        del document, pages
        gc.collect(0)
        if stop >= count:
            break
        start = following
    furniture = HTML(
        string=furniture_for(writer.page_count), base_url=base_url, url_fetcher=url_fetcher
    ).render(font_config=font_config, stylesheets=[*stylesheets, FURNITURE_ONLY], **options)
    writer.add_furniture(furniture)
    del furniture
    return writer.finish()
