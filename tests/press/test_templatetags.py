"""The press part of the group page, supplied by press through `{% group_press_releases group %}`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import WorkingGroupFactory
from tests.press.helpers import draft_release, published_release

pytestmark = pytest.mark.django_db


def group_page(client, group, language="en"):
    path = reverse("groups:detail", kwargs={"slug": group.slug})
    return client.get(f"/{language}{path[3:]}").content.decode()


def test_the_group_page_lists_releases_in_the_visitors_language(client, group):
    english = published_release(group, title="The group meets")
    published_release(group, language="es", source=english, title="El grupo se reúne")
    published_release(WorkingGroupFactory(), title="Another group's news")
    draft_release(group, title="Not yet public")

    html = group_page(client, group)
    assert "The group meets" in html and english.reference in html
    assert "El grupo se reúne" not in html
    assert "Another group's news" not in html and "Not yet public" not in html
    assert reverse("press:group_feed_atom", kwargs={"slug": group.slug}) in html

    spanish = group_page(client, group, "es")
    assert "El grupo se reúne" in spanish and "The group meets" not in spanish


def test_without_a_release_in_that_language_the_page_shows_the_others(client, group):
    published_release(group, title="Only in English")
    assert "Only in English" in group_page(client, group, "fr")


def test_only_staff_see_the_link_to_write_a_release(client, secretariat_client, group):
    write = f"{reverse('press:create')}?group={group.pk}"
    assert write not in group_page(client, group)
    assert write in group_page(secretariat_client, group)


def test_the_group_page_costs_the_same_queries_however_many_releases(client, group):
    published_release(group, title="First")

    def count():
        with CaptureQueriesContext(connection) as queries:
            group_page(client, group)
        return len(queries)

    baseline = count()
    for n in range(6):
        published_release(group, title=f"More {n}")
    assert count() == baseline


def test_the_group_page_lists_its_latest_releases(client, group):
    release = published_release(group, title="First meeting of the group")
    draft_release(group, title="Unpublished news")
    html = client.get(group.get_absolute_url()).content.decode()
    assert "First meeting of the group" in html and release.get_absolute_url() in html
    assert "Unpublished news" not in html


def test_releases_in_the_visitors_language_come_first_even_when_others_are_newer(client, group):
    import datetime

    from django.utils import timezone

    from press.models import PressRelease

    older = published_release(group, language="es", title="Noticia en español")
    PressRelease.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(days=30))
    for n in range(6):
        published_release(group, title=f"English news {n}")
    spanish = group_page(client, group, "es")
    assert "Noticia en español" in spanish and "English news" not in spanish


def test_the_press_part_costs_one_query_with_or_without_a_release_in_the_language(rf, group):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.utils import translation

    published_release(group, title="Only in English")
    request = rf.get("/")
    request.user = AnonymousUser()
    template = Template("{% load press_parts %}{% group_press_releases group %}")
    for language in ("en", "fr"):
        with translation.override(language), CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"group": group, "request": request}))
        assert "Only in English" in html
        assert len(queries) == 1, language
