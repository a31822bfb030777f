"""The main menu, rendered once per language and role, reads as it did on every page."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from members.templatetags import memo

pytestmark = pytest.mark.django_db

STAFF_ONLY = reverse("groups:join_requests").removeprefix("/en/")


def _menu(html: str) -> str:
    return html.split('id="main-nav"', 1)[1].split('class="navbar-nav"', 1)[0]


def test_staff_links_reach_only_the_secretariat_whatever_was_rendered_before(
    secretariat_client, delegate_us_client, client
):
    for _ in range(2):
        assert STAFF_ONLY in _menu(secretariat_client.get(reverse("members:me")).content.decode())
        assert STAFF_ONLY not in _menu(delegate_us_client.get(reverse("members:me")).content.decode())
        assert STAFF_ONLY not in _menu(client.get(reverse("groups:list")).content.decode())


def test_each_language_gets_its_own_menu(client):
    english = _menu(client.get("/en/groups/").content.decode())
    spanish = _menu(client.get("/es/groups/").content.decode())
    assert "Working groups" in english and "/en/meetings/" in english
    assert "Grupos de trabajo" in spanish and "/es/meetings/" in spanish and "/en/" not in spanish


def test_a_memo_renders_once_per_flag_and_language():
    memo._rendered.clear()
    template = Template('{% load memo %}{% memo "t" flag %}{{ value }}{% endmemo %}')
    assert template.render(Context({"flag": True, "value": "first"})) == "first"
    assert template.render(Context({"flag": True, "value": "second"})) == "first"
    assert template.render(Context({"flag": False, "value": "third"})) == "third"
    with translation.override("es"):
        assert template.render(Context({"flag": True, "value": "fourth"})) == "fourth"


def test_changed_settings_empty_the_memo():
    memo._rendered.clear()
    template = Template('{% load memo %}{% memo "t" %}{{ value }}{% endmemo %}')
    assert template.render(Context({"value": "first"})) == "first"
    with override_settings(LANGUAGE_CODE="es"):
        assert template.render(Context({"value": "second"})) == "second"


def test_a_memo_needs_a_quoted_name():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template("{% load memo %}{% memo flag %}x{% endmemo %}")
