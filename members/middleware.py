"""Tell the permission rules whether the signed-in session passed two-factor authentication,
and refuse addresses that carry a NUL before they reach the database."""

from allauth.account.authentication import get_authentication_records
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.middleware import get_user
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .auth_backends import RENAMED
from .permissions import SESSION_MFA_ATTRIBUTE


def _marked_user(request):
    if (renamed := RENAMED.get(request.session.get(BACKEND_SESSION_KEY))) is not None:
        request.session[BACKEND_SESSION_KEY] = renamed
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


class RefuseNulMiddleware:
    """A NUL in the address or its query string is refused with a 400 before any view runs.

    PostgreSQL cannot hold NUL in text, so a slug or filter carrying one made the query fail
    with a 500 (found by the API's property tests); forms already refuse it field by field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = _("The address contains a null character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(message)}, status=400)
            raise BadRequest(message)
        return self.get_response(request)
