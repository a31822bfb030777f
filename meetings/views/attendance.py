"""Attendance: staff record it state by state, delegations check in, lists export as CSV."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import permissions, services
from meetings.forms import (
    AttendanceForm,
    CheckInForm,
    ObserverForm,
    add_form_errors,
)
from meetings.models import Attendance, AttendanceSummary, Meeting, Observer, Registration
from members.models import MemberState
from members.permissions import secretariat_required

from .access import staff_meeting, visible_meeting
from .attendance_rows import RowRenderer, plain_form_html

# A delegation registered to attend in this mode is expected in this attendance status.
EXPECTED = {
    Registration.Mode.IN_PERSON: Attendance.Status.PRESENT_IN_PERSON,
    Registration.Mode.ONLINE: Attendance.Status.PRESENT_ONLINE,
}


def _attendance_rows(meeting, states=None, records=None, supporting=None, expected=None):
    """Every active member state with its record (or None) and, from the registrations, how it is
    expected. Staff confirm at the meeting; nothing is saved before."""
    if records is None:
        records = list(meeting.attendances.select_related("confirmed_by"))
    by_state = {a.member_state_id: a for a in records}
    if expected is None:
        expected = {
            state: EXPECTED[mode] for state, mode in Registration.objects.modes_by_state(meeting).items()
        }
    if supporting is None:
        supporting = meeting.supporting_state_ids()
    if states is None:
        states = MemberState.objects.active().order_by("name")
    else:
        states = [state for state in states if state.status == MemberState.Status.ACTIVE]
    return [
        {
            "state": state,
            "attendance": by_state.get(state.pk),
            "supporting": state.pk in supporting,
            "expected": expected.get(state.pk, ""),
        }
        for state in states
    ]


# A meeting's record of a state, read along with the state (at most one: attendance_one_per_state).
RECORD_FIELDS = ("id", "status", "note", "delegation_members", "checked_in_by_delegate", "confirmed_by_id")


@secretariat_required
def attendance(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_record_attendance)
    # One query for the rows, the counts and the observer form's choices: every state with
    # whether it supports the group on the meeting's date, its record of this meeting ...
    current = meeting.group.memberships.current(meeting.local_date()).filter(member_state=OuterRef("pk"))
    # ... and how many of each state's delegates registered to come in person or online.
    registered = Q(registrations__meeting=meeting, registrations__cancelled_at__isnull=True)
    every_state = list(
        MemberState.objects.order_by("name")
        .annotate(
            record=FilteredRelation("attendances", condition=Q(attendances__meeting=meeting)),
            **{f"record_{name}": F(f"record__{name}") for name in RECORD_FIELDS},
        )
        .annotate(
            supports=Exists(current),
            in_person=Count(
                "registrations", filter=registered & Q(registrations__mode=Registration.Mode.IN_PERSON)
            ),
            online=Count(
                "registrations", filter=registered & Q(registrations__mode=Registration.Mode.ONLINE)
            ),
        )
    )
    records = [
        Attendance(
            meeting=meeting,
            member_state=state,
            **{name: getattr(state, f"record_{name}") for name in RECORD_FIELDS},
        )
        for state in every_state
        if state.record_id is not None
    ]
    supporting = {state.pk for state in every_state if state.supports}
    # In person wins a tie, as Registration.objects.modes_by_state decides.
    expected = {
        state.pk: EXPECTED[
            Registration.Mode.IN_PERSON if state.in_person >= state.online else Registration.Mode.ONLINE
        ]
        for state in every_state
        if state.in_person or state.online
    }
    observer_form = ObserverForm()
    field = observer_form.fields["member_state"]
    field.choices = ([("", field.empty_label)] if field.empty_label is not None else []) + [
        (state.pk, field.label_from_instance(state)) for state in every_state
    ]
    rows = _attendance_rows(meeting, every_state, records, supporting, expected)
    context = {
        "meeting": meeting,
        "rows_html": RowRenderer(request, meeting).render_all(rows),
        "summary": AttendanceSummary.from_records(meeting, records, supporting),
        "observers": meeting.observers.select_related("member_state", "unit"),
        "observer_form_html": plain_form_html(observer_form),
    }
    return render(request, "meetings/attendance.html", context)


@require_POST
@secretariat_required
def attendance_record(request, pk, state_pk):
    meeting = staff_meeting(request, pk, permissions.can_record_attendance)
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
    html = RowRenderer(request, meeting).render(row)
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
    meeting = staff_meeting(request, pk, permissions.can_record_attendance)
    form = ObserverForm(request.POST)
    if form.is_valid():
        try:
            services.add_observer(meeting=meeting, by=request.user, **form.cleaned_data)
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
    meeting = visible_meeting(request, pk)
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
    meeting = visible_meeting(request, pk)
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
