import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_urls():
    # A request to a /es/ page leaves Spanish active in the test thread; reverse() would follow it.
    translation.activate("en")
    yield
    translation.activate("en")
