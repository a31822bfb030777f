"""Our own strings are translated into every language the product ships, and the pages show them.

The catalogues are read with a small parser of our own (the .po format as makemessages writes it),
and the committed .mo files are checked against them, so a forgotten compilemessages fails here.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ["es", "fr", "pt"]
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), flags; obsolete ones left out."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def close():
        if "msgid" in entry:
            entries.append(entry.copy())
        entry.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            close()
            field = None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += text
            else:
                entry[field] += text
        else:
            keyword, _, value = line.partition(" ")
            text = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                field = "msgstr"
                entry.setdefault("msgstr", []).append(text)
            else:
                if keyword == "msgctxt" and "msgid" in entry:
                    close()
                field = keyword
                entry[keyword] = text
    close()
    for item in entries:
        item.setdefault("flags", set())
        item.setdefault("msgctxt", None)
        item.setdefault("msgid_plural", None)
    return entries


def messages(lang: str) -> list[dict]:
    return [e for e in read_po(LOCALE / lang / "LC_MESSAGES" / "django.po") if e["msgid"]]


def header(lang: str) -> str:
    return next(e for e in read_po(LOCALE / lang / "LC_MESSAGES" / "django.po") if e["msgid"] == "")[
        "msgstr"
    ][0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(lang):
    entries = messages(lang)
    assert len(entries) > 1000
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header_matches_the_language(lang):
    assert f"Plural-Forms: {PLURAL_FORMS[lang]}" in header(lang)
    plurals = [e for e in messages(lang) if e["msgid_plural"]]
    assert plurals
    assert all(len(e["msgstr"]) == 2 for e in plurals)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_every_placeholder(lang):
    broken = []
    for e in messages(lang):
        sources = {e["msgid"], e["msgid_plural"]} - {None}
        expected = [sorted(PLACEHOLDER.findall(s)) for s in sources]
        for text in e["msgstr"]:
            if sorted(PLACEHOLDER.findall(text)) not in expected:
                broken.append((e["msgid"], text))
    assert broken == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_committed_mo_file_matches_the_po_file(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fp:
        catalogue = gettext.GNUTranslations(fp)
    stale = []
    for e in messages(lang):
        if e["msgid_plural"]:
            got = [catalogue.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 5)]
            want = [e["msgstr"][0], e["msgstr"][1]]
        else:
            got = (
                catalogue.pgettext(e["msgctxt"], e["msgid"])
                if e["msgctxt"]
                else catalogue.gettext(e["msgid"])
            )
            want = e["msgstr"][0]
        if got != want:
            stale.append(e["msgid"])
    assert stale == [], "Run: manage.py compilemessages --ignore=.venv"


@pytest.fixture
def _fresh_cache_and_english():
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")


PAGES = {
    "es": {
        "home": ["Grupos de trabajo de los Estados Miembros", "Iniciar sesión"],
        "group": ["Estados que apoyan al grupo", "Mandato", "Autoridades"],
        "states": ["Estados Miembros y grupos de trabajo que apoyan", "Códigos ISO 3166"],
    },
    "fr": {
        "home": ["Groupes de travail des États membres", "Se connecter"],
        "group": ["États qui appuient le groupe", "Mandat", "Bureau"],
        "states": ["États membres et groupes de travail qu’ils appuient", "Codes ISO 3166"],
    },
    "pt": {
        "home": ["Grupos de trabalho dos Estados membros", "Entrar"],
        "group": ["Estados que apoiam o grupo", "Mandato", "Autoridades"],
        "states": ["Estados membros e grupos de trabalho que apoiam", "Códigos ISO 3166"],
    },
}
ENGLISH = {
    "home": "Working groups of the member states",
    "group": "Supporting states",
    "states": "Member states and the working groups they support",
}


@pytest.mark.usefixtures("_fresh_cache_and_english")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_render_in_the_language_of_the_address(client, group, lang):
    urls = {}
    with translation.override(lang):
        urls["home"] = reverse("home")
        urls["group"] = reverse("groups:detail", kwargs={"slug": group.slug})
        urls["states"] = reverse("members:states")
    for page, url in urls.items():
        assert url.startswith(f"/{lang}/")
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        for text in PAGES[lang][page]:
            assert text in html, f"{page} in {lang} lacks {text!r}"
        assert ENGLISH[page] not in html


@pytest.mark.usefixtures("_fresh_cache_and_english")
def test_spanish_group_page_counts_supporting_states_with_the_plural_form(client, group):
    with translation.override("es"):
        url = reverse("groups:detail", kwargs={"slug": group.slug})
    html = client.get(url).content.decode()
    assert "2 Estados Miembros apoyan este grupo." in html
