"""Staff enter the translation of a version, paragraph by paragraph, beside the original."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from groups.forms import add_form_errors
from members import translation_status as ts
from members.permissions import secretariat_required
from members.translated_forms import warn_stale

from .. import permissions
from ..models import Paragraph, ParagraphTranslation, Section, SectionTranslation
from ..services import translations as services
from ..translation_forms import VersionTranslationForm
from .access import get_version


@secretariat_required
def translate_version(request, pk, number, language):
    version = get_version(request, pk, number)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES) or language == version.original_language:
        raise Http404
    sections = list(version.sections.order_by("number"))
    paragraphs = list(version.paragraphs.order_by("number"))
    form = VersionTranslationForm(
        request.POST or None,
        language=language,
        sections=sections,
        paragraphs=paragraphs,
        headings=dict(
            SectionTranslation.objects.filter(section__version=version, language=language).values_list(
                "section_id", "heading"
            )
        ),
        texts=dict(
            ParagraphTranslation.objects.filter(paragraph__version=version, language=language).values_list(
                "paragraph_id", "text"
            )
        ),
        stamps=ts.passage_stamps(model=Section, object_ids=[s.pk for s in sections], language=language)
        | ts.passage_stamps(model=Paragraph, object_ids=[p.pk for p in paragraphs], language=language),
    )
    if request.method == "POST" and form.is_valid():
        headings, texts = form.entries()
        try:
            saved = services.save_version_translation(
                version=version,
                language=language,
                headings=headings,
                texts=texts,
                user=request.user,
                seen=form.seen(),
                confirmed=form.confirmed(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The %(language)s text of version %(number)s is saved.")
                % {"language": get_language_info(language)["name_translated"], "number": version.number},
            )
            warn_stale(request, saved.stale)
            return redirect("workplans:translate_version", pk=pk, number=number, language=language)
    return render(
        request,
        "workplans/version_translate.html",
        {
            "version": version,
            "plan": version.plan,
            "form": form,
            "language": language,
            "languages": [code for code, _name in settings.LANGUAGES if code != version.original_language],
        },
    )
