"""The comment matrix PDF at size: every comment, heading and page header survives the block layout.

A worker renders matrices of thousands of comments (issue 13); these read a 300-comment one back
with pdftotext, the way a reader or a screen reader gets the text.
"""

import io
import re
import subprocess
import uuid

import pytest
from django.utils import timezone
from pypdf import PdfReader

from workplans import matrix_formats
from workplans.models import Comment
from workplans.text import render_markdown_subset

pytestmark = pytest.mark.django_db

COMMENTS = 300


def many_comments(comment_round, state, author, count):
    paragraphs = list(comment_round.version.paragraphs.order_by("number"))
    kinds = [Comment.Kind.COMMENT, Comment.Kind.AMENDMENT, Comment.Kind.QUESTION, Comment.Kind.NEW_PARAGRAPH]
    comments = []
    for n in range(count):
        kind = kinds[n % 4]
        body = f"Comment {n:03d} from the delegation: we **support** <this> & ask for dialogue."
        comments.append(
            Comment(
                round=comment_round,
                member_state=state,
                author=author,
                paragraph=paragraphs[n % len(paragraphs)],
                section=paragraphs[n % len(paragraphs)].section,
                kind=kind,
                body=body,
                body_html=render_markdown_subset(body),
                proposed_text=f"Proposal {n:03d} for an open and regular dialogue."
                if kind in (Comment.Kind.AMENDMENT, Comment.Kind.NEW_PARAGRAPH)
                else "",
                disposition=Comment.Disposition.NOTED if n % 7 == 0 else "",
                response=f"Response {n:03d} from the secretariat." if n % 7 == 0 else "",
                is_late=n % 50 == 0,
                idempotency_key=uuid.uuid4(),
            )
        )
    Comment.objects.bulk_create(comments)
    return list(Comment.objects.filter(round=comment_round).for_matrix())


def pages_text(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.decode().split("\f")[:-1]]


def test_a_300_comment_matrix_carries_every_comment_its_headings_and_numbered_headed_pages(
    comment_round, us, delegate_us
):
    comments = many_comments(comment_round, us, delegate_us, COMMENTS)
    pdf = matrix_formats.matrix_pdf(comment_round, comments, language="en")

    reader = PdfReader(io.BytesIO(pdf))
    pages = pages_text(pdf)
    assert len(pages) == len(reader.pages) > 10
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # still tagged (PDF/UA)
    group_name = str(comment_round.version.plan.group.name)
    for number, page in enumerate(pages, start=1):
        assert page.startswith(group_name), f"page {number} has no running header"
        assert page.endswith(f"{number} / {len(pages)}"), f"page {number} is not numbered of {len(pages)}"
    everything = " ".join(pages)
    for n in range(COMMENTS):
        assert f"Comment {n:03d} from the delegation: we **support** <this> & ask for dialogue." in everything
        if n % 4 == 3:  # a new paragraph's text as typed; an amendment's shows as tracked changes
            assert f"Proposal {n:03d} for an open and regular dialogue." in everything
        if n % 7 == 0:
            assert f"Response: Response {n:03d} from the secretariat." in everything
    # Each comment once, and each commented paragraph under its own heading.
    assert len(re.findall(r"Comment \d{3} from the delegation", everything)) == COMMENTS
    for label in {comment.target_label() for comment in comments}:
        assert label.capitalize() in everything
    assert everything.count(f"{us} · Comment") >= COMMENTS // 4
    assert everything.count("(late)") == COMMENTS // 50
    assert everything.count("Disposition: Noted") == len(range(0, COMMENTS, 7))


def outline_titles(reader) -> list:
    """The bookmarks as (title, page number, [children...])."""

    def walk(items):
        tree = []
        for item in items:
            if isinstance(item, list):
                tree[-1][2].extend(walk(item))
            else:
                tree.append((item.title, reader.get_destination_page_number(item) + 1, []))
        return tree

    return walk(reader.outline)


def structure(element) -> list:
    """A structure element as [tag, kids...], marked-content ids left out (they number per page)."""
    element = element.get_object()
    kids = element.get("/K", [])
    kids = kids if isinstance(kids, list) else [kids]
    return [element["/S"], *(structure(kid) for kid in kids if not isinstance(kid, int))]


def test_a_matrix_rendered_in_parts_reads_exactly_as_one_rendered_whole(
    comment_round, us, delegate_us, monkeypatch
):
    """The worker lays out a long matrix a few hundred comments at a time (issue 13: memory); forced
    here to parts of 40, the pages, their numbers, the tags and the bookmarks are those WeasyPrint
    writes for the matrix as one document."""
    comments = many_comments(comment_round, us, delegate_us, COMMENTS)
    prepared = timezone.now()
    monkeypatch.setattr(matrix_formats.timezone, "now", lambda: prepared)  # both say the same minute
    whole = matrix_formats.matrix_pdf(comment_round, comments, language="en", part_size=10_000)
    parts = matrix_formats.matrix_pdf(comment_round, comments, language="en", part_size=40)

    # Same page breaks: a part's last page is laid out again at the top of the next part.
    pages = pages_text(parts)
    for number, (page, whole_page) in enumerate(zip(pages, pages_text(whole), strict=True), start=1):
        assert page == whole_page, f"page {number} differs"
    reader = PdfReader(io.BytesIO(parts))
    assert len(reader.pages) == len(pages) > COMMENTS // 40
    for number, page in enumerate(pages, start=1):
        assert page.startswith(str(comment_round.version.plan.group.name)), f"page {number} has no header"
        assert page.endswith(f"{number} / {len(pages)}"), f"page {number} is not numbered of {len(pages)}"
    everything = " ".join(pages)
    for n in range(COMMENTS):
        assert everything.count(f"Comment {n:03d} from the delegation") == 1

    # Tagged: one structure tree whose parent tree maps every page's marked content to elements
    # on that page; page furniture is an artifact, outside the tree.
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    tree = root["/StructTreeRoot"]
    assert len(tree["/K"]) == 1 and tree["/K"][0].get_object()["/S"] == "/Document"
    nums = tree["/ParentTree"]["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    for index, page in enumerate(reader.pages):
        assert page["/StructParents"] == index
        elements = parents[index].get_object()
        assert len(elements) > 0, f"page {index + 1} has no tagged content"
        assert all(
            element.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum for element in elements
        )
        assert b"/Artifact\nBMC" in page.get_contents().get_data()
    document = tree["/K"][0].get_object()
    tags = [kid.get_object()["/S"] for kid in document["/K"]]
    assert tags.count("/H1") == 1
    assert tags.count("/H2") == len({comment.target_label() for comment in comments})
    assert structure(document) == structure(
        PdfReader(io.BytesIO(whole)).trailer["/Root"]["/StructTreeRoot"]["/K"][0]
    )

    # Bookmarks: the title, and under it every paragraph's heading in order, each on its page.
    assert outline_titles(reader) == outline_titles(PdfReader(io.BytesIO(whole)))
    ((title, page_number, children),) = outline_titles(reader)
    assert page_number == 1 and title.startswith("Comment matrix")
    labels = []
    for comment in comments:
        if not labels or labels[-1] != comment.target_label().capitalize():
            labels.append(comment.target_label().capitalize())
    assert [child[0] for child in children] == labels
    for heading, page_number, _children in children:
        assert heading in pages[page_number - 1]
