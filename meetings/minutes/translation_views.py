"""Staff enter the minutes in another language, item by item beside the original."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from meetings.forms import add_form_errors
from members import translation_status as ts
from members.permissions import secretariat_required
from members.translated_forms import warn_stale

from . import translations
from .forms import MinutesTranslationForm
from .models import Minutes, MinutesItem, MinutesItemTranslation, MinutesTranslation
from .views import _staff_minutes


@secretariat_required
def minutes_translate(request, pk, language):
    minutes = _staff_minutes(request, pk)
    if language not in dict(settings.LANGUAGES) or language == minutes.original_language:
        raise Http404
    items = list(minutes.items.all())
    existing = {
        row.item_id: row
        for row in MinutesItemTranslation.objects.filter(item__minutes=minutes, language=language)
    }
    existing[None] = MinutesTranslation.objects.filter(minutes=minutes, language=language).first()
    stamps = {
        (Minutes, pk, field): value
        for (pk, field), value in ts.passage_stamps(
            model=Minutes, object_ids=[minutes.pk], language=language
        ).items()
    } | {
        (MinutesItem, pk, field): value
        for (pk, field), value in ts.passage_stamps(
            model=MinutesItem, object_ids=[item.pk for item in items], language=language
        ).items()
    }
    form = MinutesTranslationForm(
        request.POST or None,
        minutes=minutes,
        items=items,
        language=language,
        translations=existing,
        stamps=stamps,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = translations.save_minutes_translation(
                minutes=minutes,
                language=language,
                opening=form.cleaned_data["opening"],
                next_steps=form.cleaned_data["next_steps"],
                items=form.items_input(),
                by=request.user,
                seen=form.seen(),
                confirmed=form.confirmed(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The minutes in %(language)s are saved.")
                % {"language": get_language_info(language)["name_translated"]},
            )
            warn_stale(request, saved.stale)
            return redirect(minutes)
    return render(
        request,
        "meetings/minutes/minutes_translate.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "form": form,
            "language": language,
            "languages": [code for code, _name in settings.LANGUAGES if code != minutes.original_language],
        },
    )
