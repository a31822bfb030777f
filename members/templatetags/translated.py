"""`{% load translated %}{% tr obj "title" %}`: a translatable field in the reader's language.

Where the reader's language has no text, the original is shown inside an element carrying its
`lang` and `dir` (so a screen reader switches voice, and hyphenation and quotes follow it), followed
by a short note in the page's language ("Available in English only"). Content is always escaped.

    {% tr meeting "title" %}                    the HTML passage with its note
    {% tr item "description" linebreaks=True %}  line breaks kept as <br>
    {% tr item "title" note=False %}            the marked passage without the note (button labels)
    {% tr_value meeting "title" as title %}     the Translated value: {{ title }}, {{ title.language }}
    {{ meeting|tr_text:"title" }}               plain text (page <title>, attributes, text emails)
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from members.translated import ONLY_IN, Translated, language_of, translated, translated_text

register = template.Library()


def passage(value: Translated, *, note: bool = True, linebreaks: bool = False) -> str:
    text = linebreaksbr(value.text, autoescape=True) if linebreaks else conditional_escape(value.text)
    if not value.is_fallback:
        return mark_safe(text)  # noqa: S308 - escaped just above
    marked = format_html('<span lang="{}" dir="{}">{}</span>', value.language, value.direction, text)
    if not note:
        return marked
    return format_html("{} {}", marked, note_html(value.note))


def note_html(note: str) -> str:
    """The visible note after a passage shown in another language: one markup everywhere."""
    return format_html('<small class="translation-note text-body-secondary">({})</small>', note)


@register.simple_tag
def original_note(lang):
    """The note for a passage (or a whole text) kept outside modeltranslation and shown in `lang`,
    its original: the minutes' items and a version's paragraphs (templates/_original_language_note.html)."""
    return note_html(str(ONLY_IN[language_of(lang)])) if lang else ""


@register.filter
def text_direction(lang) -> str:
    """`dir` for an element marked with `lang`."""
    return Translated("", language_of(lang), "", ()).direction


@register.simple_tag
def tr(obj, field, language=None, note=True, linebreaks=False):
    """The field in `language` (the page's by default) as HTML."""
    if obj is None:
        return ""
    return passage(translated(obj, field, language), note=note, linebreaks=linebreaks)


@register.filter
def marked(value: Translated, options: str = ""):
    """A Translated value prepared outside a template (PDF contexts): `{{ text|marked:"linebreaks" }}`."""
    if not isinstance(value, Translated):
        return conditional_escape(value)
    return passage(value, note="nonote" not in options, linebreaks="linebreaks" in options)


@register.simple_tag
def tr_value(obj, field, language=None):
    """The Translated value, for `{% tr_value meeting "title" as title %}`."""
    return translated(obj, field, language) if obj is not None else Translated("", "", "", ())


@register.filter
def tr_text(obj, field):
    return translated_text(obj, field) if obj is not None else ""
