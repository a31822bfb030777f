"""Papers are found by the words inside their files, and only by those who may read them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from config import search as site_search
from meetings.models import DocumentText, Meeting
from tests.meetings.factories import DocumentFactory, MeetingFactory

WORD = "Xylophonic"


@pytest.fixture
def papers(group):
    meeting = MeetingFactory(group=group, status=Meeting.Status.HELD)
    public = DocumentFactory(meeting=meeting, title="Commentary", is_public=True)
    restricted = DocumentFactory(meeting=meeting, title="Consultation", is_public=False)
    for document, words in ((public, "public"), (restricted, "restricted")):
        paper_file = document.files.get()
        DocumentText.objects.create(
            document_file=paper_file,
            file_name=paper_file.file.name,
            text=f"Opening remarks.\nThe {words} {WORD.lower()} proposal on article 17.",
            outcome=DocumentText.Outcome.READ,
        )
    return {"public": public, "restricted": restricted}


def papers_found(user, text=WORD):
    hits, _more = site_search.search(user=user, text=text, language="en", kind="paper")
    return hits


def test_a_paper_is_found_by_a_word_only_inside_its_file(papers, secretariat):
    hits = papers_found(secretariat)

    assert {hit.row for hit in hits} == {papers["public"], papers["restricted"]}
    assert all("<mark>xylophonic</mark>" in hit.snippet.lower() for hit in hits)


def test_a_visitor_never_finds_a_restricted_paper_by_its_text(papers):
    assert [hit.row for hit in papers_found(AnonymousUser())] == [papers["public"]]
    assert papers_found(AnonymousUser(), "restricted") == []


def test_a_delegate_finds_the_restricted_paper_by_its_text(papers, delegate_us):
    assert [hit.row for hit in papers_found(delegate_us, "restricted")] == [papers["restricted"]]


def test_the_search_page_shows_the_passage_of_the_file(papers, client):
    html = client.get(reverse("search"), {"q": WORD}).content.decode()

    assert papers["public"].symbol in html
    assert papers["restricted"].symbol not in html
    # PostgreSQL ends its passage at a whole word ("17" may be left out); SQLite quotes more.
    assert "<mark>xylophonic</mark> proposal on article" in html.lower()


def test_a_paper_without_text_yet_is_still_found_by_its_title(papers, group, secretariat):
    unread = DocumentFactory(meeting=papers["public"].meeting, title="Unread annex", is_public=True)

    assert [hit.row for hit in papers_found(secretariat, "annex")] == [unread]


def test_a_word_only_in_the_french_file_of_a_paper_finds_the_paper(papers, secretariat):
    from tests.meetings.factories import DocumentFileFactory

    french = DocumentFileFactory(document=papers["public"], language="fr")
    DocumentText.objects.create(
        document_file=french,
        file_name=french.file.name,
        text="Le projet de charte zygomatique.",
        outcome=DocumentText.Outcome.READ,
    )

    assert [hit.title for hit in papers_found(secretariat, "zygomatique")] == [
        f"{papers['public'].symbol} Commentary (EN, FR)"
    ]
