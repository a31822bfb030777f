"""Django's database sessions, read with a precompiled query (members.precompiled).

Same table, same rows, same expiry rule: `SESSION_ENGINE` points here only to spare every
signed-in request the building of the same lookup.
"""

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router
from django.utils import timezone

from . import precompiled

_STAND_IN_KEY = "precompiled-stand-in-session-key"
_STAND_IN_TIME = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        found = precompiled.run(
            "session",
            model,
            alias,
            lambda key, now: model._default_manager.filter(session_key=key, expire_date__gt=now),
            (_STAND_IN_KEY, _STAND_IN_TIME),
            (self.session_key, precompiled.adapted_datetime(timezone.now(), alias)),
        )
        if not found:
            self._session_key = None
            return None
        return found[0]
