"""The minutes PDF reads each passage in the printed language, and marks the others with their lang."""

from django.template.loader import render_to_string
from django.utils import translation

from meetings.minutes import printing
from meetings.minutes import translations as minutes_translations
from meetings.models import Observer
from tests.meetings.delivery_fixtures import bolivar_room, minuted_meeting, minutes  # noqa: F401


def test_the_spanish_pdf_shows_spanish_items_and_marks_the_english_ones(minutes):  # noqa: F811
    items = list(minutes.items.all())
    minutes_translations.save_minutes_translation(
        minutes=minutes,
        language="es",
        opening="",
        next_steps="",
        items={items[0].pk: ("Palabras de apertura", "")},
    )
    Observer.objects.create(meeting=minutes.meeting, kind=Observer.Kind.GUEST, name_en="Civil society forum")
    minutes.meeting.title_es = "Primera reunión de trabajo"
    minutes.meeting.save()
    with translation.override("es"):
        html = render_to_string("pdf/minutes.html", printing.minutes_context(minutes))
    assert "Palabras de apertura" in html
    assert f'<span lang="en" dir="ltr">{items[1].title}</span>' in html
    assert "Primera reunión de trabajo" in html
    assert '<span lang="en" dir="ltr">Civil society forum</span>' in html


def test_a_new_translation_changes_the_fingerprint_of_that_language_only(minutes):  # noqa: F811
    before = {code: printing.minutes_fingerprint(minutes, code) for code in ("es", "fr")}
    item = minutes.items.first()
    minutes_translations.save_minutes_translation(
        minutes=minutes, language="es", opening="", next_steps="", items={item.pk: ("Apertura", "")}
    )
    assert printing.minutes_fingerprint(minutes, "es") != before["es"]
    assert printing.minutes_fingerprint(minutes, "fr") == before["fr"]
