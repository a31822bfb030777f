"""The HTML part of the release email: a release only in another language is marked with its `lang`."""

import pytest

from members.subscriptions import Subscription
from tests.emails import LINK, the_only_email_to
from tests.press.helpers import published_release

pytestmark = pytest.mark.django_db


def _html(email) -> str:
    [html] = [content for content, mimetype in email.alternatives if mimetype == "text/html"]
    return html


@pytest.fixture
def spanish_subscriber(group, delegate_us):
    delegate_us.preferred_language = "es"
    delegate_us.save(update_fields=["preferred_language"])
    Subscription.objects.create(
        user=delegate_us,
        group_id=group.pk,
        kind=Subscription.Kind.PRESS,
        choice=Subscription.Choice.IMMEDIATE,
    )
    return delegate_us


def test_an_english_only_release_is_marked_english_in_the_spanish_html_part(
    group, spanish_subscriber, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release = published_release(group, language="en", title="Group adopts its work plan")
    email = the_only_email_to(spanish_subscriber)
    html = _html(email)
    assert '<html lang="es" dir="ltr">' in html
    assert f'<p lang="en" dir="ltr"><strong>{release.reference} — Group adopts its work plan</strong>' in html
    assert "(Disponible solo en inglés)" in html
    # The release's own page is in its language (marked with hreflang); every other link in the reader's.
    assert f'{release.get_absolute_url()}" hreflang="en"' in html
    others = [path for path in LINK.findall(html) if path != release.get_absolute_url()]
    assert others and all(path.startswith("/es/") for path in others), others
    assert "/es/unsubscribe/" in html
    assert "<p lang" not in email.body


def test_a_release_in_the_readers_language_is_not_marked(
    group, spanish_subscriber, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published_release(group, language="es", title="El grupo adopta su plan de trabajo")
    html = _html(the_only_email_to(spanish_subscriber))
    assert "<strong>" in html and 'lang="en" dir="ltr"><strong>' not in html
    assert "El grupo adopta su plan de trabajo" in html
