"""The Nu HTML checker (vnu.jar from npm's vnu-jar, run by Java) finds no error on the main pages.

.ci/run installs the checker into .tools/vnu when it is missing; elsewhere the test is skipped
until `npm install --prefix .tools/vnu vnu-jar` has been run.
"""

import json
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client

from members.models import User
from tests.conftest import login_as
from tests.factories import make_secretariat
from tests.site_pages import VNU_JAR, site_paths

pytestmark = pytest.mark.needs("vnu")


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_main_pages_of_every_app_have_no_html_error_for_each_role_in_en_and_es(demo, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    clients = {"visitor": Client(), "delegate": Client(), "staff": Client()}
    login_as(clients["delegate"], User.objects.get(email="delegate.br@plenary.test"))
    login_as(clients["staff"], make_secretariat())  # with the second factor, as staff pages require
    names, problems = {}, []
    for role, paths in site_paths().items():
        for language in ("en", "es"):
            for path in paths:
                url = path.replace("/en/", f"/{language}/", 1)
                response = clients[role].get(url, follow=True)
                if response.status_code != 200:
                    problems.append(f"{role} {url}: HTTP {response.status_code}")
                    continue
                name = pages / f"{len(names):03}.html"
                name.write_bytes(response.content)
                names[str(name)] = f"{role} {url}"

    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always", str(pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr)["messages"]
    errors = [
        f"{names.get(m.get('url', '').removeprefix('file:'), m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    print(f"vnu: {len(names)} pages checked (roles × languages × pages)")
    assert problems + errors == [], "\n".join(problems + errors)
