"""The project's URL configuration."""

import importlib

import pytest
from django.urls import Resolver404, resolve

import config.urls


def test_media_files_have_no_route_even_in_debug(settings):
    # Uploads and generated PDFs are served only by views that check who may read them.
    settings.DEBUG = True
    try:
        debug_urls = importlib.reload(config.urls)
        with pytest.raises(Resolver404):
            resolve("/media/meetings/paper.pdf", urlconf=debug_urls)
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
