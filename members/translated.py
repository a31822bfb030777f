"""Content in the four official languages: which text to show, and in which language it is.

Translatable fields are registered with django-modeltranslation (each app's translation.py), which
adds one column per language (`title_en`, `title_es`, ...). Every translatable object also records
its `original_language`. `translated(obj, "title")` picks the reader's language where a text exists,
else the original, and says which language it returned so that pages, emails, feeds and PDFs can mark
the passage with its `lang`. Nothing here falls back silently: the caller always learns the language.

A model may also keep its languages in plain columns of its own (the decisions register stores its
English wording in `text` and the translations in `text_es`, `text_fr`, `text_pt`): where
`<field>_<language>` does not exist, the bare field holds the text in the original language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_of(code: str | None) -> str:
    """A site language for a request or user language ("pt-br" -> "pt"); the default one otherwise."""
    code = (code or "").lower()
    codes = language_codes()
    for candidate in (code, code.split("-")[0]):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


# Whole sentences, one per language, so each translator can decline the language's name.
ONLY_IN = {
    "en": _("Available in English only"),
    "es": _("Available in Spanish only"),
    "fr": _("Available in French only"),
    "pt": _("Available in Portuguese only"),
}
NOT_YET_IN = {
    "en": _("Not yet translated: shown in English"),
    "es": _("Not yet translated: shown in Spanish"),
    "fr": _("Not yet translated: shown in French"),
    "pt": _("Not yet translated: shown in Portuguese"),
}


def original_language(obj) -> str:
    return getattr(obj, "original_language", None) or settings.LANGUAGE_CODE


def stored_text(obj, field: str, language: str) -> str:
    """The text stored for `language`, "" when there is none (never another language's)."""
    column = f"{field}_{language}"
    if hasattr(obj, column):
        value = getattr(obj, column)
    elif language == original_language(obj):
        value = getattr(obj, field)
    else:
        value = ""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Translated:
    text: str
    language: str  # the language the text is in
    requested: str  # the reader's language
    languages: tuple[str, ...]  # every language a text exists in

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.requested

    @property
    def direction(self) -> str:
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"

    @property
    def note(self) -> str:
        """The short visible note for a passage not in the reader's language ("" otherwise)."""
        if not self.is_fallback:
            return ""
        notes = ONLY_IN if self.languages == (self.language,) else NOT_YET_IN
        return str(notes[self.language])


def translated(obj, field: str, language: str | None = None) -> Translated:
    """`field` of `obj` in `language` (the active one by default), else in the original language,
    else in the first language that has it, English first."""
    requested = language_of(language or get_language())
    texts = {code: stored_text(obj, field, code) for code in language_codes()}
    available = tuple(code for code, text in texts.items() if text)
    order = [requested, original_language(obj), settings.LANGUAGE_CODE, *language_codes()]
    for code in order:
        if texts.get(code):
            return Translated(texts[code], code, requested, available)
    return Translated("", requested, requested, available)


def translated_text(obj, field: str, language: str | None = None) -> str:
    """Plain text for places that cannot carry a `lang` (subjects, feed titles, file names)."""
    return translated(obj, field, language).text


def original_language_field():
    """The language an object was written in: its texts in other languages are translations of it."""
    return models.CharField(
        _("original language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the texts were written in; the others are translations."),
    )


def language_columns(field: str) -> list[str]:
    return [f"{field}_{code}" for code in language_codes()]


def language_values(obj, *fields: str) -> dict:
    """Every language's column of `fields`, to copy an object's texts onto another one."""
    return {column: getattr(obj, column) for field in fields for column in language_columns(field)}


def registered_fields(model) -> tuple[str, ...]:
    """The fields of `model` registered with modeltranslation (each has one column per language)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def every_language(model, names) -> list[str]:
    """`names` with each translatable field replaced by its columns in every language."""
    registered = registered_fields(model)
    return [column for name in names for column in (language_columns(name) if name in registered else [name])]
