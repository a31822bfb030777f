"""Every email the product sends is a registered kind, and every kind is tested in every language.

An app that emails people lists its kinds in `<app>/notifications.py` (KINDS, and TEMPLATES: kind ->
template prefix); `tests/<app>/test_notifications.py` causes each kind (CAUSE: kind -> how) and reads
it in en, es, fr and pt (tests/emails.py). A new email template, or a new kind without a test,
fails here.
"""

import importlib
from pathlib import Path

from django.conf import settings

from tests.config.test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[2]


def registries() -> dict[str, object]:
    found = {}
    for app in LAYERS:
        if (ROOT / app / "notifications.py").exists():
            module = importlib.import_module(f"{app}.notifications")
            if hasattr(module, "KINDS"):
                found[app] = module
    return found


def test_every_email_template_belongs_to_a_registered_kind():
    registered = {prefix for module in registries().values() for prefix in module.TEMPLATES.values()}
    on_disk = {
        str(path.relative_to(ROOT / "templates")).removesuffix("_subject.txt")
        for path in (ROOT / "templates").glob("*/email/*_subject.txt")
    }
    assert on_disk and on_disk <= registered, on_disk - registered
    assert registered <= on_disk, registered - on_disk


def test_every_kind_is_caused_and_read_in_each_language_by_its_apps_tests():
    apps = registries()
    assert set(apps) >= {"meetings", "workplans", "groups"}
    for app, module in apps.items():
        assert set(module.KINDS) == set(module.TEMPLATES), app
        tests = importlib.import_module(f"tests.{app}.test_notifications")
        assert set(tests.CAUSE) == set(module.KINDS), app


def test_the_emails_are_read_in_every_language_the_product_ships():
    from tests.emails import DATE, LANGUAGES, SALUTATION

    shipped = {code for code, _name in settings.LANGUAGES}
    assert set(LANGUAGES) == shipped == set(DATE) == set(SALUTATION)
