"""The form in which staff enter a version's translation, one field per heading and paragraph."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members import translation_status as ts
from members.translated_forms import add_still_correct_fields


class VersionTranslationForm(forms.Form):
    """Fields named by the shared keys (`h-<key>`, `p-<key>`), each showing the original beside it.

    Each passage also carries, hidden, the digest of the original shown (`<name>__seen`); an
    outdated one a "still correct" box (`<name>__ok`) that re-stamps the unchanged translation.
    """

    def __init__(
        self, *args, language: str, sections, paragraphs, headings: dict, texts: dict, stamps=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.language, stamps = language, stamps or {}
        self.layout, self.passages = [], []
        by_section: dict[int, list] = {section.pk: [] for section in sections}
        for paragraph in paragraphs:
            name = f"p-{paragraph.key}"
            self.fields[name] = forms.CharField(
                label=_("Paragraph %(number)s") % {"number": paragraph.number},
                required=False,
                initial=texts.get(paragraph.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4, "lang": language}),
            )
            row = self._passage(name, paragraph, "text", texts.get(paragraph.pk, ""), stamps)
            by_section[paragraph.section_id].append((paragraph, row))
        for section in sections:
            name = f"h-{section.key}"
            self.fields[name] = forms.CharField(
                label=_("Heading of section %(number)s") % {"number": section.number},
                required=False,
                max_length=250,
                initial=headings.get(section.pk, ""),
                widget=forms.TextInput(attrs={"lang": language}),
            )
            row = self._passage(name, section, "heading", headings.get(section.pk, ""), stamps)
            self.layout.append((section, row, by_section[section.pk]))

    def _passage(self, name, source, field, translation, stamps) -> dict:
        original = getattr(source, field)
        status = ts.status_of(
            original=original, translation=translation, stamp_digest=stamps.get((source.pk, field))
        )
        ok = add_still_correct_fields(self, name, original=original, status=status)
        row = {
            "name": name,
            "source": source,
            "field_name": field,
            "status": status,
            "field": self[name],
            "seen": self[f"{name}__seen"],
            "ok": self[ok] if ok else None,
        }
        self.passages.append(row)
        return row

    def entries(self):
        """(headings by key, paragraph texts by key) as typed."""
        headings, texts = {}, {}
        for section, _heading, rows in self.layout:
            headings[section.key] = self.cleaned_data[f"h-{section.key}"]
            for paragraph, _row in rows:
                texts[paragraph.key] = self.cleaned_data[f"p-{paragraph.key}"]
        return headings, texts

    def seen(self) -> dict[str, str]:
        """{"h-<key>" or "p-<key>": digest of the original shown}."""
        return {row["name"]: self.cleaned_data.get(f"{row['name']}__seen") or "" for row in self.passages}

    def confirmed(self) -> set[str]:
        """The passages ticked "still correct"."""
        return {
            row["name"] for row in self.passages if row["ok"] and self.cleaned_data.get(f"{row['name']}__ok")
        }
