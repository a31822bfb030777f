"""Translations of a version's text, heading by heading and paragraph by paragraph.

A translation hangs on the paragraph (or section) of the version it translates, so it shares that
paragraph's `key`: comments and amendments anchor to the same paragraph whatever language it is read
in. The version's own text stays in its `original_language`; nothing here changes it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .plans import Paragraph, Section


class SectionTranslation(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="translations", verbose_name=_("section")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    heading = models.CharField(_("heading"), max_length=250)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("translation of a section heading")
        verbose_name_plural = _("translations of section headings")
        ordering = ["section", "language"]
        constraints = [
            models.UniqueConstraint(fields=["section", "language"], name="section_translation_per_language")
        ]

    def __str__(self):
        return f"{self.section} ({self.language})"


class ParagraphTranslation(models.Model):
    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="translations", verbose_name=_("paragraph")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("translation of a paragraph")
        verbose_name_plural = _("translations of paragraphs")
        ordering = ["paragraph", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "language"], name="paragraph_translation_per_language"
            )
        ]

    def __str__(self):
        return f"{self.paragraph} ({self.language})"
