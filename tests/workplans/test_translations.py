"""A version in several languages: translations share the paragraphs' keys; comments keep their language."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.conftest import client_for
from tests.workplans.conftest import comment_on, version_url
from workplans.models import ParagraphTranslation, SectionTranslation
from workplans.services import comments as comment_services
from workplans.services import translations as services


def translate(version, user, language="es", **texts_by_number):
    paragraphs = {p.number: p.key for p in version.paragraphs.all()}
    return services.save_version_translation(
        version=version,
        language=language,
        headings={version.sections.get(number=1).key: "Objetivos"},
        texts={paragraphs[int(number[1:])]: text for number, text in texts_by_number.items()},
        user=user,
    ).translated


def spanish_title(plan):
    # The plan's own title is translated by modeltranslation; these tests look at the version's text.
    plan.title_es = "Plan de trabajo del Grupo Voluntario, 2024"
    plan.save(update_fields=["title_es"])


def test_an_untranslated_plan_title_shows_the_english_with_lang_and_the_note(draft_plan, delegate_us_client):
    html = spanish(delegate_us_client, draft_plan)
    assert (
        '<h1><span lang="en" dir="ltr">Work plan of the Voluntary Group, 2024</span> '
        '<small class="translation-note text-body-secondary">(Disponible solo en inglés)</small></h1>'
    ) in html


def spanish(client, plan):
    with translation.override("es"):
        return client.get(version_url(plan)).content.decode()


# Services


def test_translations_hang_on_the_versions_paragraphs_and_share_their_keys(version, paragraph, secretariat):
    assert translate(version, secretariat, p1="El grupo fomentará el diálogo.") == 2
    row = ParagraphTranslation.objects.get()
    assert (row.paragraph, row.paragraph.key, row.language) == (paragraph, paragraph.key, "es")
    assert row.updated_by == secretariat
    assert paragraph.text.startswith("The group will foster dialogue")


def test_saving_again_changes_and_a_blank_removes_a_translation(version, secretariat):
    translate(version, secretariat, p1="Uno", p2="Dos")
    assert translate(version, secretariat, p1="Uno, corregido", p2="  ") == 2
    assert list(ParagraphTranslation.objects.values_list("text", flat=True)) == ["Uno, corregido"]


def test_saving_a_translation_refreshes_the_cached_page(version, secretariat):
    before = version.body_revision
    translate(version, secretariat, p1="Uno")
    version.refresh_from_db()
    assert version.body_revision == before + 1


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_original_language_or_an_unofficial_one_is_refused(version, secretariat, language):
    with pytest.raises(ValidationError):
        translate(version, secretariat, language=language, p1="x")
    assert not SectionTranslation.objects.exists()


def test_a_key_not_in_the_version_is_refused_and_nothing_saved(version, secretariat):
    with pytest.raises(ValidationError):
        services.save_version_translation(
            version=version, language="fr", headings={}, texts={uuid.uuid4(): "x"}, user=secretariat
        )
    assert not ParagraphTranslation.objects.exists()


def test_a_comment_keeps_the_language_it_was_written_in(comment_round, paragraph, delegate_us):
    comment = comment_services.submit_comment(
        comment_round=comment_round,
        user=delegate_us,
        kind="comment",
        body="Apoyamos este párrafo.",
        paragraph_key=paragraph.key,
        token=uuid.uuid4(),
        language="es",
    )
    assert comment.language == "es"


# Pages


def test_the_page_shows_the_readers_language_and_the_original_where_missing(
    draft_plan, version, delegate_us_client, secretariat
):
    translate(version, secretariat, p1="El grupo fomentará el diálogo entre los Estados miembros.")
    spanish_title(draft_plan)
    html = spanish(delegate_us_client, draft_plan)
    assert "<h1>Plan de trabajo del Grupo Voluntario, 2024</h1>" in html
    assert "1. Objetivos</h2>" in html
    assert "El grupo fomentará el diálogo entre los Estados miembros." in html
    assert '<span lang="en" dir="ltr">The group will share good practices' in html
    # Untranslated: the second heading and the other two paragraphs.
    assert html.count('class="translation-note') == (version.sections.count() - 1) + (
        version.paragraphs.count() - 1
    )
    english = delegate_us_client.get(version_url(draft_plan)).content.decode()
    assert "1. Objectives</h2>" in english and "El grupo" not in english


def test_an_untranslated_version_carries_one_note_and_lang_on_every_passage(
    draft_plan, version, delegate_us_client
):
    spanish_title(draft_plan)
    html = spanish(delegate_us_client, draft_plan)
    assert html.count('class="translation-note') == 1
    assert html.count('<span lang="en" dir="ltr">') == version.sections.count() + version.paragraphs.count()


def test_a_comment_on_a_translated_paragraph_anchors_to_the_same_paragraph(
    draft_plan, version, comment_round, paragraph, delegate_us, secretariat
):
    translate(version, secretariat, p1="Uno")
    client = client_for(delegate_us)
    with translation.override("es"):
        url = reverse("workplans:create_comment", kwargs={"pk": comment_round.pk})
    response = client.post(
        url, {"kind": "comment", "target": f"p:{paragraph.key}", "body": "Apoyamos.", "token": uuid.uuid4()}
    )
    assert response.status_code == 302
    comment = comment_round.comments.get()
    assert (comment.paragraph, comment.language) == (paragraph, "es")


def test_comments_are_shown_with_their_language(draft_plan, version, comment_round, paragraph, delegate_us):
    comment = comment_on(comment_round, delegate_us, paragraph, body="Nous appuyons.")
    comment.language = "fr"
    comment.save()
    url = reverse(
        "workplans:paragraph_comments",
        kwargs={"pk": draft_plan.pk, "number": version.number, "key": paragraph.key},
    )
    html = client_for(delegate_us).get(url).content.decode()
    assert '<div class="comment-body" lang="fr"><p>Nous appuyons.</p>' in html


def test_staff_translate_paragraph_by_paragraph(draft_plan, version, paragraph, secretariat_client):
    url = reverse(
        "workplans:translate_version",
        kwargs={"pk": draft_plan.pk, "number": version.number, "language": "pt"},
    )
    page = secretariat_client.get(url)
    assert page.status_code == 200
    assert f'name="p-{paragraph.key}"' in page.content.decode()
    response = secretariat_client.post(url, {f"p-{paragraph.key}": "O grupo promoverá o diálogo."})
    assert response.status_code == 302
    assert paragraph.translations.get(language="pt").text == "O grupo promoverá o diálogo."


def test_delegates_cannot_translate_and_the_original_language_is_not_a_target(
    draft_plan, version, delegate_us_client, secretariat_client
):
    kwargs = {"pk": draft_plan.pk, "number": version.number}
    assert (
        delegate_us_client.get(
            reverse("workplans:translate_version", kwargs={**kwargs, "language": "es"})
        ).status_code
        == 403
    )
    assert (
        secretariat_client.get(
            reverse("workplans:translate_version", kwargs={**kwargs, "language": "en"})
        ).status_code
        == 404
    )
    assert not ParagraphTranslation.objects.exists()


def test_the_matrix_exports_carry_each_comments_language(comment_round, paragraph, delegate_us):
    from workplans.matrix_formats import matrix_headers, matrix_rows

    comment = comment_on(comment_round, delegate_us, paragraph, body="Apoyamos.")
    comment.language = "es"
    comment.save()
    headers = [str(header) for header in matrix_headers()]
    values = matrix_rows([comment])[0]
    assert values[headers.index("Written in")] == "es"
    assert values[headers.index("Comment")] == "Apoyamos."


def test_the_matrix_pdf_marks_each_comments_language(comment_round, paragraph, delegate_us):
    from django.template.loader import render_to_string

    from workplans.matrix_formats import matrix_part, matrix_targets

    comment = comment_on(comment_round, delegate_us, paragraph, body="Nous appuyons ce paragraphe.")
    comment.language = "fr"
    comment.save()
    html = render_to_string(
        "workplans/pdf/matrix.html",
        {
            "comment_round": comment_round,
            "plan": comment_round.version.plan,
            **matrix_part(matrix_targets([comment]), 0, 1),
        },
    )
    assert '<span lang="fr" class="as-typed">Nous appuyons ce paragraphe.</span>' in html


def test_the_version_pdf_reads_the_printed_language_and_marks_the_original(version, secretariat):
    from django.template.loader import render_to_string

    from workplans.services import prints

    translate(version, secretariat, p1="El grupo fomentará el diálogo.")
    with translation.override("es"):
        html = render_to_string("workplans/pdf/version.html", prints.print_context(version))
    assert "1. Objetivos</h2>" in html
    assert "1. El grupo fomentará el diálogo.</p>" in html
    assert '<span lang="en" dir="ltr">The group will share good practices' in html
    with translation.override("en"):
        english = render_to_string("workplans/pdf/version.html", prints.print_context(version))
    assert "El grupo" not in english and 'lang="en"' not in english
