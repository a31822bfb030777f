"""Portuguese is Brazilian Portuguese throughout: our strings, Django's, allauth's, and dates."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


@pytest.fixture
def brazilian(settings):
    call_command("brazilian_portuguese", stdout=io.StringIO())
    # Settings list the folders when they load; list them again now that they exist.
    settings.LOCALE_PATHS = [settings.BASE_DIR / "locale", *sorted(settings.BRAZILIAN_LOCALE_DIR.glob("*/"))]


def test_django_and_allauth_strings_are_brazilian(brazilian):
    with translation.override("pt"):
        assert gettext("Password") == "Senha"
        assert gettext("Sign In") == "Entrar"
        assert gettext("This field is required.") == "Este campo é obrigatório."


def test_login_page_in_portuguese_has_no_european_words(brazilian, client):
    page = client.get(reverse("account_login").replace("/en/", "/pt/", 1)).content.decode()
    assert "Senha" in page
    for european in ("Palavra-passe", "Iniciar sessão", "Utilizador", "registo"):
        assert european not in page


def test_dates_follow_brazilian_conventions(brazilian):
    moment = datetime.datetime(2026, 12, 10, 18, 0)
    with translation.override("pt"):
        assert formats.date_format(moment.date(), "DATE_FORMAT") == "10 de dezembro de 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "10 de dezembro de 2026 às 18:00"


def test_the_catalogues_come_from_pt_br_packages(brazilian):
    folders = sorted(path.name for path in settings.BRAZILIAN_LOCALE_DIR.iterdir())
    assert any(name.endswith("-allauth") for name in folders)
    assert folders[-1].endswith("-django")  # Django's own strings have the lowest precedence
