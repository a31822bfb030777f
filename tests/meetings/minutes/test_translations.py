"""Minutes in several languages: entered item by item, read in the reader's language or the original."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from meetings.minutes import services as minutes_services
from meetings.minutes import translations
from meetings.models import MinutesItemTranslation, MinutesTranslation


def fill(minutes):
    minutes_services.update_minutes(
        minutes=minutes,
        opening="The chair opened the meeting.",
        next_steps="The secretariat will circulate a draft.",
        items={item.pk: f"Summary of {item.title}." for item in minutes.items.all()},
    )
    minutes.refresh_from_db()
    return list(minutes.items.all())


def test_a_translation_hangs_on_each_item(minutes):
    items = fill(minutes)
    translations.save_minutes_translation(
        minutes=minutes,
        language="es",
        opening="La presidencia abrió la sesión.",
        next_steps="",
        items={items[0].pk: ("Palabras de apertura", "Resumen en español.")},
    )
    row = MinutesItemTranslation.objects.get()
    assert (row.item, row.language, row.title) == (items[0], "es", "Palabras de apertura")
    assert MinutesTranslation.objects.get().opening == "La presidencia abrió la sesión."
    minutes.refresh_from_db()
    assert minutes.opening == "The chair opened the meeting."


@pytest.mark.parametrize("language", ["en", "xx"])
def test_the_original_or_an_unofficial_language_is_refused(minutes, language):
    with pytest.raises(ValidationError):
        translations.save_minutes_translation(
            minutes=minutes, language=language, opening="x", next_steps="", items={}
        )
    assert not MinutesTranslation.objects.exists()


def test_the_page_shows_the_readers_language_and_the_original_with_lang_and_a_note(
    minutes, secretariat_client
):
    items = fill(minutes)
    translations.save_minutes_translation(
        minutes=minutes,
        language="es",
        opening="La presidencia abrió la sesión.",
        next_steps="",
        items={items[0].pk: ("Palabras de apertura", "Resumen en español.")},
    )
    with translation.override("es"):
        html = secretariat_client.get(minutes.get_absolute_url()).content.decode()
    assert "La presidencia abrió la sesión." in html
    assert "1. Palabras de apertura</h3>" in html
    assert f'<span lang="en" dir="ltr">{items[1].title}</span>' in html
    assert '<div lang="en" dir="ltr"><p>The secretariat will circulate a draft.</p></div>' in html
    assert 'class="translation-note' in html
    english = secretariat_client.get(minutes.get_absolute_url()).content.decode()
    assert "Palabras" not in english and 'class="translation-note' not in english


def test_staff_translate_item_by_item_and_delegates_may_not(minutes, secretariat_client, delegate_us_client):
    items = fill(minutes)
    url = reverse("meetings:minutes_translate", kwargs={"pk": minutes.meeting_id, "language": "fr"})
    assert delegate_us_client.get(url).status_code in (403, 404)
    page = secretariat_client.get(url)
    assert f'name="summary-{items[0].pk}"' in page.content.decode()
    data = {"opening": "Le président ouvre la séance.", "next_steps": ""}
    data |= {f"title-{item.pk}": "" for item in items} | {f"summary-{item.pk}": "" for item in items}
    data[f"summary-{items[0].pk}"] = "Résumé en français."
    assert secretariat_client.post(url, data).status_code == 302
    assert MinutesItemTranslation.objects.get(item=items[0], language="fr").summary == "Résumé en français."
    original = reverse("meetings:minutes_translate", kwargs={"pk": minutes.meeting_id, "language": "en"})
    assert secretariat_client.get(original).status_code == 404
