"""Signatures and the SSRF guard of a single POST."""

import json
import socket

import pytest

from webhooks import sending


def test_the_signature_verifies_with_the_secret_and_not_with_another():
    body = sending.body_of({"id": "e1", "data": {"title": "Carta Democrática"}})
    header = sending.signature("whsec_right", 1_700_000_000, body)

    assert sending.verify("whsec_right", header, body, now=1_700_000_010)
    assert not sending.verify("whsec_wrong", header, body, now=1_700_000_010)
    assert not sending.verify("whsec_right", header, body + b" ", now=1_700_000_010)


def test_an_old_signature_is_refused_so_a_captured_request_cannot_be_replayed_later():
    body = b"{}"
    header = sending.signature("s", 1_700_000_000, body)

    assert not sending.verify("s", header, body, now=1_700_000_000 + 301)
    assert not sending.verify("s", "nonsense", body)


def test_the_body_is_the_same_bytes_every_time():
    payload = {"b": 1, "a": "é"}
    assert sending.body_of(payload) == sending.body_of(dict(reversed(payload.items())))
    assert json.loads(sending.body_of(payload)) == payload


def fake_dns(monkeypatch, *addresses):
    def getaddrinfo(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(sending.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "::1",
        "fd00::1",
        "100.64.0.1",
    ],
)
def test_hosts_resolving_to_private_or_local_addresses_are_refused(monkeypatch, settings, address):
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = False
    fake_dns(monkeypatch, address)

    with pytest.raises(sending.Refused, match="private or local"):
        sending.resolve("https://hooks.example.org/plenary")


def test_one_private_address_among_public_ones_is_enough_to_refuse(monkeypatch):
    fake_dns(monkeypatch, "93.184.216.34", "10.0.0.1")

    with pytest.raises(sending.Refused):
        sending.resolve("https://hooks.example.org/plenary")


def test_a_public_https_host_is_accepted_and_its_checked_address_kept(monkeypatch):
    fake_dns(monkeypatch, "93.184.216.34")

    assert sending.resolve("https://hooks.example.org:8443/plenary") == (
        "hooks.example.org",
        8443,
        "93.184.216.34",
    )


@pytest.mark.parametrize(
    "url", ["http://hooks.example.org/x", "ftp://hooks.example.org/x", "file:///etc/passwd", "gopher://x/"]
)
def test_anything_but_https_is_refused(monkeypatch, url):
    fake_dns(monkeypatch, "93.184.216.34")

    with pytest.raises(sending.Refused):
        sending.resolve(url)


def test_user_names_in_urls_and_unknown_hosts_are_refused(monkeypatch):
    with pytest.raises(sending.Refused, match="user name"):
        sending.resolve("https://user:pass@hooks.example.org/")

    def no_such_host(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(sending.socket, "getaddrinfo", no_such_host)
    with pytest.raises(sending.Refused, match="cannot be found"):
        sending.resolve("https://nowhere.invalid/")


def test_loopback_is_allowed_only_by_the_test_setting(settings):
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(sending.Refused):
        sending.resolve("http://127.0.0.1:9/hook")

    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = True
    assert sending.resolve("http://127.0.0.1:9/hook") == ("127.0.0.1", 9, "127.0.0.1")
    # Even then, private networks stay out of reach.
    with pytest.raises(sending.Refused):
        sending.resolve("https://10.0.0.1/hook")


def test_a_refused_address_is_not_called_at_delivery_time(monkeypatch, settings):
    # DNS may change after registration: each delivery checks again.
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = False
    outcome = sending.post(
        url="http://127.0.0.1:9/hook", secret="s", event_id="e", event_type="ping", payload={}
    )

    assert not outcome.ok
    assert "private or local" in outcome.error
