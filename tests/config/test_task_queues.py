"""PDF and export renders run on their own queue; a plain worker still consumes every queue."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _registered(monkeypatch):
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")  # the checks would query the database
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def _queue(name):
    return app.amqp.router.route({}, name, (), {})["queue"].name


def test_every_pdf_or_export_render_goes_to_the_render_queue_and_nothing_else_does(monkeypatch):
    registered = _registered(monkeypatch)
    renders = {name for name in registered if re.search(r"pdf|render", name)}

    assert renders == set(settings.RENDER_TASKS)
    assert {_queue(name) for name in renders} == {"render"}
    assert {_queue(name) for name in registered if name not in renders} == {"celery"}


def test_a_worker_started_without_queues_consumes_mail_and_renders_alike():
    assert set(app.amqp.queues) == {"celery", "render"}


def test_the_render_worker_starts_without_the_url_configuration_or_spreadsheet_library():
    # What keeps the render worker small (README "Running on PostgreSQL, Redis and SMTP"): 19 MiB of URL configuration
    # (the API's schemas, the admin) and 5 MiB of openpyxl are never loaded by a render.
    probe = (
        "import os, sys, django; django.setup()\n"
        "from config.celery import app; app.loader.import_default_modules()\n"
        "print(sorted(m for m in ('config.urls', 'openpyxl') if m in sys.modules))\n"
    )
    env = {**os.environ, "CELERY_SKIP_CHECKS": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.setdefault("DJANGO_SECRET_KEY", "x")
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout

    assert out.strip().splitlines()[-1] == "[]"
