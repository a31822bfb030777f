from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from .models import User
from .notifications import mark_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Someone who signs up on the Spanish pages reads Spanish: their emails follow.
        language = translation.get_language()
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix, email, context):
        # Account emails follow the recipient's chosen language, not the browser's. Some come
        # without the user (someone signs up with an address that has an account): find them.
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        # allauth builds its links (activate_url, password_reset_url...) before this call, in
        # the language of the page that caused the email: give them the recipient's. (Read
        # while the page's language is active: that is the language their prefix resolves in.)
        context = {
            key: translate_url(value, language) if _is_site_link(value) else value
            for key, value in context.items()
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        # Rendered inside send_mail's override: the active language is the recipient's.
        message = super().render_mail(template_prefix, email, context, headers)
        return mark_language(message, translation.get_language())


def _is_site_link(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://", "/"))
