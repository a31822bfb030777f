"""WCAG 2.2 AA on every page of the role × URL matrix, as each role that may open it.

The pages come from the matrix itself (tests/test_url_matrix.py and tests/<app>/url_matrix.py):
the same world of records, the same URL of each row, and every role whose expectation for a
GET is 200. A new matrix row is therefore checked here without a line added. axe-core runs
with the WCAG tags only (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa: target-size included)
at 1,280 px and at 375 px, and the page must not scroll sideways at 320 px
(scrollWidth ≤ clientWidth).

Not opened, and why:
- rows whose method is POST: they are actions answered by a redirect (or a form already
  checked on its GET page), not pages;
- rows no role opens with a 200 (redirects to the login page, the admin's login, forged
  tokens answered by an error page, the API's root and hidden plans);
- rows answered by something other than HTML, listed in NOT_HTML below: PDFs (papers,
  minutes, attendance, participants, press releases, work-plan versions, matrix exports),
  calendars (.ics), Atom and RSS feeds, the sitemap (XML), JSON from the open API, CSV and
  XLSX downloads and the press release's image. A row missing from NOT_HTML that does not
  answer text/html fails the test, which then names it;
- the open API's documentation page (api:openapi-view), also listed in NOT_HTML: Swagger UI,
  drawn by django-ninja's own scripts, is not our markup.

Languages and counts: each load is checked by axe at 1,280 px and at 375 px, then at 320 px for
sideways scrolling. By default every (URL, role) is loaded once and the four languages rotate
from a per-URL offset; a URL fewer than four roles may open is loaded again (by its roles in
turn) until it has been seen in all four. So every (URL, role) is checked at both widths and
every URL in en, es, fr and pt: with the matrix of this writing, 75 HTML URLs, 170 (URL, role)
pairs, 329 loads, 658 axe page views and 329 checks at 320 px. AXE_FULL=1 checks the full
product, every URL × role × language × width: 680 loads, 1,360 axe page views. AXE_WORKERS
(default 2) sets how many Chromiums work at once: one renders while another runs axe.
"""

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import axe_playwright_python
from django.conf import settings
from django.test import Client

from tests.conftest import login_as
from tests.matrix import ROLES
from tests.test_url_matrix import CASES, world  # noqa: F401 (the matrix's world, as a fixture)

LANGUAGES = ("en", "es", "fr", "pt")
WIDTHS = (1280, 375)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

NOT_HTML = {
    "api:openapi-view": "Swagger UI drawn by django-ninja's scripts, not our markup",
    "api:openapi-json": "JSON",
    "api:group_detail": "JSON",
    "api:list_decisions": "JSON",
    "api:list_groups": "JSON",
    "api:list_meetings": "JSON",
    "api:list_member_states": "JSON",
    "api:list_papers": "JSON",
    "api:list_releases": "JSON",
    "api:list_workplans": "JSON",
    "api:meeting_detail": "JSON",
    "meetings:attendance_pdf": "PDF",
    "meetings:document_download": "PDF",
    "meetings:document_file": "PDF",
    "meetings:minutes_pdf": "PDF",
    "meetings:participants_pdf": "PDF",
    "press:release_pdf": "PDF",
    "workplans:export_download": "PDF",
    "workplans:version_pdf": "PDF",
    "press:feed_atom": "Atom feed",
    "press:group_feed_atom": "Atom feed",
    "press:feed_rss": "RSS feed",
    "press:group_feed_rss": "RSS feed",
    "sitemap": "XML sitemap",
    "press:release_image": "PNG image",
    "meetings:group_feed": "iCalendar",
    "meetings:ics": "iCalendar",
    "meetings:personal_feed": "iCalendar",
    "meetings:attendance_csv": "CSV",
    "meetings:registrations_csv": "CSV",
    "workplans:matrix_csv": "CSV",
    "workplans:matrix_xlsx": "XLSX",
}

# axe's results cut down in the page: only what a failure message needs crosses to Python.
RUN_AXE_JS = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  ]);
}
"""
SIDEWAYS_JS = """
() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  // The outermost elements sticking out on the right, leaving out those inside a region that
  // scrolls on its own (a .table-responsive): they are what pushes the page sideways.
  const scrolls = (e) => getComputedStyle(e).overflowX !== "visible";
  const insideScroller = (e) => { for (let a = e.parentElement; a; a = a.parentElement) if (scrolls(a) && a !== document.body && a !== root) return true; return false; };
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
    .filter((e) => e.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5)
    .filter((e) => !insideScroller(e))
    .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join("."));
  return `${root.scrollWidth}px > ${root.clientWidth}px: ${wide.join(", ")}`;
}
"""


def matrix_pages(built):
    """(url name, English URL, roles that open it with a 200) for every HTML page of the matrix."""
    pages = []
    for name, case in sorted(CASES.items()):
        roles = [role for role in ROLES if case.expect[role] == 200]
        if case.method == "get" and roles and name not in NOT_HTML:
            pages.append((name, case.url(built), roles))
    return pages


def plan_visits(pages, *, full):
    """The page loads, as (url name, role, language, URL): each load is checked at both widths.

    Full: every role × language. Rotated: each role once, languages taken in turn from a
    per-URL offset, and URLs with fewer than four roles loaded again (by their roles in turn)
    until the URL has been seen in all four languages."""
    visits = []
    for index, (name, url, roles) in enumerate(pages):
        if full:
            pairs = [(role, language) for role in roles for language in LANGUAGES]
        else:
            count = max(len(roles), len(LANGUAGES))
            pairs = [(roles[i % len(roles)], LANGUAGES[(index + i) % len(LANGUAGES)]) for i in range(count)]
        for role, language in pairs:
            visits.append((name, role, language, re.sub(r"^/en/", f"/{language}/", url)))
    return visits


def session_cookie(live_server, user):
    client = Client()
    login_as(client, user)  # with the second factor where the account has one
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}


def check_visits(base_url, visits, cookies):
    """One worker: its own Chromium, one signed-in context per role, one tab; returns
    (problems, axe page views). Runs in a thread of its own (Playwright's sync API is bound to
    the thread that started it), so it touches no database: the cookies are made beforehand."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    problems, views = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role in ROLES:
            mine = [visit for visit in visits if visit[1] == role]
            if not mine:
                continue
            context = browser.new_context(locale="en-US", viewport={"width": WIDTHS[0], "height": 900})
            context.add_init_script(script=AXE_SOURCE)  # in every document, before its own scripts
            if cookies[role]:
                context.add_cookies([cookies[role]])
            page = context.new_page()
            page.set_default_timeout(30_000)
            for name, _, _, path in mine:
                where = f"{role} {path} ({name})"
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                response = page.goto(base_url + path, wait_until="load")
                kind = response.headers.get("content-type", "")
                if response.status != 200 or not kind.startswith("text/html"):
                    problems.append(
                        f"{where}: HTTP {response.status} {kind} (list non-HTML rows in NOT_HTML)"
                    )
                    continue
                for width in WIDTHS:
                    if width != WIDTHS[0]:
                        page.set_viewport_size({"width": width, "height": 900})
                    views += 1
                    for rule, targets in page.evaluate(RUN_AXE_JS, AXE_TAGS):
                        problems.append(f"{where} @{width}px: {rule} at {'; '.join(targets)}")
                page.set_viewport_size({"width": 320, "height": 640})
                sideways = page.evaluate(SIDEWAYS_JS)
                if sideways:
                    problems.append(f"{where} @320px scrolls sideways: {sideways}")
            context.close()
        browser.close()
    return problems, views


def test_every_matrix_page_passes_axe_at_1280_and_375_and_fits_320(live_server, world):  # noqa: F811
    full = os.environ.get("AXE_FULL") == "1"
    workers = int(os.environ.get("AXE_WORKERS", "2"))
    pages = matrix_pages(world)
    visits = plan_visits(pages, full=full)
    users = world["users"]
    cookies = {role: users[role] and session_cookie(live_server, users[role]) for role in ROLES}
    started = time.monotonic()
    # Several tabs at once against the threaded live server: one renders while another runs axe.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        shards = [visits[i::workers] for i in range(workers)]
        results = list(pool.map(lambda shard: check_visits(live_server.url, shard, cookies), shards))
    problems = [line for found, _ in results for line in found]
    views = sum(count for _, count in results)
    seconds = time.monotonic() - started
    pairs = sum(len(roles) for _, _, roles in pages)
    print(
        f"\naxe matrix ({'full' if full else 'rotated'}, {workers} workers): {len(pages)} HTML URLs, "
        f"{pairs} (URL, role) pairs, {len(visits)} loads, {views} axe page views, "
        f"{len(visits)} checks at 320 px, in {seconds:.0f}s"
    )
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(problems))


def test_rotation_loads_every_url_role_pair_and_every_url_in_the_four_languages():
    pages = [
        ("one role", "/en/a/", ["secretariat"]),
        ("three", "/en/b/", list(ROLES[2:5])),
        ("all", "/en/", ROLES),
    ]
    visits = plan_visits(pages, full=False)
    for name, url, roles in pages:
        mine = [visit for visit in visits if visit[0] == name]
        assert {role for _, role, _, _ in mine} == set(roles)
        assert {language for _, _, language, _ in mine} == set(LANGUAGES)
        assert len(mine) == max(len(roles), len(LANGUAGES))
        assert {path for *_, path in mine} == {url.replace("/en/", f"/{lang}/", 1) for lang in LANGUAGES}
    full = plan_visits(pages, full=True)
    assert len(full) == sum(len(roles) for *_, roles in pages) * len(LANGUAGES)
