from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import MemberState, SecretariatUnit


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name",)


@register(SecretariatUnit)
class SecretariatUnitTranslation(TranslationOptions):
    fields = ("name", "description")


# History is registered after the translation fields exist, or the historical model
# would lack the per-language columns.
register_history(MemberState, app="members")
