"""The project's settings for the load tests, plus a minimal view to compare against."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.newsroom_site.urls"
# Plain static storage: the load test does not run collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
