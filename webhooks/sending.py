"""One signed POST to a webhook's URL, to an address checked against SSRF, and the signature.

The receiver checks `X-Plenary-Signature: t=<unix time>,v1=<hex>`, where hex is
HMAC-SHA256(secret, "<t>.<body>"), and drops events whose `X-Plenary-Event-Id` it has seen.
The host is resolved once, every address checked, and the connection made to the checked
address (TLS still verifies the host name), so a DNS answer that changes between the check and
the request cannot point us at the internal network. Redirects are not followed.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SIGNATURE_HEADER = "X-Plenary-Signature"
EVENT_ID_HEADER = "X-Plenary-Event-Id"
EVENT_TYPE_HEADER = "X-Plenary-Event"
USER_AGENT = "Plenary-Webhooks/1"


class Refused(ValueError):
    """The URL may not be called: not HTTPS, or its host is (or resolves to) a private address."""


def body_of(payload: dict) -> bytes:
    """The exact bytes signed and sent: the same for every attempt at one event."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None) -> bool:
    """What a receiver does (and our tests): the MAC matches and the timestamp is recent."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.is_loopback and settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK:
        return True
    return ip.is_global and not ip.is_multicast


def resolve(url: str) -> tuple[str, int, str]:
    """(host, port, the one checked address to connect to); raises Refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise Refused(_("This is not a valid URL.")) from error
    host = parts.hostname or ""
    if not host:
        raise Refused(_("This is not a valid URL."))
    if parts.username or parts.password:
        raise Refused(_("Give the URL without a user name or password."))
    try:
        found = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise Refused(_("The host %(host)s cannot be found.") % {"host": host}) from error
    addresses = sorted({info[4][0] for info in found})
    if not addresses or not all(_allowed(address) for address in addresses):
        raise Refused(
            _("The host %(host)s is on a private or local network; give a public address.") % {"host": host}
        )
    loopback_only = all(ipaddress.ip_address(address).is_loopback for address in addresses)
    # Plain HTTP only to the loopback receiver of the tests (the setting is off in production).
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback_only):
        raise Refused(_("Webhook URLs must use HTTPS."))
    return host, port or (443 if parts.scheme == "https" else 80), addresses[0]


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to an address we checked, with the certificate checked against the host name."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


@dataclass
class Outcome:
    ok: bool
    status: int | None = None
    error: str = ""


def post(*, url: str, secret: str, event_id: str, event_type: str, payload: dict) -> Outcome:
    """POST the payload once; 2xx is success, anything else (or no answer in time) a failure."""
    try:
        host, port, address = resolve(url)
    except Refused as error:
        return Outcome(False, error=str(error))
    parts = urlsplit(url)
    body = body_of(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: signature(secret, int(time.time()), body),
        EVENT_ID_HEADER: event_id,
        EVENT_TYPE_HEADER: event_type,
    }
    timeout = settings.PLENARY_WEBHOOK_TIMEOUT_SECONDS
    if parts.scheme == "https":
        connection = _PinnedHTTPS(host, port, address, timeout=timeout, context=ssl.create_default_context())
    else:
        connection = _PinnedHTTP(host, port, address, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(1024)  # a little of the answer, so the connection closes cleanly
    except (OSError, http.client.HTTPException) as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}"[:300])
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Outcome(True, response.status)
    return Outcome(False, response.status, f"HTTP {response.status} {response.reason}"[:300])
