"""members.translated and the `tr` tag: the reader's language, else the original marked with its lang."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from members.templatetags.translated import passage
from members.translated import ONLY_IN, language_of, translated


def item(original="en", **texts):
    columns = {f"title_{code}": None for code in ("en", "es", "fr", "pt")}
    return SimpleNamespace(
        original_language=original, **columns | {f"title_{k}": v for k, v in texts.items()}
    )


def test_the_readers_language_is_shown_where_it_exists():
    value = translated(item(en="Opening", es="Apertura"), "title", "es")
    assert (value.text, value.language, value.is_fallback, value.note) == ("Apertura", "es", False, "")


def test_a_missing_translation_falls_back_to_the_original_language_not_to_english():
    value = translated(item(original="fr", en="", fr="Ouverture", pt="Abertura"), "title", "es")
    assert (value.text, value.language, value.is_fallback) == ("Ouverture", "fr", True)


def test_the_note_says_only_when_a_single_language_exists():
    with translation.override("es"):
        only = translated(item(en="Opening"), "title")
        several = translated(item(en="Opening", pt="Abertura"), "title")
        assert only.note == str(ONLY_IN["en"])
        assert several.note and several.note != only.note


def test_pt_br_and_unknown_languages_are_mapped_to_site_languages():
    assert language_of("pt-br") == "pt"
    assert language_of("de") == "en"


def test_plain_columns_of_their_own_count_as_translations():
    # Decisions keep their English wording in `text` and the others in text_es, text_fr, text_pt.
    decision = SimpleNamespace(
        text="The group adopts its rules.", text_es="", text_fr="Le groupe adopte.", text_pt=""
    )
    assert translated(decision, "text", "fr").text == "Le groupe adopte."
    assert translated(decision, "text", "es").language == "en"


def test_the_passage_is_escaped_and_marked_with_its_language_and_direction():
    with translation.override("es"):
        html = passage(translated(item(en="<b>Opening</b> & rules"), "title"))
    assert html.startswith('<span lang="en" dir="ltr">&lt;b&gt;Opening&lt;/b&gt; &amp; rules</span>')
    assert "translation-note" in html
    assert "<b>" not in html


def test_the_readers_own_text_is_escaped_and_unmarked():
    html = passage(translated(item(en="A", es="<i>Apertura</i>"), "title", "es"))
    assert html == "&lt;i&gt;Apertura&lt;/i&gt;"


def test_the_tag_keeps_line_breaks_on_request_and_the_filter_gives_plain_text():
    obj = item(en="Line one\nline two")
    template = Template(
        '{% load translated %}{% tr obj "title" linebreaks=True note=False %}|{{ obj|tr_text:"title" }}'
    )
    with translation.override("es"):
        html = template.render(Context({"obj": obj}))
    assert html == '<span lang="en" dir="ltr">Line one<br>line two</span>|Line one\nline two'
