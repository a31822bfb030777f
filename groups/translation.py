from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("provisional_name", "adopted_name", "mandate_title", "mandate_text", "aims")


register_history(WorkingGroup, app="groups")
