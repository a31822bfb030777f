"""A Spanish reader gets the Spanish text where it exists, else the original marked lang="en" with a note."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Decision, Meeting, Minutes, Presentation
from members.translated import ONLY_IN
from tests.factories import OfficerFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


def english_only_note() -> str:
    with translation.override("es"):
        return str(ONLY_IN["en"])


def marked_english(text: str) -> str:
    return f'<span lang="en" dir="ltr">{text}</span>'


def spanish_page(client, name, **kwargs) -> str:
    with translation.override("es"):
        url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def held(group, room):
    start = timezone.now() - datetime.timedelta(days=30)
    room.name_es = "Sala Simón Bolívar"
    room.save()
    return MeetingFactory(
        group=group,
        number=3,
        room=room,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
        title_en="Review of the work plan",
        title_es="Examen del plan de trabajo",
        notice_text_en="Delegations are invited to send comments.",
    )


def test_meeting_page_in_spanish(client, held):
    item = AgendaItemFactory(
        meeting=held,
        title_en="Adoption of the agenda",
        title_es="Aprobación del orden del día",
        description_en="The chair presents the draft agenda.",
        outcome_en="Adopted without changes.",
        outcome_es="Aprobado sin cambios.",
    )
    Presentation.objects.create(
        meeting=held,
        agenda_item=item,
        presenter_kind="guest",
        person_name="Ana Pérez",
        title_en="Regional trends",
    )
    minutes = Minutes.objects.create(meeting=held, status=Minutes.Status.PUBLISHED, approved_at_meeting=held)
    Decision.objects.create(
        minutes=minutes, number=1, text="The agenda is adopted.", text_es="Se aprueba el orden."
    )
    Decision.objects.create(minutes=minutes, number=2, text="The next meeting is in May.")

    page = spanish_page(client, "meetings:detail", pk=held.pk)

    note = english_only_note()
    # Spanish where it exists, unmarked.
    for spanish in (
        "Examen del plan de trabajo",
        "Aprobación del orden del día",
        "Aprobado sin cambios.",
        "Sala Simón Bolívar",
        "Se aprueba el orden.",
    ):
        assert spanish in page
        assert marked_english(spanish) not in page
    # The English original, marked, with the note, where no Spanish exists.
    for english in (
        "Delegations are invited to send comments.",  # meeting description
        "The chair presents the draft agenda.",  # agenda item description
        "OAS headquarters",  # room building
        "Regional trends",  # presentation
        "The next meeting is in May.",  # decision
    ):
        assert marked_english(english) in page, english
        assert f"{marked_english(english)} <small" in page
    assert page.count(note) >= 5


def test_meeting_list_and_group_page_in_spanish(client, group, held):
    group.aims_en = "To promote the Charter."
    group.save()
    OfficerFactory(
        group=group, member_state=group.memberships.first().member_state, person_title_en="Ambassador"
    )

    listing = spanish_page(client, "meetings:list")
    assert "Examen del plan de trabajo" in listing
    group_page = spanish_page(client, "groups:detail", slug=group.slug)
    assert "Examen del plan de trabajo" in group_page
    assert marked_english("To promote the Charter.") in group_page
    assert marked_english("Ambassador") in group_page
    assert english_only_note() in group_page


def test_decisions_register_in_spanish(client, group, held):
    minutes = Minutes.objects.create(meeting=held, status=Minutes.Status.PUBLISHED, approved_at_meeting=held)
    item = AgendaItemFactory(meeting=held, title_en="Other business")
    Decision.objects.create(minutes=minutes, number=1, agenda_item=item, text="The group thanks the host.")

    page = spanish_page(client, "meetings:group_decisions", slug=group.slug)

    assert marked_english("The group thanks the host.") in page
    assert marked_english("Other business") in page


def test_content_is_escaped(client, held):
    held.title_es = "<script>alert(1)</script>"
    held.save()
    page = spanish_page(client, "meetings:detail", pk=held.pk)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_ics_summary_is_in_the_visitors_language_and_says_which(client, held, meeting):
    spanish = spanish_page(client, "meetings:ics", pk=held.pk)
    assert "SUMMARY;LANGUAGE=es:" in spanish
    assert "Examen del plan de trabajo" in spanish

    meeting.title_en = "Informal consultations"
    meeting.save()
    english_only = spanish_page(client, "meetings:ics", pk=meeting.pk)
    assert "SUMMARY;LANGUAGE=en:" in english_only
    assert "Informal consultations" in english_only


def test_the_group_feed_carries_each_meetings_language(client, group, held):
    feed = spanish_page(client, "meetings:group_feed", slug=group.slug)
    assert "SUMMARY;LANGUAGE=es:" in feed
    assert "Examen del plan de trabajo" in feed
    assert "Delegations are invited to send comments." in feed  # the description, English only


def test_the_minutes_pdf_html_marks_an_untranslated_decision_with_its_language(minutes):
    from django.template.loader import render_to_string

    from meetings.minutes.printing import minutes_context

    Decision.objects.create(
        minutes=minutes, number=1, text="The agenda is adopted.", text_es="Se aprueba el orden."
    )
    Decision.objects.create(minutes=minutes, number=2, text="The next meeting is in May.")
    with translation.override("es"):
        html = render_to_string("pdf/minutes.html", minutes_context(minutes))
    assert "Se aprueba el orden." in html and marked_english("Se aprueba el orden.") not in html
    assert marked_english("The next meeting is in May.") in html
    assert english_only_note() in html


def test_search_finds_a_meeting_in_any_of_its_languages_whatever_the_page_language(held):
    with translation.override("es"):
        assert list(Meeting.objects.search("Review")) == [held]
    with translation.override("fr"):
        assert list(Meeting.objects.search("Examen")) == [held]
