"""The work plans' own texts written in one language and translated into the others (modeltranslation).

A version's text is translated section by section and paragraph by paragraph in its own tables
(models/translations.py); here only the plan's title and the decision that adopted it.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import WorkPlan


@register(WorkPlan)
class WorkPlanTranslation(TranslationOptions):
    fields = ("title", "decision_text")


# History is registered after the translation fields exist, or the historical model would lack
# the per-language columns (and a change to one translation would leave no trace).
register_history(WorkPlan, app="workplans")
