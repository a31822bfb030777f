import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from press.models import PressRelease
from press.text import format_reference, reference_slug, render_body, sanitize_body
from tests.press.helpers import draft_release, published_release


def test_body_keeps_headings_paragraphs_lists_and_links_only():
    dirty = (
        '<h2 onclick="x()">Agreed</h2><p style="color:red">Text <img src=x onerror=alert(1)>'
        '<script>alert(1)</script><a href="javascript:alert(1)">bad</a> <a href="https://oas.org" title="t">good</a></p>'
        "<ul><li>one</li></ul><table><tr><td>cell</td></tr></table>"
    )
    clean = sanitize_body(dirty)
    assert "<h2>Agreed</h2>" in clean
    assert "<ul><li>one</li></ul>" in clean
    assert '<a href="https://oas.org" rel="noopener noreferrer">good</a>' in clean
    for forbidden in ("script", "onclick", "style", "<img", "javascript:", "<table", "title="):
        assert forbidden not in clean


def test_markdown_body_is_rendered_with_headings_below_the_title_and_no_raw_html():
    html = render_body("# Agreed points\n\n1. Procedure\n2. Work plan\n\n<b>raw</b> [site](https://oas.org)")
    assert "<h2>Agreed points</h2>" in html
    assert "<ol>" in html and "<li>Procedure</li>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'href="https://oas.org"' in html


def test_reference_format_defaults_to_the_oas_style():
    assert format_reference(language="en", number=79, year=2023) == "E-079/23"
    assert format_reference(language="es", number=5, year=2024) == "S-005/24"
    assert format_reference(language="fr", number=123, year=2030) == "F-123/30"
    assert format_reference(language="pt", number=1, year=2024) == "P-001/24"
    assert reference_slug("E-079/23") == "e-079-23"


def test_reference_format_comes_from_settings(settings):
    settings.PLENARY_PRESS_REFERENCE_FORMAT = "PR/{year}/{prefix}{number:04d}"
    assert format_reference(language="en", number=7, year=2024) == "PR/2024/E0007"


@pytest.mark.django_db
def test_published_is_the_only_public_gate(group, secretariat, delegate_us):
    draft = draft_release(group)
    published = published_release(group, title="Published")
    future = published_release(group, title="Later", when=timezone.now() + datetime.timedelta(days=1))
    withdrawn = published_release(group, title="Withdrawn")
    PressRelease.objects.filter(pk=withdrawn.pk).update(status=PressRelease.Status.WITHDRAWN)

    assert list(PressRelease.objects.published()) == [published]
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), delegate_us):
        assert list(PressRelease.objects.visible_to(user)) == [published]
    assert set(PressRelease.objects.visible_to(secretariat)) == {draft, published, future, withdrawn}


@pytest.mark.django_db
def test_an_image_without_a_description_is_refused_by_the_database(group):
    release = draft_release(group)
    with pytest.raises(IntegrityError):
        PressRelease.objects.filter(pk=release.pk).update(image="press/images/x.png", image_alt="")


@pytest.mark.django_db
def test_search_matches_title_summary_and_body(group):
    published_release(group, title="First meeting", body="Work plan presented by the United States.")
    published_release(group, title="Second meeting", body="Coordinator chosen.")
    assert [r.title for r in PressRelease.objects.published().search("work plan")] == ["First meeting"]
    assert PressRelease.objects.published().search("   ").count() == 2


@pytest.mark.django_db
def test_a_release_has_its_public_address_only_once_published(group):
    draft = draft_release(group)
    assert "/newsroom/manage/" in draft.get_absolute_url()
    published = published_release(group, language="es")
    assert published.get_absolute_url().startswith("/es/newsroom/s-001-")
