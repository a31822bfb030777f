"""The comment matrix is the official record: every export carries each comment as typed.

Property-based: any text a delegate can send (tags, ampersands, quotes, line breaks,
right-to-left text, emoji) comes back unchanged from the CSV and the XLSX, apart from the
documented formula guard, and from the matrix page's text.
"""

import csv
import html
import io
import re
import uuid

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from workplans import matrix_formats as exports
from workplans.forms import CommentForm
from workplans.models import Comment
from workplans.services import comments as services
from workplans.text import neutralise_formula

pytestmark = pytest.mark.django_db

SPECIMENS = [
    "Mentions <script>alert(1)</script> in passing",
    "dialogue & cooperation",
    '<img src="x" onerror="alert(1)"> and &amp; as typed',
    "\"Quoted\" and 'single' text",
    "Line one\nLine two\n\nNew paragraph",
    "נוסח בעברית עם English inside",
    "مشاركة الدول الأعضاء",
    "👩🏽‍⚖️ 🇺🇸 🇧🇷 — done",
    "=SUM(A1:A9) is not a formula here",
    "-5 % change",
]
any_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=200)
typed_text = st.one_of(
    st.sampled_from(SPECIMENS), any_text, st.lists(st.sampled_from(SPECIMENS), min_size=2).map(" ".join)
)
HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def sent_through_the_form(comment_round, user, text, *, generated=True) -> Comment:
    form = CommentForm(data={"kind": "comment", "body": text, "token": str(uuid.uuid4())})
    valid = form.is_valid() and bool(form.cleaned_data["body"].strip())
    if generated:
        assume(valid)
    assert valid, form.errors
    comment = services.submit_comment(
        comment_round=comment_round,
        user=user,
        kind="comment",
        body=form.cleaned_data["body"],
        token=uuid.uuid4(),
    )
    return Comment.objects.for_matrix().get(pk=comment.pk)


def typed(comment: Comment) -> str:
    return neutralise_formula(comment.body)


@HYPOTHESIS
@given(text=typed_text)
@example(text="dialogue & cooperation")
def test_csv_holds_each_comment_as_typed(text, comment_round, delegate_us):
    comment = sent_through_the_form(comment_round, delegate_us, text)
    rows = list(csv.reader(io.StringIO(exports.matrix_csv([comment]).decode("utf-8-sig"), newline="")))
    assert rows[1][3] == typed(comment)


@HYPOTHESIS
@given(text=typed_text)
@example(text="Mentions <script>alert(1)</script> in passing")
def test_xlsx_holds_each_comment_as_typed(text, comment_round, delegate_us):
    comment = sent_through_the_form(comment_round, delegate_us, text)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.matrix_xlsx([comment], title="Matrix"))).active
    assert sheet.cell(row=2, column=4).value == typed(comment)


def test_typed_text_loses_nothing_but_surrounding_space_and_crlf(comment_round, delegate_us):
    comment = sent_through_the_form(
        comment_round, delegate_us, "  <b>bold?</b> & more\r\nnext  ", generated=False
    )
    assert comment.body == "<b>bold?</b> & more\nnext"


def test_invisible_control_characters_are_refused_with_a_message():
    form = CommentForm(data={"kind": "comment", "body": "bell\x07", "token": str(uuid.uuid4())})
    assert not form.is_valid()
    assert "control characters" in form.errors["body"][0]


# Text without the Markdown subset's marks reads the same on the page as typed.
plain_words = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp", "Zs"], exclude_characters="*_`[]#>|\\!-+=~<&"),
    min_size=1,
    max_size=40,
)


@HYPOTHESIS
@given(words=st.lists(plain_words, min_size=1, max_size=6).map(" ".join).map(lambda t: f"{t} <&> tail"))
def test_matrix_page_shows_the_comment_text_as_typed(words, comment_round, delegate_us, secretariat_client):
    assume(not re.match(r"\d+[.)]", words))
    comment = sent_through_the_form(comment_round, delegate_us, words)
    page = secretariat_client.get(reverse("workplans:matrix", args=[comment_round.pk])).content.decode()
    row = page.split(f'id="comment-{comment.pk}"', 1)[1]
    cell = row.split('<div class="comment-body">', 1)[1].split("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() == comment.body


def test_matrix_pdf_holds_each_comment_as_typed(comment_round, delegate_us):
    """The official record keeps the Markdown subset as its source and every mark as typed."""
    import subprocess

    typed_text = "We **support** dialogue & cooperation; see <article 3> as is."
    comment = sent_through_the_form(comment_round, delegate_us, typed_text, generated=False)
    pdf = exports.matrix_pdf(comment_round, [comment], language="en")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    flat = " ".join(text.decode().split())
    assert "We **support** dialogue & cooperation; see <article 3> as is." in flat
