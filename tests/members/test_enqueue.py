"""Queueing after commit never fails the request: the periodic scans do the work instead."""

import pytest
from celery import shared_task
from kombu.exceptions import OperationalError

from members.enqueue import enqueue_after_commit

CALLS = []


@shared_task
def remember(value):
    CALLS.append(value)


@pytest.fixture(autouse=True)
def forget():
    CALLS.clear()


def test_the_task_is_queued_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_after_commit(remember, 7)
        assert CALLS == []

    assert len(callbacks) == 1
    assert CALLS == [7]


def test_an_unreachable_broker_is_logged_and_the_request_goes_on(
    db, django_capture_on_commit_callbacks, monkeypatch, settings, caplog
):
    monkeypatch.setitem(remember.app.conf, "task_always_eager", False)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(remember, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(remember, 7)

    assert "periodic scan will do it" in caplog.text


def test_in_process_tasks_still_raise_their_own_errors(db, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(remember, "delay", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError), django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(remember, 7)


def test_enqueue_now_logs_an_unreachable_broker_too(monkeypatch, caplog):
    from members.enqueue import enqueue_now

    monkeypatch.setitem(remember.app.conf, "task_always_eager", False)

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(remember, "delay", broker_down)
    enqueue_now(remember, 7)

    assert "periodic scan will do it" in caplog.text
