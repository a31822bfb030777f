"""Delegations register who will attend a meeting, and how, before its registration deadline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting, Registration
from members.models import Delegate
from members.permissions import active_delegation, leads_mission


def _check_open(meeting: Meeting, now) -> None:
    if not meeting.accepts_registrations():
        raise ValidationError(_("Registration is open only for scheduled meetings that are still to come."))
    if now > meeting.registration_deadline():
        raise ValidationError(_("Registration for this meeting has closed."))


def _check_may_act_for(by, member_state) -> None:
    """A delegate acts for themself; the mission's lead (focal point, Permanent Representative) for colleagues."""
    delegation = active_delegation(by)
    if delegation is None or delegation.member_state_id != member_state.pk:
        raise ValidationError(_("You may register only members of your own delegation."))
    if not leads_mission(by, member_state):
        raise ValidationError(
            _("Only your delegation's focal point or Permanent Representative may register colleagues.")
        )


def _lock(meeting: Meeting) -> Meeting:
    # Serialises registrations of one meeting against its postponement or cancellation.
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def register(*, meeting: Meeting, person, mode: str, by) -> Registration:
    """Register `person` (or change how they attend); refused with a message, nothing saved, when not allowed."""
    meeting = _lock(meeting)
    now = timezone.now()
    _check_open(meeting, now)
    if mode not in Registration.Mode.values:
        raise ValidationError({"mode": _("Choose in person or online.")})
    supporting = meeting.group.memberships.current(meeting.local_date()).values("member_state")
    delegate = (
        Delegate.objects.active()
        .filter(user=person, user__is_active=True, member_state__in=supporting)
        .select_related("member_state")
        .first()
    )
    if delegate is None:
        raise ValidationError(
            _("%(person)s is not an accredited delegate of a state that supports this group.")
            % {"person": person}
        )
    if by.pk != person.pk:
        _check_may_act_for(by, delegate.member_state)
    registration = (
        Registration.objects.select_for_update().active().filter(meeting=meeting, user=person).first()
    )
    if registration is None:
        registration = Registration(meeting=meeting, user=person, member_state=delegate.member_state)
    registration.mode = mode
    registration.registered_by = by
    registration.registered_at = now
    registration.save()
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, by) -> Registration:
    """Withdraw a registration before the deadline; the row stays, marked cancelled."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active():
        raise ValidationError(_("This registration was already cancelled."))
    _check_open(_lock(registration.meeting), timezone.now())
    if by.pk != registration.user_id:
        _check_may_act_for(by, registration.member_state)
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["cancelled_at"])
    return registration
