from django.utils.functional import SimpleLazyObject

from . import permissions


def roles(request):
    user = request.user
    return {
        "is_secretariat": SimpleLazyObject(lambda: permissions.is_secretariat(user)),
        "my_delegation": SimpleLazyObject(lambda: permissions.active_delegation(user)),
    }
