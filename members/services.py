"""Workflows on people: appointing and ending delegations."""

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Delegate, MemberState, User
from .permissions import DELEGATE


@transaction.atomic
def appoint_delegate(
    *, user: User, member_state: MemberState, title: str, start_date: datetime.date
) -> Delegate:
    """Accredit `user` to `member_state`. An earlier open appointment ends the day before.

    One active state at a time: a person moving to another delegation keeps the old
    appointment as history rather than acting for two states.
    """
    if not member_state.is_active_member():
        raise ValidationError(
            {"member_state": _("%(state)s is not an active member state.") % {"state": member_state}}
        )
    locked_user = User.objects.select_for_update().get(pk=user.pk)
    for current in Delegate.objects.filter(user=locked_user, end_date__isnull=True):
        if current.start_date >= start_date:
            raise ValidationError(
                {
                    "start_date": _("The new appointment must start after %(date)s.")
                    % {"date": current.start_date}
                }
            )
        current.end_date = start_date - datetime.timedelta(days=1)
        current.save(update_fields=["end_date"])
    delegate = Delegate.objects.create(
        user=locked_user, member_state=member_state, title=title, start_date=start_date
    )
    locked_user.groups.add(Group.objects.get(name=DELEGATE))
    return delegate


@transaction.atomic
def end_appointment(*, delegate: Delegate, end_date: datetime.date) -> Delegate:
    locked = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if end_date < locked.start_date:
        raise ValidationError({"end_date": _("The appointment cannot end before it starts.")})
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    return locked
