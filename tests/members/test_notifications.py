"""The shared email helper: one recipient, one language, from the subject to the HTML part."""

import copy

import pytest
from django.utils import translation

from members.notifications import build_email
from tests.emails import LINK
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_templates(settings, tmp_path):
    folder = tmp_path / "demo" / "email"
    folder.mkdir(parents=True)
    (folder / "hello_subject.txt").write_text('{% load i18n %}{% translate "Reason:" %} {{ topic }}')
    (folder / "hello_body.txt").write_text(
        "{% load i18n %}{% blocktranslate with name=recipient.get_full_name %}Dear {{ name }},{% endblocktranslate %}\n"
        "{{ site_url }}{% url 'members:preferences' %}\n"
    )
    (folder / "hello_body.html").write_text(
        "<p><a href=\"{{ site_url }}{% url 'members:preferences' %}\">{{ topic }}</a></p>"
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return "demo/email/hello"


def test_subject_text_and_html_parts_are_all_in_the_recipients_language(email_templates):
    claire = UserFactory(full_name="Claire Tremblay", preferred_language="fr")

    with translation.override("es"):
        email = build_email(user=claire, template=email_templates, context={"topic": "Plan & calendrier"})
        assert translation.get_language() == "es"

    assert email.subject == "Motif : Plan & calendrier"
    assert email.body.startswith("Bonjour Claire Tremblay,\n")
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert "Plan &amp; calendrier" in html  # the HTML part is escaped, the text part is not
    assert LINK.findall(email.body) == LINK.findall(html) == ["/fr/me/preferences/"]


def test_an_email_without_an_html_template_is_text_only(email_templates, tmp_path):
    (tmp_path / "demo" / "email" / "hello_body.html").unlink()
    email = build_email(
        user=UserFactory(preferred_language="pt"), template=email_templates, context={"topic": "x"}
    )
    assert email.alternatives == []
    assert LINK.findall(email.body) == ["/pt/me/preferences/"]
