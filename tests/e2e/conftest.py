"""Shared helpers for browser tests: Debian's Chromium through Playwright, axe-core on every page.

Use them like this:

    from tests.e2e.conftest import assert_no_axe_violations, login
    from tests.factories import TOTP_SECRET

    def test_something(page, live_server, delegate_us, secretariat):
        login(page, live_server, "bob@us-mission.example")          # password from the factories
        assert_no_axe_violations(page)
        login(page, live_server, "alice@secretariat.example", totp_secret=TOTP_SECRET)

Every test in tests/e2e/ is marked `needs("chromium")` automatically, so it is skipped where
Chromium is absent and is an error under CI=true.
"""

import os

import pytest

from tests.factories import totp_code

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# fixtures and the live server then look "async" to Django.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The password tests/factories.py gives every user.
PASSWORD = "correct-horse-battery"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Runs before tests/conftest.py's hook, which turns `needs` markers into skips.
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.e2e)
            if not any(m.args == ("chromium",) for m in item.iter_markers("needs")):
                item.add_marker(pytest.mark.needs("chromium"))


@pytest.fixture(autouse=True)
def _keep_migration_data(django_db_serialized_rollback):
    """live_server tests are transactional: the database is flushed after each one, which
    would also wipe the role groups made by data migrations. Serialized rollback restores
    the migrated data before each test."""


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache, shared with the live server."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright's event loop gives this thread fresh connection objects, which
    # lack the snapshot that serialized rollback restores; carry it over.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, live_server, email, password=PASSWORD, *, totp_secret=None):
    """Log in through the allauth form, finding the fields by their labels as a person would.

    Pass `totp_secret` (tests.factories.TOTP_SECRET for `secretariat`) for a user with
    two-factor authentication: the code is then typed on the second step.
    """
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    if totp_secret:
        page.get_by_label("Code").fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()


# WCAG 2.0, 2.1 and 2.2 at levels A and AA (wcag22aa brings target-size), and axe's best
# practices (landmarks, heading order), which the helper ran before tags were named.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """Run axe-core on the current page: one readable line per violation and per node (up to 5)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    lines = []
    for violation in results.response.get("violations", []):
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
    return lines


def assert_no_axe_violations(page):
    """Run axe-core on the current page and fail with a readable list of every violation."""
    lines = axe_violations(page)
    if lines:
        pytest.fail("\n".join([f"axe violations on {page.url}:", *lines]), pytrace=False)
