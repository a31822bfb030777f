import pytest
from django.core.cache import cache
from django.utils import translation

from press import cache as newsroom_cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    newsroom_cache.reset_local()
    yield
    cache.clear()
    newsroom_cache.reset_local()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture(autouse=True)
def _english_urls():
    # A request to a /es/ page leaves Spanish active in the test thread; reverse() would follow it.
    translation.activate("en")
    yield
    translation.activate("en")
