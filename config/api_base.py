"""The open API's machinery: throttle, cursor pages, ETag/304 and CORS (config.api assembles it).

Every list and record is read through the apps' `visible_to(AnonymousUser())`, whoever asks, so the
API can never show more than a visitor sees. Responses carry an ETag (a 304 answers a matching
If-None-Match), `Access-Control-Allow-Origin: *` on GET, and each client is rate-limited.
Bad parameters get a 400 with a JSON `detail`, never a 500.
"""

import datetime
import hashlib
import re
from functools import wraps
from typing import Annotated

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError
from ninja.pagination import CursorPagination
from ninja.throttling import SimpleRateThrottle
from pydantic import BeforeValidator

VISITOR = AnonymousUser()
MAX_PAGE_SIZE = 200
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value):
    # Pydantic would also take "0" or 1700000000 as a Unix time; the schema says YYYY-MM-DD.
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError("Give a date as YYYY-MM-DD")
    if not isinstance(value, str | datetime.date):
        raise ValueError("Give a date as YYYY-MM-DD")
    return value


# A query parameter's date: only the ISO form the schema declares.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_only)]


class ClientThrottle(SimpleRateThrottle):
    """Requests per client address, logged in or not: the API serves everyone the same data."""

    scope = "client"

    def __init__(self):
        super().__init__(settings.PLENARY_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        # Read on each request so the rate follows the settings (tests change it).
        self.rate = settings.PLENARY_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return f"api-throttle-{self.get_ident(request)}"


class Cursor(CursorPagination):
    """Ninja's cursor pagination; a page size out of range or a forged cursor is a 400, not a 500."""

    class Input(Schema):
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Items per page (50 unless given)"
        )
        cursor: str | None = Field(None, max_length=200, description="The `next` or `previous` link's cursor")

    def __init__(self, **kwargs):
        super().__init__(ordering=("pk",), page_size=50, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def _find_position(self, queryset, cursor):
        try:
            return super()._find_position(queryset, cursor)
        except (ValueError, TypeError, DjangoValidationError) as error:
            raise ValidationError([{"cursor": "Invalid Cursor"}]) from error


ERROR = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"description": "What was wrong: a message, or one entry per parameter"}},
}
# Every operation may answer these besides 200 (ninja keys statuses by int); the schema says so, so clients (and the
# property tests) can rely on the JSON error shape.
ERROR_RESPONSES = {
    400: "A parameter is out of range, of the wrong type or too long",
    429: "Too many requests from this client; try again later",
}


class OpenAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        return finish(request, response)

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        errors = dict(ERROR_RESPONSES)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                declared = {**errors, **({404: "No such record a visitor may read"} if "{" in path else {})}
                for status, description in declared.items():
                    operation["responses"].setdefault(
                        status,
                        {"description": description, "content": {"application/json": {"schema": ERROR}}},
                    )
        return schema


def with_finish(view):
    """For the schema and docs views, which ninja answers without create_response."""

    @wraps(view)
    def finished(request, *args, **kwargs):
        return finish(request, view(request, *args, **kwargs))

    return finished


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ETag and 304, CORS and caching headers for a GET; other methods are left alone."""
    if request.method not in ("GET", "HEAD"):
        return response
    response["Access-Control-Allow-Origin"] = "*"
    patch_vary_headers(response, ["Accept-Language"])
    if response.status_code != 200:
        return response
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    asked = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in asked or "*" in asked:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Access-Control-Allow-Origin", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response
