"""The meetings app's texts written in one language and translated into the others.

Each field gets one column per site language (modeltranslation); each object says which language
it was written in (`original_language`). Decisions keep their own language columns (see
meetings/minutes/models.py) and are read through the same members.translated helpers.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import AgendaItem, Meeting, MeetingDateChange, Observer, Presentation, Room


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "notice_text", "cancellation_reason")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    # The presenter is most often a unit or an office ("Secretariat for Strengthening Democracy").
    fields = ("title", "description", "presenter", "outcome")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "building")
    # Untranslated names are stored as NULL: the per-language copies of the unique (building, name)
    # constraint then hold only between rooms that both have a name in that language.
    empty_values = None


@register(MeetingDateChange)
class MeetingDateChangeTranslation(TranslationOptions):
    fields = ("reason",)


@register(Presentation)
class PresentationTranslation(TranslationOptions):
    fields = ("title",)


@register(Observer)
class ObserverTranslation(TranslationOptions):
    fields = ("name",)


# After the translation fields exist, so that the historical models carry every language.
register_history(Meeting, app="meetings")
register_history(AgendaItem, app="meetings")
register_history(Presentation, app="meetings")
