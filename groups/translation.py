from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Officer, WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("provisional_name", "adopted_name", "mandate_title", "mandate_text", "aims", "conclusion_note")


@register(Officer)
class OfficerTranslation(TranslationOptions):
    fields = ("person_title", "selection_note")


# History is registered after the translation fields exist, or the historical models would lack
# the per-language columns (and a change to one translation would leave no trace).
register_history(WorkingGroup, app="groups")
register_history(Officer, app="groups")
