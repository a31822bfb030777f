from django.db import models
from django.utils.translation import gettext_lazy as _

from members import textsearch
from members.translated import original_language_field
from members.validators import validate_single_line

from .meeting import Meeting


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(meeting__in=Meeting.objects.visible_to(user))

    def search(self, text: str, language: str | None = None):
        return textsearch.search(
            self, text, language, weights={"A": ["title"], "B": ["description", "outcome"]}
        )


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    original_language = original_language_field()
    description = models.TextField(_("description"), blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(_("time allotted (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=250, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("Recorded after the meeting."))
    # History is registered in translation.py, after the per-language columns exist.

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title
