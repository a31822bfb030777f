"""Registration: each delegation says who attends and how; staff read it by state and download it."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from meetings import permissions, services
from meetings.models import Registration
from members.models import Delegate, MemberState
from members.permissions import active_delegation, secretariat_required

from .access import staff_meeting, visible_meeting
from .attendance import spreadsheet_safe


def _delegation_rows(meeting, member_state):
    """The state's accredited delegates, each with their active registration (two queries)."""
    registrations = {
        r.user_id: r
        for r in meeting.registrations.active()
        .filter(member_state=member_state)
        .select_related("registered_by")
    }
    delegates = (
        Delegate.objects.active()
        .filter(member_state=member_state, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [{"delegate": d, "registration": registrations.get(d.user_id)} for d in delegates]


@login_required
def registration(request, pk):
    meeting = visible_meeting(request, pk)
    if not permissions.can_register_for(request.user, meeting):
        raise PermissionDenied
    member_state = active_delegation(request.user).member_state
    for_colleagues = permissions.can_register_colleague(request.user, member_state)
    if request.method == "POST":
        _act(request, meeting, member_state, for_colleagues)
        return redirect("meetings:registration", pk=meeting.pk)
    rows = _delegation_rows(meeting, member_state)
    if not for_colleagues:
        rows = [row for row in rows if row["delegate"].user_id == request.user.pk]
    context = {
        "meeting": meeting,
        "member_state": member_state,
        "rows": rows,
        "for_colleagues": for_colleagues,
        "is_open": meeting.registration_is_open(),
        "modes": Registration.Mode.choices,
    }
    return render(request, "meetings/registration.html", context)


def _act(request, meeting, member_state, for_colleagues):
    try:
        if request.POST.get("action") == "cancel":
            record = get_object_or_404(
                meeting.registrations.active(), pk=_int(request.POST.get("registration"))
            )
            services.cancel_registration(registration=record, by=request.user)
            messages.success(request, _("Registration of %(person)s cancelled.") % {"person": record.user})
            return
        person_id = _int(request.POST.get("person")) or request.user.pk
        person = get_object_or_404(get_user_model(), pk=person_id)
        record = services.register(
            meeting=meeting, person=person, mode=request.POST.get("mode", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return
    messages.success(
        request,
        _("%(person)s is registered: %(mode)s.") % {"person": person, "mode": record.get_mode_display()},
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _state_rows(meeting):
    """Every supporting state with its active registrations: two queries whatever the number of states."""
    registrations: dict[int, list] = {}
    for record in meeting.registrations.active().select_related("user").order_by("user__full_name"):
        registrations.setdefault(record.member_state_id, []).append(record)
    states = MemberState.objects.filter(pk__in=meeting.supporting_state_ids()).order_by("name")
    return [{"state": state, "registrations": registrations.get(state.pk, [])} for state in states]


@secretariat_required
def registrations(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_see_registrations)
    rows = _state_rows(meeting)
    people = [record for row in rows for record in row["registrations"]]
    totals = {
        "in_person": sum(1 for r in people if r.mode == Registration.Mode.IN_PERSON),
        "online": sum(1 for r in people if r.mode == Registration.Mode.ONLINE),
        "states_registered": sum(1 for row in rows if row["registrations"]),
        "states_not_registered": sum(1 for row in rows if not row["registrations"]),
    }
    return render(
        request, "meetings/registrations.html", {"meeting": meeting, "rows": rows, "totals": totals}
    )


@secretariat_required
def registrations_csv(request, pk):
    meeting = staff_meeting(request, pk, permissions.can_see_registrations)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="participants-{meeting.group.slug}-{meeting.number}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Member state"), _("Participant"), _("Email"), _("Attends"), _("Registered by")])
    records = meeting.registrations.active().select_related("member_state", "user", "registered_by")
    for record in records.order_by("member_state__name", "user__full_name"):
        writer.writerow(
            spreadsheet_safe(value)
            for value in [
                record.member_state.name,
                record.user,
                record.user.email,
                record.get_mode_display(),
                record.registered_by or "",
            ]
        )
    return response
