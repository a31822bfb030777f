"""The comment matrix PDF at size: every comment, heading and page header survives the block layout.

A worker renders matrices of thousands of comments (issue 13); these read a 300-comment one back
with pdftotext, the way a reader or a screen reader gets the text.
"""

import io
import re
import subprocess
import uuid

import pytest
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
