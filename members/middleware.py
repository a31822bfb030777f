"""Tell the permission rules whether the signed-in session passed two-factor authentication."""

from allauth.account.authentication import get_authentication_records
from django.contrib.auth.middleware import get_user
from django.utils.functional import SimpleLazyObject

from .permissions import SESSION_MFA_ATTRIBUTE


def _marked_user(request):
    user = get_user(request)
    if user.is_authenticated:
        # allauth records each factor used in this session; only "mfa" proves the second one.
        records = get_authentication_records(request, user)
        setattr(user, SESSION_MFA_ATTRIBUTE, any(record.get("method") == "mfa" for record in records))
    return user


class SessionMFAMiddleware:
    """Must follow AuthenticationMiddleware. The user stays lazy: pages that never look at
    the user cost no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _marked_user(request))
        return self.get_response(request)
