"""Minutes pages: read, write, circulate, correct, approve, publish; stored PDFs served as files."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import permissions
from meetings.forms import add_form_errors
from meetings.models import Meeting, attendance_fingerprint, attendance_rows
from meetings.models.registration import participant_rows, participants_fingerprint
from members.enqueue import enqueue_now
from members.permissions import delegation_state, secretariat_required

from . import printing, services, tasks, translations
from .forms import ApproveForm, CirculateForm, CorrectionForm, MinutesForm
from .models import Minutes, PrintedDocument, print_language


def _visible_minutes(request, pk) -> Minutes:
    """The minutes of meeting `pk`, if this user may read them (404 otherwise)."""
    queryset = Minutes.objects.visible_to(request.user).select_related(
        "meeting__group", "meeting__room", "approved_at_meeting", "next_meeting"
    )
    return get_object_or_404(queryset, meeting_id=pk, meeting__in=Meeting.objects.visible_to(request.user))


def _staff_minutes(request, pk) -> Minutes:
    minutes = _visible_minutes(request, pk)
    if not permissions.can_manage_minutes(request.user):
        raise PermissionDenied
    return minutes


def _page(request, minutes: Minutes, *, correction_form=None, status=200):
    user = request.user
    can_manage = permissions.can_manage_minutes(user)
    corrections = minutes.corrections.select_related("member_state", "submitted_by")
    if not can_manage:
        corrections = corrections.filter(member_state=delegation_state(user))
    can_correct = permissions.can_send_correction(user, minutes)
    attendance, totals = attendance_rows(minutes.meeting)
    items = list(minutes.items.all())
    translations.show_in_language(minutes, items, get_language())
    context = {
        "attendance": attendance,
        "totals": totals,
        "minutes": minutes,
        "meeting": minutes.meeting,
        "items": items,
        "decisions": list(minutes.decisions.all()),
        "corrections": list(corrections),
        "revisions": list(minutes.revisions.select_related("created_by")) if can_manage else [],
        "printed": PrintedDocument.objects.filter(
            meeting=minutes.meeting,
            kind=PrintedDocument.Kind.MINUTES,
            language=print_language(get_language()),
        )
        .only("rendered_at", "fingerprint")
        .first(),
        "can_manage": can_manage,
        # Staff translate into the page's language, or the first other one on the original's page.
        "translate_into": next(
            code for code in [get_language(), *dict(settings.LANGUAGES)] if code != minutes.original_language
        ),
        "correction_form": (correction_form or CorrectionForm()) if can_correct else None,
    }
    return render(request, "meetings/minutes/minutes_detail.html", context, status=status)


def minutes_detail(request, pk):
    return _page(request, _visible_minutes(request, pk))


@require_POST
@secretariat_required
def minutes_start(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    if not permissions.can_manage_minutes(request.user):
        raise PermissionDenied
    try:
        services.start_minutes(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(request, _("Draft minutes are ready, one section per agenda item."))
    return redirect("meetings:minutes_edit", pk=meeting.pk)


def _edit(request, pk, *, correcting: bool):
    minutes = _staff_minutes(request, pk)
    if correcting != minutes.is_approved():
        if minutes.is_approved():
            messages.error(request, services.NOT_EDITABLE)
        else:
            messages.info(request, _("These minutes are not approved yet: edit them directly."))
        return redirect(minutes)
    form = MinutesForm(request.POST or None, minutes=minutes, with_reason=correcting)
    if request.method == "POST" and form.is_valid():
        try:
            if correcting:
                services.correct_approved_minutes(
                    minutes=minutes, by=request.user, reason=form.cleaned_data["reason"], **form.changes()
                )
            else:
                services.update_minutes(minutes=minutes, **form.changes())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("A corrected revision is recorded; the earlier text is kept.")
                if correcting
                else _("The minutes are saved."),
            )
            return redirect(minutes)
    return render(
        request,
        "meetings/minutes/minutes_form.html",
        {"minutes": minutes, "meeting": minutes.meeting, "form": form, "correcting": correcting},
    )


@secretariat_required
def minutes_edit(request, pk):
    return _edit(request, pk, correcting=False)


@secretariat_required
def minutes_correct(request, pk):
    return _edit(request, pk, correcting=True)


def _step(request, pk, *, form_class, template, act, success):
    minutes = _staff_minutes(request, pk)
    kwargs = {"minutes": minutes} if form_class is ApproveForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            act(minutes, form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(minutes)
    return render(request, template, {"minutes": minutes, "meeting": minutes.meeting, "form": form})


@secretariat_required
def minutes_circulate(request, pk):
    return _step(
        request,
        pk,
        form_class=CirculateForm,
        template="meetings/minutes/minutes_circulate.html",
        act=lambda minutes, data: services.circulate_minutes(
            minutes=minutes, corrections_until=data["corrections_until"], by=request.user
        ),
        success=_("The minutes are circulated to the delegations."),
    )


@secretariat_required
def minutes_approve(request, pk):
    return _step(
        request,
        pk,
        form_class=ApproveForm,
        template="meetings/minutes/minutes_approve.html",
        act=lambda minutes, data: services.approve_minutes(minutes=minutes, at_meeting=data["at_meeting"]),
        success=_("The minutes are recorded as approved."),
    )


@require_POST
@secretariat_required
def minutes_publish(request, pk):
    minutes = _staff_minutes(request, pk)
    try:
        services.publish_minutes(minutes=minutes)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes are published."))
    return redirect(minutes)


@require_POST
def minutes_correction(request, pk):
    minutes = _visible_minutes(request, pk)
    if not permissions.can_send_correction(request.user, minutes):
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.submit_correction(minutes=minutes, user=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your correction was sent to the secretariat."))
            return redirect(minutes)
    return _page(request, minutes, correction_form=form, status=400)


def _serve(request, printed: PrintedDocument, filename: str):
    """The stored file in its language, with an ETag: each rendering is a new file name, so the name identifies it."""
    etag = f'"{hashlib.sha256(printed.file.name.encode()).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag) or FileResponse(
        printed.file.open("rb"),
        as_attachment=False,
        filename=f"{filename}-{printed.language}.pdf",
        content_type="application/pdf",
    )
    response["ETag"] = etag
    response["Content-Language"] = printed.language
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _being_prepared(request, meeting, what: str):
    response = render(
        request, "meetings/minutes/pdf_pending.html", {"meeting": meeting, "what": what}, status=202
    )
    response["Retry-After"] = "5"
    return response


def _stored(meeting, kind: str, language: str, fingerprint: str) -> PrintedDocument | None:
    return PrintedDocument.objects.filter(
        meeting=meeting, kind=kind, language=language, fingerprint=fingerprint
    ).first()


def _stored_or_queued(
    request, meeting, *, kind, language, fingerprint, render_task, object_id, what, filename
):
    """Serve the stored PDF of this revision, or queue its rendering and say it is being prepared.

    The store is read again after queueing because without a broker the task has already run.
    """
    printed = _stored(meeting, kind, language, fingerprint)
    if printed is None:
        enqueue_now(render_task, object_id, language)
        printed = _stored(meeting, kind, language, fingerprint)
        if printed is None:
            return _being_prepared(request, meeting, what)
    return _serve(request, printed, filename)


def minutes_pdf(request, pk):
    """The stored PDF of the current minutes in the page's language.

    Rendering is a worker's job: when that PDF is missing or older than the minutes, it is
    queued here and the reader is told to come back.
    """
    minutes = _visible_minutes(request, pk)
    language = print_language(get_language())
    fingerprint = printing.minutes_fingerprint(minutes, language)
    return _stored_or_queued(
        request,
        minutes.meeting,
        kind=PrintedDocument.Kind.MINUTES,
        language=language,
        fingerprint=fingerprint,
        render_task=tasks.render_minutes_pdf,
        object_id=minutes.pk,
        what=_("The minutes"),
        filename=(minutes.symbol or f"minutes-{minutes.meeting_id}").replace("/", "-"),
    )


def attendance_pdf(request, pk):
    """The stored attendance list in the page's language, re-rendered by a worker when it changed."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"), pk=pk)
    if not permissions.can_see_attendance_list(request.user, meeting):
        raise PermissionDenied
    if not meeting.has_taken_place() and not meeting.attendances.exists():
        raise Http404
    language, fingerprint = print_language(get_language()), attendance_fingerprint(meeting)
    return _stored_or_queued(
        request,
        meeting,
        kind=PrintedDocument.Kind.ATTENDANCE,
        language=language,
        fingerprint=fingerprint,
        render_task=tasks.render_attendance_pdf,
        object_id=meeting.pk,
        what=_("The attendance list"),
        filename=f"attendance-meeting-{meeting.number}",
    )


@secretariat_required
def participants_pdf(request, pk):
    """The stored list of participants (from the registrations) in the page's language, made by a worker."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"), pk=pk)
    if not permissions.can_see_registrations(request.user, meeting):
        raise PermissionDenied
    language = print_language(get_language())
    with translation.override(language):
        fingerprint = participants_fingerprint(meeting, participant_rows(meeting))
    return _stored_or_queued(
        request,
        meeting,
        kind=PrintedDocument.Kind.PARTICIPANTS,
        language=language,
        fingerprint=fingerprint,
        render_task=tasks.render_participants_pdf,
        object_id=meeting.pk,
        what=_("The list of participants"),
        filename=f"participants-meeting-{meeting.number}",
    )
