from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from . import permissions


def roles(request):
    # No user when a middleware refused the request before authentication (a bad Host header
    # answered with the 400 page): the page renders for a visitor instead of failing with a 500.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_secretariat": SimpleLazyObject(lambda: permissions.is_secretariat(user)),
        "my_delegation": SimpleLazyObject(lambda: permissions.active_delegation(user)),
    }
