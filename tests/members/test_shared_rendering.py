"""build_email with `shared`: a template rendered once per language for a fan-out reads exactly
as when it is rendered for each recipient."""

import copy

import pytest

from members.notifications import build_email
from members.unsubscribe import user_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NAMES = ["Claire & Tremblay <b>", "{{ recipient }}", "Ñúñez O'Brien", ""]


@pytest.fixture
def templates(settings, tmp_path):
    folder = tmp_path / "demo" / "email"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text('{% load i18n %}{% translate "Reason:" %} {{ topic }}')
    (folder / "hello_body.txt").write_text(
        "{% load i18n %}{% blocktranslate with name=recipient.get_full_name %}Dear {{ name }},"
        "{% endblocktranslate %}\n{{ site_url }}{% url 'members:preferences' %}\n{{ topic }}\n"
    )
    (folder / "email_body.txt").write_text("{{ recipient.email }} {{ recipient.get_full_name }}\n")
    (folder / "email_subject.txt").write_text("Hi")
    (folder / "plain_body.txt").write_text("Hello {{ recipient }}\n")
    (folder / "plain_subject.txt").write_text("Hi")
    updated = copy.deepcopy(settings.TEMPLATES)
    updated[0]["DIRS"] = [tmp_path, *updated[0]["DIRS"]]
    settings.TEMPLATES = updated
    return "demo/email/"


def people():
    return [
        UserFactory(full_name=name, preferred_language=language)
        for name in NAMES
        for language in ("en", "es", "fr", "pt")
    ]


def parts(message):
    return message.subject, message.body, message.alternatives, message.to, dict(message.extra_headers)


@pytest.mark.parametrize("name", ["hello", "email", "plain"])
def test_a_shared_rendering_reads_as_one_per_recipient(templates, name):
    shared = {}
    for person in people():
        token = user_token(user_id=person.pk, group_id=1, kind="meetings")
        kwargs = {"user": person, "template": templates + name, "context": {"topic": "Plan & co"}}
        alone = build_email(**kwargs, unsubscribe=token)
        together = build_email(**kwargs, unsubscribe=token, shared=shared, shared_key=("meeting", 1))
        assert parts(together) == parts(alone)
    # Only the template that reads nothing of the recipient but the name is shared.
    assert {key[0] for key, value in shared.items() if value is not None and len(key) == 3} == (
        {templates + "hello"} if name == "hello" else set()
    )
