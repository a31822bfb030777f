"""The visitor's cached group and meeting pages (members.page_cache): never stale after a write."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import page_cache
from members.page_revision import tracked_tables
from tests.benchmarks._prof_pages import every_list
from tests.benchmarks.pages import meeting_data
from tests.factories import make_secretariat


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    from django.core.cache import cache

    settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    page_cache.reset_local()
    yield
    page_cache.reset_local()


@pytest.fixture
def full_meeting(db):
    group, meeting = meeting_data()
    every_list(group, meeting, make_secretariat("cache-staff@secretariat.example"))
    return group, meeting


def group_url(group):
    return reverse("groups:detail", kwargs={"slug": group.slug})


def meeting_url(meeting):
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


def tables_read(client, url) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    found = set()
    for query in queries.captured_queries:
        found.update(re.findall(r'(?:FROM|JOIN)\s+"([a-z_0-9]+)"', query["sql"]))
    return found


def test_every_table_the_visitor_pages_read_moves_the_page_revision(client, full_meeting, settings):
    settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS = 0  # every query of a full rendering
    group, meeting = full_meeting
    read = tables_read(client, group_url(group)) | tables_read(client, meeting_url(meeting))
    print(sorted(read))
    assert read - tracked_tables(connection) - {"members_pagerevision"} == set()
