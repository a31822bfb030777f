"""WCAG 2.2 AA across the site: every page each role reaches, in the four languages and two widths.

One demo load per test and many pages per test keep the run short; failures are gathered
and reported together so one run shows everything to fix.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from config.management.commands.load_demo import GROUP_SLUG
from tests.conftest import login_as
from tests.e2e.conftest import axe_violations
from tests.factories import make_secretariat
from tests.site_pages import site_paths

# The contrast ratio of two CSS colours (WCAG's relative luminance), and the colour painted
# behind an element: the first opaque background among its ancestors (white at the root).
CONTRAST_JS = """
([selector, ringSelector]) => {
  const element = document.querySelector(selector);
  element.scrollIntoView({block: "center"});
  element.focus();
  const ring = ringSelector ? document.querySelector(ringSelector) : element;
  const parse = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let behind = [255, 255, 255];
  for (let node = ring.parentElement; node; node = node.parentElement) {
    const colour = parse(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] === 1) { behind = colour.slice(0, 3); break; }
  }
  const style = getComputedStyle(ring);
  const outline = parse(style.outlineColor).slice(0, 3);
  const [light, dark] = [luminance(outline), luminance(behind)].sort((a, b) => b - a);
  return {
    focusVisible: element.matches(":focus-visible"),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: (light + 0.05) / (dark + 0.05),
  };
}
"""
PAGE_FACTS_JS = """
() => {
  const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    duplicateIds: [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))],
    // The outermost elements that stick out on the right: what makes the page scroll sideways.
    wide: [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((e) => !e.parentElement.closest("*") || e.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
      .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join(".")),
  };
}
"""


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in_as(page, live_server, user):
    client = Client()
    login_as(client, user)  # with the second factor, as staff pages require
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def sign_in(page, live_server, role):
    from members.models import User

    if role == "delegate":
        log_in_as(page, live_server, User.objects.get(email="delegate.br@plenary.test"))
    elif role == "staff":
        log_in_as(page, live_server, make_secretariat())


# The four official languages, two per run so a failure names its pair.
@pytest.mark.parametrize("languages", [("en", "es"), ("fr", "pt")], ids=["en-es", "fr-pt"])
def test_every_page_passes_axe_at_1280_and_375_and_fits_320_for_each_role_in_every_language(
    browser, live_server, demo, languages
):
    problems, checked = [], 0
    for role, paths in site_paths().items():
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        sign_in(page, live_server, role)
        for language in languages:
            for path in paths:
                url = live_server.url + re.sub(r"^/en/", f"/{language}/", path)
                page.set_viewport_size({"width": 1280, "height": 900})
                response = page.goto(url)
                where = f"{role} {url.removeprefix(live_server.url)}"
                if response.status != 200:
                    problems.append(f"{where}: HTTP {response.status}")
                    continue
                for width in (1280, 375):
                    page.set_viewport_size({"width": width, "height": 900})
                    checked += 1
                    problems += [f"{where} @{width}px: {line}" for line in axe_violations(page)]
                page.set_viewport_size({"width": 320, "height": 640})
                facts = page.evaluate(PAGE_FACTS_JS)
                if facts["scrollWidth"] > facts["innerWidth"]:
                    problems.append(
                        f"{where} @320px scrolls sideways: {facts['scrollWidth']}px {facts['wide']}"
                    )
                if facts["duplicateIds"]:
                    problems.append(f"{where}: duplicate ids {facts['duplicateIds']}")
        context.close()
    print(f"axe: {checked} page views checked (roles × languages × pages × widths)")
    assert not problems, "\n".join(problems)


def test_focus_outlines_have_3_to_1_against_what_is_behind_them(page, live_server, demo):
    page.goto(f"{live_server.url}/en/meetings/")
    page.keyboard.press("Shift")  # keyboard modality: scripted focus then matches :focus-visible
    samples = {
        "link in the menu bar": ("#main-nav .nav-link", None),
        "language link": (".language-switcher .nav-link", None),
        "field": ("main select, main input:not([type=hidden])", None),
        "primary button": ("main .btn-primary", None),
        "link in the content": ("main table a", None),
        "scrollable table": ("main .table-responsive[tabindex='0']", None),
    }
    for name, (selector, ring) in samples.items():
        result = page.evaluate(CONTRAST_JS, [selector, ring])
        assert result["focusVisible"], name
        assert result["style"] == "solid" and result["width"] >= 2, (name, result)
        assert result["contrast"] >= 3, (name, result)


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_signed_in_menu_bar_fits_from_1200_to_1520_px(browser, live_server, demo, language):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/{language}/meetings/")
    for width in (1200, 1280, 1366, 1440, 1520):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('.site-navbar a, .site-navbar button')]
                .map((e) => [e, e.getBoundingClientRect()])
                .filter(([e, box]) => box.width > 0 && (box.right > window.innerWidth || box.width < 24))
                .map(([e]) => e)
                .map((e) => e.textContent.trim())"""
        )
        assert overflow == [], (width, overflow)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        logout = page.locator(".site-navbar form[action*=logout] button")
        expect(logout).to_be_visible()
    context.close()


def test_language_links_lead_to_the_same_page_without_script(browser, live_server, demo):
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/groups/{GROUP_SLUG}/")
    languages = page.get_by_role("list", name="Language")
    expect(languages.get_by_role("link")).to_have_count(4)
    english = languages.get_by_role("link", name="English")
    expect(english).to_have_attribute("aria-current", "true")
    french = languages.get_by_role("link", name="Français")
    expect(french).to_have_attribute("lang", "fr")
    expect(french).to_have_attribute("hreflang", "fr")
    french.click()
    expect(page).to_have_url(f"{live_server.url}/fr/groups/{GROUP_SLUG}/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()


def test_focus_goes_to_the_error_summary_then_to_the_message_after_a_form_reloads(page, live_server, demo):
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/en/groups/{GROUP_SLUG}/meetings/new/")
    page.get_by_role("group", name="Title").get_by_label("English").fill("Work plan review")
    page.get_by_label("Date").fill("2031-05-12")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("09:00")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link", name=re.compile("Ends at")).click()
    expect(page.get_by_label("Ends at")).to_be_focused()

    page.get_by_label("Ends at").fill("12:30")
    page.get_by_label("Room").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#messages .alert").first).to_be_focused()


def test_an_agenda_move_is_announced_and_minutes_are_translated(page, live_server, demo):
    from meetings.models import AgendaItem

    item = AgendaItem.objects.order_by("meeting", "position").first()
    AgendaItem.objects.filter(pk=item.pk).update(minutes_allotted=30)
    item.refresh_from_db()
    count = item.meeting.agenda_items.count()
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/en/meetings/{item.meeting_id}/agenda/")
    status = page.locator("#agenda-status")
    expect(status).to_have_attribute("role", "status")
    page.locator(f"#agenda-item-{item.pk}").get_by_role("button", name=re.compile("^Down")).click()
    expect(status).to_have_text(re.compile(rf"^Moved to position \d+ of {count}\.$"))

    page.goto(f"{live_server.url}/es/meetings/{item.meeting_id}/agenda/")
    expect(page.locator("#agenda-list")).to_contain_text(f"({item.minutes_allotted} min)")
    page.locator(f"#agenda-item-{item.pk}").get_by_role("button", name=re.compile("^Subir")).click()
    expect(status).to_have_text(re.compile(rf"^Movido a la posición \d+ de {count}\.$"))


def test_withdrawal_reason_has_its_own_label_on_the_release_page(page, live_server, demo):
    from press.models import PressRelease

    release = PressRelease.objects.filter(language="en", status=PressRelease.Status.PUBLISHED).first()
    log_in_as(page, live_server, make_secretariat())
    page.goto(f"{live_server.url}/en/newsroom/manage/{release.pk}/")
    page.get_by_text("Withdraw this release").click()
    page.get_by_text("Publish a correction").click()
    expect(page.get_by_label(re.compile("Reason for withdrawal"))).to_be_visible()
    expect(page.get_by_label(re.compile("Correction note"))).to_be_visible()
    assert page.evaluate(PAGE_FACTS_JS)["duplicateIds"] == []
