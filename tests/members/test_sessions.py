"""Sessions read with the precompiled query hold what Django's own database store holds."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from members.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_stored_session_reads_back_as_django_reads_it(django_assert_num_queries):
    store = SessionStore()
    store["answer"] = 42
    store["when"] = "2026-11-30"
    store.save()
    with django_assert_num_queries(1):
        loaded = SessionStore(store.session_key).load()
    assert loaded == DjangoStore(store.session_key).load() == {"answer": 42, "when": "2026-11-30"}


def test_an_expired_or_unknown_session_reads_empty_and_drops_its_key():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None
