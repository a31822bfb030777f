"""Every URL of the project, for every role: what each may see or do.

The completeness test fails when a URL pattern has no row here, so a new page cannot
ship without deciding who may open it.
"""

import importlib
import io
import pkgutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.conftest import client_for
from tests.matrix import LOGIN, MFA, REDIRECT, ROLES, SECRET, SECRET_KEPT_FROM

# Our own apps; third-party URLs (admin, allauth) are tested by their projects.
OWN_NAMESPACES = ("api:",)
OWN_MODULE_PREFIXES = ("members.", "groups.", "webhooks.", "meetings.", "workplans.", "press.", "config.")


def _load_matrix():
    cases, extenders, probes = {}, [], {}
    tests_dir = Path(tests.__file__).parent
    for module_info in pkgutil.iter_modules([str(tests_dir)]):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.url_matrix")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{module_info.name}.url_matrix":
                raise
            continue
        overlap = set(cases) & set(module.CASES)
        assert not overlap, f"URL names listed twice in the matrix: {overlap}"
        cases.update(module.CASES)
        if hasattr(module, "extend_world"):
            extenders.append(module.extend_world)
        probes.update(getattr(module, "SECRET_PROBES", {}))
    return cases, extenders, probes


CASES, EXTENDERS, SECRET_PROBES = _load_matrix()


def _own_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            nested = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _own_url_names(entry, nested)
        elif isinstance(entry, URLPattern):
            module = getattr(entry.callback, "__module__", "") or ""
            # The open API's views are made by django-ninja (ninja.operation): known by namespace.
            ours = module.startswith(OWN_MODULE_PREFIXES) or namespace.startswith(OWN_NAMESPACES)
            if ours and entry.name:
                yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix():
    names = set(_own_url_names())
    missing = sorted(names - set(CASES))
    stale = sorted(set(CASES) - names)
    assert not missing, f"URLs missing from the role × URL matrix: {missing}"
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(db, request):
    users = {
        "anonymous": None,
        "no_role": request.getfixturevalue("no_role_user"),
        "delegate_us": request.getfixturevalue("delegate_us"),
        "delegate_br": request.getfixturevalue("delegate_br"),
        "delegate_non_member": request.getfixturevalue("delegate_of_non_member"),
        "secretariat_no_mfa": request.getfixturevalue("secretariat_without_mfa"),
        "secretariat": request.getfixturevalue("secretariat"),
    }
    world = {"users": users, "group": request.getfixturevalue("group")}
    for key in ("us", "br", "hn"):
        world[key] = request.getfixturevalue(key)
    for extend in EXTENDERS:
        extend(world)
    return world


def _matches(expected, status, location) -> bool:
    if expected == LOGIN:
        return status == 302 and "/accounts/login/" in location
    if expected == MFA:
        return status == 302 and "/2fa/" in location
    if expected == REDIRECT:
        return status == 302 and "/accounts/login/" not in location
    return status == expected


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_role_url_matrix(world, url_name):
    """Every role in turn, each in a savepoint rolled back afterwards so no role sees
    another's changes. One world per URL rather than per role keeps the matrix fast."""
    case = CASES[url_name]
    missing = [role for role in ROLES if role not in case.expect]
    assert not missing, f"{url_name}: no expectation for roles {missing}"
    url = case.url(world)
    mismatches = []
    for role in ROLES:
        expected = case.expect[role]
        with transaction.atomic():
            response = getattr(client_for(world["users"][role]), case.method)(url, data=case.data(world))
            transaction.set_rollback(True)
        status, location = response.status_code, response.get("Location", "")
        if not _matches(expected, status, location):
            got = f"{status} to {location}" if location else str(status)
            mismatches.append(f"{role}: expected {expected}, got {got}")
        if role in SECRET_KEPT_FROM and SECRET in readable_text(response):
            mismatches.append(f"{role}: received staff-only content")
    assert not mismatches, f"{case.method.upper()} {url}\n" + "\n".join(mismatches)


@pytest.mark.parametrize("probe", sorted(SECRET_PROBES))
def test_staff_only_records_stay_hidden(world, probe):
    """Pages of the records only staff with MFA may read, opened by everyone else."""
    url = SECRET_PROBES[probe](world)
    for role in SECRET_KEPT_FROM:
        response = client_for(world["users"][role]).get(url)
        assert SECRET not in readable_text(response), f"{role} read staff-only content at {url}"


def readable_text(response) -> str:
    """What a person could read from the response: text, the text of PDFs, inside spreadsheets."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        result = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=False)
        return body.decode("latin-1") + result.stdout.decode("utf-8", "replace")
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")
