from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .meeting import Meeting


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(_("time allotted (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=250, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("Recorded after the meeting."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title
