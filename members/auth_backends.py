"""The login backends, loading the signed-in user with their roles in one query.

Every signed-in page asks whether the user is secretariat or a delegate; reading the user's
row and the roles apart cost a second query per request. Only `get_user` (the session's user)
changes: signing in works as in the backends these extend.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import router

from . import precompiled
from .permissions import with_roles

# Sessions opened before these backends existed name the ones they extend; the session
# middleware renames them so nobody is signed out by the change.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "members.auth_backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "members.auth_backends.AuthenticationBackend",
}

# A stand-in id, replaced by the session's user id on each run (members.precompiled).
_STAND_IN_ID = -7_294_012_313


class _UserWithRoles:
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(model)
        # Building this queryset with its three subqueries and compiling it cost more CPU than
        # the rest of loading the user: it is compiled once (members.precompiled).
        found = precompiled.run(
            "user with roles",
            model,
            alias,
            lambda pk: with_roles(model._default_manager.filter(pk=pk)),
            (_STAND_IN_ID,),
            (user_id,),
        )
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
