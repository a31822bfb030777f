"""The worker survives kombu's AttributeError when Redis goes away under a busy worker."""

from collections import OrderedDict
from types import SimpleNamespace

import pytest
from kombu.transport import redis as kombu_redis

from config import celery


def _qos_with_unacked():
    delivered = OrderedDict(tag1="message")
    delivered.restored = False
    return SimpleNamespace(_delivered=delivered)


def test_the_redis_transport_uses_the_guarded_restore():
    assert kombu_redis.QoS.restore_unacked is celery._restore_unacked_unless_disconnected


def test_a_lost_transport_leaves_the_messages_for_redelivery_instead_of_stopping_the_worker(monkeypatch):
    def kombu_570(self, client=None):
        raise AttributeError("'NoneType' object has no attribute 'hostname'")

    monkeypatch.setattr(celery, "_restore_unacked", kombu_570)
    qos = _qos_with_unacked()

    assert celery._restore_unacked_unless_disconnected(qos) is None
    assert not qos._delivered  # kombu's restore_unacked_once asserts it is empty afterwards


def test_other_attribute_errors_are_not_hidden(monkeypatch):
    def broken(self, client=None):
        raise AttributeError("'QoS' object has no attribute 'channel'")

    monkeypatch.setattr(celery, "_restore_unacked", broken)
    with pytest.raises(AttributeError):
        celery._restore_unacked_unless_disconnected(_qos_with_unacked())
