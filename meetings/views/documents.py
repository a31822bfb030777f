"""A meeting's documents and presentations: download for readers, upload and remove for staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import permissions, services
from meetings.forms import (
    DocumentFileForm,
    DocumentForm,
    PresentationForm,
    add_form_errors,
)
from meetings.models import Document, DocumentFile, Meeting, Presentation
from members.permissions import secretariat_required

from .access import staff_meeting


def _serve(row: DocumentFile | None):
    if row is None:
        raise Http404
    return FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.download_name(),
        content_type=row.download_content_type(),
    )


def document_download(request, pk):
    """The paper's address from before it had language versions: the reader's language, else the original."""
    document = get_object_or_404(Document.objects.visible_to(request.user).prefetch_related("files"), pk=pk)
    return _serve(document.file_for(get_language()))


def document_file(request, pk, language):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    return _serve(document.files.filter(language=language).first())


@secretariat_required
def presentations(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_edit_agenda)
    form = PresentationForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_presentation(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Presentation added."))
            return redirect("meetings:presentations", pk=meeting.pk)
    rows = meeting.presentations.select_related("unit", "member_state", "slides", "agenda_item")
    return render(request, "meetings/presentations.html", {"meeting": meeting, "form": form, "rows": rows})


@require_POST
@secretariat_required
def presentation_delete(request, pk):
    presentation = get_object_or_404(
        Presentation.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)), pk=pk
    )
    if not permissions.can_edit_agenda(request.user, presentation.meeting):
        raise PermissionDenied
    presentation.delete()
    messages.success(request, _("Presentation removed."))
    return redirect("meetings:presentations", pk=presentation.meeting_id)


@secretariat_required
def documents(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_edit_agenda)
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.attach_document(
                meeting=meeting,
                upload=form.cleaned_data["file"],
                uploaded_by=request.user,
                **{
                    name: form.cleaned_data[name]
                    for name in ("title", "language", "is_public", "agenda_item")
                },
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("%(symbol)s uploaded.") % {"symbol": document.symbol})
            return redirect("meetings:documents", pk=meeting.pk)
    return _documents_page(request, meeting, form=form)


def _documents_page(request, meeting, *, form=None, file_form=None, file_form_for=None):
    rows = meeting.documents.select_related("agenda_item").prefetch_related("files").order_by("number")
    rows = list(rows)
    for row in rows:
        row.file_form = file_form if row.pk == file_form_for else DocumentFileForm(prefix=f"file{row.pk}")
    context = {
        "meeting": meeting,
        "form": form or DocumentForm(meeting=meeting),
        "rows": rows,
    }
    return render(request, "meetings/documents.html", context)


@require_POST
@secretariat_required
def document_file_upload(request, pk):
    """Staff add a language version of a paper, or replace one."""
    document = get_object_or_404(Document.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    if not permissions.can_edit_agenda(request.user, document.meeting):
        raise PermissionDenied
    form = DocumentFileForm(request.POST, request.FILES, prefix=f"file{document.pk}")
    if form.is_valid():
        try:
            row = services.add_document_file(
                document=document,
                upload=form.cleaned_data["file"],
                language=form.cleaned_data["language"],
                replace=form.cleaned_data["replace"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(symbol)s in %(language)s uploaded.")
                % {"symbol": document.symbol, "language": row.get_language_display()},
            )
            return redirect("meetings:documents", pk=document.meeting_id)
    return _documents_page(request, document.meeting, file_form=form, file_form_for=document.pk)


@require_POST
@secretariat_required
def document_delete(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    if not permissions.can_edit_agenda(request.user, document.meeting):
        raise PermissionDenied
    services.remove_document(document=document)
    messages.success(request, _("%(symbol)s removed.") % {"symbol": document.symbol})
    return redirect("meetings:documents", pk=document.meeting_id)
