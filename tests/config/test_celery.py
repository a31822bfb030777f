"""The worker survives kombu's AttributeError when Redis goes away under a busy worker."""

from collections import OrderedDict
from types import SimpleNamespace

import pytest
from kombu.transport import redis as kombu_redis

from config.celery import _unless_channel_closed


def _qos(*, transport):
    delivered = OrderedDict(tag1="message")
    delivered.restored = False
    return SimpleNamespace(_delivered=delivered, channel=SimpleNamespace(connection=transport))


def kombu_570(self, *args):
    return self.channel.connection.client.hostname


def restore_unacked(self, client=None):
    return kombu_570(self)


@pytest.mark.parametrize("name", ["ack", "reject", "restore_unacked"])
def test_the_redis_transport_guards_acks_and_restores(name):
    assert hasattr(getattr(kombu_redis.QoS, name), "kombu_original")


def test_an_ack_on_a_channel_closed_by_a_lost_connection_is_skipped_not_fatal():
    ack = _unless_channel_closed(kombu_570)

    assert ack(_qos(transport=None), "tag1") is None


def test_a_restore_on_a_lost_transport_leaves_the_messages_for_redelivery():
    qos = _qos(transport=SimpleNamespace(client=None))

    assert _unless_channel_closed(restore_unacked)(qos) is None
    assert not qos._delivered


def test_attribute_errors_on_a_live_channel_are_not_hidden():
    def broken(self, *args):
        raise AttributeError("'QoS' object has no attribute 'unacked_key'")

    with pytest.raises(AttributeError):
        _unless_channel_closed(broken)(_qos(transport=SimpleNamespace(client=object())), "tag1")
