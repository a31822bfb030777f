"""The translation status page and the form that fills one object's gaps in one language."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from groups.models import WorkingGroup
from members import translation_status as ts
from members.permissions import secretariat_required

from . import translation_passages, translations
from .translation_forms import StatusFilterForm, TranslationForm, language_name


@secretariat_required
def status(request):
    groups = list(WorkingGroup.objects.visible_to(request.user).order_by("pk"))
    form = StatusFilterForm(request.GET or None, groups=groups)
    found = translations.entries() + translation_passages.entries()
    chosen = form.cleaned_data if form.is_valid() else {}
    shown = translations.filtered(
        found, group=chosen.get("group", ""), language=chosen.get("language", ""), statuses=form.statuses()
    )
    counted = translations.counts(found)
    keys = [(str(group.pk), group.name) for group in groups] + [
        (translations.NO_GROUP, _("Not tied to a group"))
    ]
    languages = [(code, language_name(code)) for code, _name in settings.LANGUAGES]
    table = [
        {
            "key": key,
            "name": name,
            "cells": [
                {
                    "language": code,
                    "missing": counted[(key, code, ts.Status.MISSING)],
                    "outdated": counted[(key, code, ts.Status.OUTDATED)],
                }
                for code, _name in languages
            ],
        }
        for key, name in keys
    ]
    group_names, language_names = dict(keys), dict(languages)
    listed = [
        {
            "entry": entry,
            "group": group_names.get(entry.group_key, ""),
            "language": language_names[entry.status.language],
        }
        for entry in shown
    ]
    context = {"form": form, "table": table, "languages": languages, "entries": listed}
    return render(request, "translations/status.html", context)


def _object_or_404(model_label: str, pk: int):
    model = translations.model_for(model_label)
    obj = model._default_manager.filter(pk=pk).first() if model else None
    if obj is None:
        raise Http404
    return obj


@secretariat_required
def translate(request, model_label, pk, language):
    obj = _object_or_404(model_label, pk)
    if language not in dict(settings.LANGUAGES) or language == ts.original_language_of(obj):
        raise Http404
    form = TranslationForm(request.POST or None, obj=obj, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            ts.save_translations(
                obj=obj,
                language=language,
                texts=form.texts(),
                seen=form.seen(),
                confirmed=form.confirmed(),
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                name = field.removesuffix(f"_{language}")
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("The translation was saved (%(language)s).") % {"language": language_name(language)},
            )
            return redirect(reverse("translations:translate", args=[model_label, pk, language]))
    context = {
        "form": form,
        "obj": obj,
        "kind": obj._meta.verbose_name,
        "language": language,
        "language_name": language_name(language),
        "original_language": form.original_language,
        "original_language_name": language_name(form.original_language),
    }
    return render(request, "translations/translate.html", context, status=422 if form.errors else 200)
