import csv
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from groups.models import WorkingGroup
from members.models import MemberState, User
from members.permissions import SecretariatRequiredMixin, active_delegation, secretariat_required

from . import permissions, services
from .calendar import feed_ics, meeting_ics
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    CheckInForm,
    CopyForm,
    DocumentForm,
    MeetingFilterForm,
    MeetingForm,
    MeetingSettingsForm,
    MoveForm,
    ObserverForm,
    PostponeForm,
    PresentationForm,
    add_form_errors,
)
from .models import AgendaItem, Attendance, Document, Meeting, Observer, Presentation


def _visible_meeting(request, pk) -> Meeting:
    queryset = Meeting.objects.visible_to(request.user).select_related("group", "room", "convening_unit")
    return get_object_or_404(queryset, pk=pk)


def _staff_meeting(request, pk, rule=None) -> Meeting:
    """A meeting staff may act on: 404 if invisible, 403 if the rule (user, meeting) refuses."""
    meeting = _visible_meeting(request, pk)
    if not permissions.can_manage_meetings(request.user) or (rule and not rule(request.user, meeting)):
        raise PermissionDenied
    return meeting


# Public pages


class MeetingListView(ListView):
    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self):
        meetings = Meeting.objects.visible_to(self.request.user).select_related("group", "room")
        self.filter_form = MeetingFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["group"]:
                meetings = meetings.filter(group=data["group"])
            if data["year"]:
                meetings = meetings.filter(starts_at__year=data["year"])
            if data["status"]:
                meetings = meetings.filter(status=data["status"])
        return meetings.order_by("-starts_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class MeetingDetailView(DetailView):
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related(
            "group", "room", "convening_unit", "minutes"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        minutes = getattr(meeting, "minutes", None)  # loaded with the meeting
        context["minutes"] = minutes if minutes and permissions.can_see_minutes(user, minutes) else None
        documents = list(Document.objects.visible_to(user).filter(meeting=meeting).order_by("number"))
        by_item = defaultdict(list)
        for document in documents:
            by_item[document.agenda_item_id].append(document)
        items = list(meeting.agenda_items.order_by("position", "pk"))
        for item in items:
            item.visible_documents = by_item.get(item.pk, [])
        visible_ids = {document.pk for document in documents}
        presentations = list(
            meeting.presentations.select_related("unit", "member_state", "agenda_item").order_by("position")
        )
        for presentation in presentations:
            presentation.visible_slides = (
                presentation.slides_id if presentation.slides_id in visible_ids else None
            )
        context.update(
            agenda_items=items,
            meeting_documents=by_item.get(None, []),
            all_documents=documents,
            presentations=presentations,
            date_changes=list(meeting.date_changes.order_by("changed_at")),
            can_see_video_link=permissions.can_see_video_link(user, meeting),
            can_manage=permissions.can_manage_meetings(user),
            can_edit=permissions.can_edit_meeting(user, meeting),
            can_see_attendance_list=permissions.can_see_attendance_list(user, meeting),
        )
        if meeting.has_taken_place():
            context["summary"] = meeting.attendance_summary()
        if permissions.can_check_in(user, meeting):
            delegation = active_delegation(user)
            context["check_in_form"] = CheckInForm()
            context["my_attendance"] = meeting.attendances.filter(
                member_state=delegation.member_state
            ).first()
        return context


def document_download(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name(),
        content_type=document.content_type,
    )


# Calendars


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_calendar(request, pk):
    meeting = _visible_meeting(request, pk)
    return _ics_response(meeting_ics(meeting, user=request.user), f"meeting-{meeting.uid}.ics")


def group_calendar(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    meetings = Meeting.objects.visible_to(request.user).filter(group=group).select_related("group", "room")
    return _ics_response(feed_ics(meetings, user=request.user, name=group.name), f"{group.slug}.ics")


def personal_calendar(request, token):
    owner = get_object_or_404(User, calendar_token=token, is_active=True)
    meetings = Meeting.objects.visible_to(owner).select_related("group", "room")
    return _ics_response(feed_ics(meetings, user=owner, name=_("My meetings")), "plenary.ics")


@require_POST
@login_required
def regenerate_calendar_token(request):
    services.regenerate_calendar_token(user=request.user)
    messages.success(request, _("Your private calendar address was replaced; the old one no longer works."))
    return redirect("meetings:list")


# Staff: meetings


class MeetingCreateView(SecretariatRequiredMixin, DetailView):
    template_name = "meetings/meeting_form.html"
    context_object_name = "group"

    def get_queryset(self):
        return WorkingGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MeetingForm(group=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        form = MeetingForm(request.POST, group=group)
        if form.is_valid():
            try:
                meeting = services.create_meeting(group=group, **form.service_fields())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("%(meeting)s saved as a draft.") % {"meeting": meeting})
                return redirect("meetings:agenda", pk=meeting.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MeetingEditView(SecretariatRequiredMixin, DetailView):
    template_name = "meetings/meeting_form.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related("group")

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        if not permissions.can_edit_meeting(self.request.user, meeting):
            raise PermissionDenied
        return meeting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.object.group
        context.setdefault("form", MeetingForm(instance=self.object, group=self.object.group))
        return context

    def post(self, request, *args, **kwargs):
        self.object = meeting = self.get_object()
        form = MeetingForm(request.POST, instance=Meeting.objects.get(pk=meeting.pk), group=meeting.group)
        if form.is_valid():
            try:
                services.update_meeting(meeting=meeting, **form.service_fields())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect(meeting)
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
@secretariat_required
def schedule(request, pk):
    meeting = _staff_meeting(request, pk)
    try:
        services.schedule_meeting(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is scheduled."))
    return redirect(meeting)


@require_POST
@secretariat_required
def mark_held(request, pk):
    meeting = _staff_meeting(request, pk)
    try:
        services.mark_held(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is recorded as held."))
    return redirect(meeting)


def _meeting_action(request, pk, *, form_class, template, act, success):
    meeting = _staff_meeting(request, pk)
    if request.method == "POST":
        form = form_class(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                result = act(meeting, form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, success)
                return redirect(result)
    else:
        form = form_class(meeting=meeting)
    return render(request, template, {"meeting": meeting, "form": form})


@secretariat_required
def postpone(request, pk):
    return _meeting_action(
        request,
        pk,
        form_class=PostponeForm,
        template="meetings/meeting_postpone.html",
        act=lambda meeting, data: services.postpone_meeting(
            meeting=meeting,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            reason=data["reason"],
            changed_by=request.user,
        ),
        success=_("The meeting is postponed; the earlier date is kept in its history."),
    )


@secretariat_required
def cancel(request, pk):
    return _meeting_action(
        request,
        pk,
        form_class=CancelForm,
        template="meetings/meeting_cancel.html",
        act=lambda meeting, data: services.cancel_meeting(meeting=meeting, reason=data["reason"]),
        success=_("The meeting is cancelled."),
    )


@secretariat_required
def copy(request, pk):
    return _meeting_action(
        request,
        pk,
        form_class=CopyForm,
        template="meetings/meeting_copy.html",
        act=lambda meeting, data: services.copy_meeting(
            meeting=meeting, starts_at=data["starts_at"], ends_at=data["ends_at"], title=data["title"]
        ),
        success=_("The next meeting is prepared as a draft, with the same agenda."),
    )


class MeetingSettingsView(SecretariatRequiredMixin, DetailView):
    template_name = "meetings/meeting_settings.html"
    context_object_name = "group"

    def get_queryset(self):
        return WorkingGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MeetingSettingsForm(instance=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        if not permissions.can_manage_meetings(request.user):
            raise PermissionDenied
        form = MeetingSettingsForm(request.POST, instance=WorkingGroup.objects.get(pk=group.pk))
        if form.is_valid():
            try:
                services.update_meeting_settings(group=group, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Meeting settings saved."))
                return redirect(group)
        return self.render_to_response(self.get_context_data(form=form))


# Staff: agenda


def _agenda_context(meeting, *, focus=None, form=None):
    return {
        "meeting": meeting,
        "agenda_items": list(meeting.agenda_items.order_by("position", "pk")),
        "focus": focus or {},
        "form": form or AgendaItemForm(),
        "can_edit_agenda": True,
    }


@secretariat_required
def agenda(request, pk):
    meeting = _staff_meeting(request, pk, permissions.can_edit_agenda)
    return render(request, "meetings/agenda.html", _agenda_context(meeting))


@require_POST
@secretariat_required
def agenda_add(request, pk):
    meeting = _staff_meeting(request, pk, permissions.can_edit_agenda)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Agenda item added."))
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(request, "meetings/agenda.html", _agenda_context(meeting, form=form))


def _staff_item(request, pk) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)).select_related(
            "meeting"
        ),
        pk=pk,
    )
    if not permissions.can_edit_agenda(request.user, item.meeting):
        raise PermissionDenied
    return item


@secretariat_required
def agenda_item_edit(request, pk):
    item = _staff_item(request, pk)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(item=item, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Agenda item saved."))
            return redirect("meetings:agenda", pk=item.meeting_id)
    return render(
        request, "meetings/agenda_item_form.html", {"item": item, "meeting": item.meeting, "form": form}
    )


@require_POST
@secretariat_required
def agenda_item_delete(request, pk):
    item = _staff_item(request, pk)
    services.delete_agenda_item(item=item)
    messages.success(request, _("Agenda item removed."))
    return redirect("meetings:agenda", pk=item.meeting_id)


@require_POST
@secretariat_required
def agenda_item_move(request, pk):
    item = _staff_item(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        direction = form.cleaned_data["direction"]
        services.move_agenda_item(item=item, direction=direction)
        if request.htmx:
            context = _agenda_context(item.meeting, focus={"item": item.pk, "direction": direction})
            return render(request, "meetings/agenda.html#agenda-list", context)
    return redirect("meetings:agenda", pk=item.meeting_id)


@require_POST
@secretariat_required
def agenda_reorder(request, pk):
    meeting = _staff_meeting(request, pk, permissions.can_edit_agenda)
    try:
        order = [int(value) for value in request.POST.getlist("item")]
        services.reorder_agenda(meeting=meeting, item_ids=order)
    except (ValueError, ValidationError):
        messages.error(request, _("The agenda changed meanwhile; reload the page and try again."))
    if request.htmx:
        return render(request, "meetings/agenda.html#agenda-list", _agenda_context(meeting))
    return redirect("meetings:agenda", pk=meeting.pk)


# Staff: presentations and documents


@secretariat_required
def presentations(request, pk):
    meeting = _staff_meeting(request, pk, permissions.can_edit_agenda)
    form = PresentationForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_presentation(meeting=meeting, **form.cleaned_data)
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
    meeting = _staff_meeting(request, pk, permissions.can_edit_agenda)
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
    rows = meeting.documents.select_related("agenda_item", "uploaded_by").order_by("number")
    return render(request, "meetings/documents.html", {"meeting": meeting, "form": form, "rows": rows})


@require_POST
@secretariat_required
def document_delete(request, pk):
    document = get_object_or_404(Document.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    if not permissions.can_edit_agenda(request.user, document.meeting):
        raise PermissionDenied
    services.remove_document(document=document)
    messages.success(request, _("%(symbol)s removed.") % {"symbol": document.symbol})
    return redirect("meetings:documents", pk=document.meeting_id)


# Attendance


def _attendance_rows(meeting):
    """Every active member state with its record (or None): three queries for all states."""
    records = {a.member_state_id: a for a in meeting.attendances.select_related("confirmed_by")}
    supporting = meeting.supporting_state_ids()
    states = MemberState.objects.active().order_by("name")
    return [
        {"state": state, "attendance": records.get(state.pk), "supporting": state.pk in supporting}
        for state in states
    ]


@secretariat_required
def attendance(request, pk):
    meeting = _staff_meeting(request, pk, permissions.can_record_attendance)
    context = {
        "meeting": meeting,
        "rows": _attendance_rows(meeting),
        "summary": meeting.attendance_summary(),
        "statuses": Attendance.Status.choices,
        "observers": meeting.observers.select_related("member_state", "unit"),
        "observer_form": ObserverForm(),
    }
    return render(request, "meetings/attendance.html", context)


@require_POST
@secretariat_required
def attendance_record(request, pk, state_pk):
    meeting = _staff_meeting(request, pk, permissions.can_record_attendance)
    member_state = get_object_or_404(MemberState, pk=state_pk)
    form = AttendanceForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.record_attendance(
                meeting=meeting, member_state=member_state, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose present in person, present online, absent or excused.")
    if not request.htmx:
        if error:
            messages.error(request, f"{member_state}: {error}")
        else:
            messages.success(request, _("%(state)s recorded.") % {"state": member_state})
        return redirect("meetings:attendance", pk=meeting.pk)
    return _attendance_fragment(request, meeting, member_state, error=error)


def _attendance_fragment(request, meeting, member_state, *, error=None):
    """The state's row and, out of band, the running totals."""
    row = {
        "state": member_state,
        "attendance": meeting.attendances.filter(member_state=member_state)
        .select_related("confirmed_by")
        .first(),
        "supporting": member_state.pk in meeting.supporting_state_ids(),
        "error": error,
        "saved": not error,
    }
    context = {"meeting": meeting, "row": row, "statuses": Attendance.Status.choices}
    html = render_to_string("meetings/attendance.html#row", context, request=request)
    html += render_to_string(
        "meetings/attendance.html#totals",
        {"meeting": meeting, "summary": meeting.attendance_summary(), "oob": True},
        request=request,
    )
    # htmx swaps only 2xx responses by default; the row itself carries the error.
    return HttpResponse(html)


@require_POST
@secretariat_required
def attendance_confirm(request, pk):
    record = get_object_or_404(
        Attendance.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)).select_related(
            "meeting"
        ),
        pk=pk,
    )
    if not permissions.can_confirm_check_in(request.user, record):
        raise PermissionDenied
    services.confirm_check_in(attendance=record, confirmed_by=request.user)
    if request.htmx:
        return _attendance_fragment(request, record.meeting, record.member_state)
    messages.success(request, _("Check-in of %(state)s confirmed.") % {"state": record.member_state})
    return redirect("meetings:attendance", pk=record.meeting_id)


@require_POST
@secretariat_required
def observer_add(request, pk):
    meeting = _staff_meeting(request, pk, permissions.can_record_attendance)
    form = ObserverForm(request.POST)
    if form.is_valid():
        try:
            services.add_observer(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
    if form.errors:
        messages.error(
            request, _("The observer was not added: %(errors)s") % {"errors": form.errors.as_text()}
        )
    else:
        messages.success(request, _("Observer added."))
    return redirect("meetings:attendance", pk=meeting.pk)


@require_POST
@secretariat_required
def observer_delete(request, pk):
    observer = get_object_or_404(
        Observer.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)).select_related(
            "meeting"
        ),
        pk=pk,
    )
    if not permissions.can_record_attendance(request.user, observer.meeting):
        raise PermissionDenied
    observer.delete()
    messages.success(request, _("Observer removed."))
    return redirect("meetings:attendance", pk=observer.meeting_id)


@require_POST
def check_in(request, pk):
    meeting = _visible_meeting(request, pk)
    if not permissions.can_check_in(request.user, meeting):
        raise PermissionDenied
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose present in person or present online."))
        return redirect(meeting)
    try:
        services.delegate_check_in(meeting=meeting, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your delegation is checked in; the secretariat will confirm."))
    return redirect(meeting)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """Spreadsheets run cells that start like a formula; a leading quote keeps them text."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def attendance_csv(request, pk):
    meeting = _visible_meeting(request, pk)
    if not permissions.can_see_attendance_list(request.user, meeting):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="attendance-{meeting.group.slug}-{meeting.number}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Member state"),
            _("ISO code"),
            _("Supporting state"),
            _("Presence"),
            _("Attendance"),
            _("Delegation members present"),
            _("Note"),
            _("Checked in by the delegation"),
            _("Confirmed by the secretariat"),
        ]
    )
    for row in _attendance_rows(meeting):
        record = row["attendance"]
        present = record is not None and record.is_present()
        writer.writerow(
            spreadsheet_safe(value)
            for value in [
                row["state"].name,
                row["state"].iso3,
                _("Yes") if row["supporting"] else _("No"),
                _("Present") if present else _("Not present"),
                record.get_status_display() if record else _("Not recorded"),
                record.delegation_members if record else "",
                record.note if record else "",
                _("Yes") if record and record.checked_in_by_delegate else _("No"),
                _("Yes") if record and record.confirmed_by_id else _("No"),
            ]
        )
    return response


def group_meetings_context(group, user, now=None) -> dict:
    """For the group page: upcoming and recent meetings, two queries."""
    now = now or timezone.now()
    meetings = Meeting.objects.visible_to(user).filter(group=group).select_related("room")
    return {
        "upcoming_meetings": list(meetings.upcoming(now)[:5]),
        "past_meetings": list(meetings.past(now)[:10]),
        "can_manage_meetings": permissions.can_manage_meetings(user),
    }
