"""The login backends, loading the signed-in user with their roles in one query.

Every signed-in page asks whether the user is secretariat or a delegate; reading the user's
row and the roles apart cost a second query per request. Only `get_user` (the session's user)
changes: signing in works as in the backends these extend.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections, router

from .permissions import with_roles

# Sessions opened before these backends existed name the ones they extend; the session
# middleware renames them so nobody is signed out by the change.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "members.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "members.auth_backends.AuthenticationBackend",
}

# A stand-in id, found again among the compiled query's parameters.
_PLACEHOLDER_ID = -7_294_012_313
_compiled: dict[tuple[str, str], tuple[str, tuple]] = {}


def _user_query(model, alias: str) -> tuple[str, tuple]:
    """The SQL of with_roles(...).filter(pk=...), built once per database.

    Building the queryset with its three subqueries and compiling it cost more CPU than the
    rest of loading the user; the statement never changes but for the id.
    """
    key = (alias, connections[alias].vendor)
    if key not in _compiled:
        query = with_roles(model._default_manager.using(alias).filter(pk=_PLACEHOLDER_ID)).query
        sql, params = query.get_compiler(using=alias).as_sql()
        if list(params).count(_PLACEHOLDER_ID) != 1 or params[-1] != _PLACEHOLDER_ID:
            raise ImproperlyConfigured(f"The user's id is not the last parameter of {sql}")
        _compiled[key] = (sql, tuple(params[:-1]))
    return _compiled[key]


class _UserWithRoles:
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(model)
        sql, params = _user_query(model, alias)
        found = list(model._default_manager.using(alias).raw(sql, (*params, user_id)))
        if not found:
            return None
        user = found[0]
        # Raw rows keep the database's own booleans (0 and 1 on SQLite).
        for name in ("_plenary_in_secretariat", "_plenary_in_delegate", "_plenary_has_mfa"):
            setattr(user, name, bool(getattr(user, name)))
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UserWithRoles, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserWithRoles, AllauthBackend):
    pass
