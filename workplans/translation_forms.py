"""The form in which staff enter a version's translation, one field per heading and paragraph."""

from django import forms
from django.utils.translation import gettext_lazy as _


class VersionTranslationForm(forms.Form):
    """Fields named by the shared keys (`h-<key>`, `p-<key>`), each showing the original beside it."""

    def __init__(self, *args, language: str, sections, paragraphs, headings: dict, texts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = []
        by_section: dict[int, list] = {section.pk: [] for section in sections}
        for paragraph in paragraphs:
            name = f"p-{paragraph.key}"
            self.fields[name] = forms.CharField(
                label=_("Paragraph %(number)s") % {"number": paragraph.number},
                required=False,
                initial=texts.get(paragraph.pk, ""),
                widget=forms.Textarea(attrs={"rows": 4, "lang": language}),
            )
            by_section[paragraph.section_id].append((paragraph, self[name]))
        for section in sections:
            name = f"h-{section.key}"
            self.fields[name] = forms.CharField(
                label=_("Heading of section %(number)s") % {"number": section.number},
                required=False,
                max_length=250,
                initial=headings.get(section.pk, ""),
                widget=forms.TextInput(attrs={"lang": language}),
            )
            self.layout.append((section, self[name], by_section[section.pk]))

    def entries(self):
        """(headings by key, paragraph texts by key) as typed."""
        headings, texts = {}, {}
        for section, _heading, rows in self.layout:
            headings[section.key] = self.cleaned_data[f"h-{section.key}"]
            for paragraph, _field in rows:
                texts[paragraph.key] = self.cleaned_data[f"p-{paragraph.key}"]
        return headings, texts
