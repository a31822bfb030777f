"""Accreditation by missions: invitations, requests, confirmation and the end of an appointment.

Every workflow checks who acts (a mission may act only for its own state) and runs in one
transaction; emails leave after commit through the tasks module.
"""

import csv
import datetime
import io

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import tasks
from .enqueue import enqueue_after_commit
from .models import AccreditationRequest, Delegate, Invitation, MemberState, User
from .permissions import active_delegation, can_manage_mission, can_name_focal_points, can_open_staff_pages
from .services import appoint_delegate, end_appointment

CSV_COLUMNS = ("email", "full_name", "title", "end_date")


def _accredited_elsewhere(email: str, member_state: MemberState) -> Delegate | None:
    return (
        Delegate.objects.active()
        .filter(user__email__iexact=email)
        .exclude(member_state=member_state)
        .select_related("member_state")
        .first()
    )


@transaction.atomic
def invite_delegate(
    *,
    member_state: MemberState,
    email: str,
    full_name: str,
    title: str,
    end_date: datetime.date | None,
    language: str,
    by: User,
) -> Invitation:
    if not can_manage_mission(by, member_state):
        raise PermissionDenied
    email = email.strip()
    if end_date is not None and end_date < timezone.localdate():
        raise ValidationError({"end_date": _("The accreditation cannot end in the past.")})
    other = _accredited_elsewhere(email, member_state)
    if other is not None:
        raise ValidationError(
            {
                "email": _("%(email)s is accredited to %(state)s; a person acts for one state at a time.")
                % {"email": email, "state": other.member_state}
            }
        )
    if Delegate.objects.active().filter(user__email__iexact=email, member_state=member_state).exists():
        raise ValidationError(
            {"email": _("%(email)s is already a delegate of this state.") % {"email": email}}
        )
    if Invitation.objects.filter(
        member_state=member_state,
        email__iexact=email,
        status=Invitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError({"email": _("An invitation to %(email)s is still open.") % {"email": email}})
    invitation = Invitation.objects.create(
        member_state=member_state,
        email=email,
        full_name=full_name.strip(),
        title=title,
        end_date=end_date,
        language=language,
        invited_by=by,
    )
    enqueue_after_commit(tasks.send_invitation, invitation.pk)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_manage_mission(by, locked.member_state):
        raise PermissionDenied
    if locked.status not in (Invitation.Status.PENDING, Invitation.Status.ACCEPTED):
        raise ValidationError(_("This invitation can no longer be withdrawn."))
    locked.status = Invitation.Status.REVOKED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


def _appoint(invitation: Invitation, user: User) -> Delegate:
    delegate = appoint_delegate(
        user=user,
        member_state=invitation.member_state,
        title=invitation.title,
        start_date=timezone.localdate(),
    )
    if invitation.end_date:
        delegate.end_date = invitation.end_date
        delegate.save(update_fields=["end_date"])
    return delegate


def _invited_at_once(member_state: MemberState) -> bool:
    """The groups the state supports decide (groups.accreditation); without a rule, staff confirm."""
    path = getattr(settings, "PLENARY_INVITED_AT_ONCE", "")
    return bool(path) and import_string(path)(member_state)


@transaction.atomic
def accept_invitation(*, token, user: User, now=None) -> Invitation:
    """The invited person, signed in with the invited (verified) address, takes up the invitation once."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("member_state__mission")
        .filter(token=token)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This invitation does not exist."))
    if locked.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been used or withdrawn."))
    if not locked.is_usable(now):
        raise ValidationError(_("This invitation has expired. Ask the mission to send a new one."))
    if not EmailAddress.objects.filter(user=user, email__iexact=locked.email, verified=True).exists():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address, once it is verified.")
            % {"email": locked.email}
        )
    other = _accredited_elsewhere(locked.email, locked.member_state)
    if other is not None:
        raise ValidationError(
            _("You are accredited to %(state)s; a person acts for one state at a time.")
            % {"state": other.member_state}
        )
    locked.status = Invitation.Status.ACCEPTED
    locked.accepted_by = user
    locked.accepted_at = timezone.now()
    if not user.full_name:
        user.full_name = locked.full_name
        user.save(update_fields=["full_name"])
    if _invited_at_once(locked.member_state):
        _appoint(locked, user)
        locked.status = Invitation.Status.CONFIRMED
        locked.decided_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def confirm_invitation(*, invitation: Invitation, by: User) -> Invitation:
    if not can_open_staff_pages(by):
        raise PermissionDenied
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("member_state", "accepted_by")
        .get(pk=invitation.pk)
    )
    if locked.status != Invitation.Status.ACCEPTED:
        raise ValidationError(_("Only an accepted invitation can be confirmed."))
    _appoint(locked, locked.accepted_by)
    locked.status = Invitation.Status.CONFIRMED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    enqueue_after_commit(tasks.send_accreditation_confirmed, locked.pk)
    return locked


@transaction.atomic
def request_accreditation(
    *, user: User, member_state: MemberState, title: str, message: str = ""
) -> AccreditationRequest:
    if active_delegation(user) is not None:
        raise ValidationError(_("You are already accredited to a state."))
    if not member_state.is_active_member():
        raise ValidationError(
            {"member_state": _("%(state)s is not an active member state.") % {"state": member_state}}
        )
    if AccreditationRequest.objects.pending().filter(user=user).exists():
        raise ValidationError(_("You already have a request waiting for a decision."))
    return AccreditationRequest.objects.create(
        user=user, member_state=member_state, title=title, message=message.strip()
    )


@transaction.atomic
def decide_accreditation_request(
    *, accreditation_request: AccreditationRequest, by: User, approve: bool, reason: str
) -> AccreditationRequest:
    locked = (
        AccreditationRequest.objects.select_for_update(of=("self",))
        .select_related("member_state", "user")
        .get(pk=accreditation_request.pk)
    )
    if not can_manage_mission(by, locked.member_state):
        raise PermissionDenied
    if locked.status != AccreditationRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the person a reason for the decision.")})
    if approve:
        other = _accredited_elsewhere(locked.user.email, locked.member_state)
        if other is not None:
            raise ValidationError(
                _("%(person)s is accredited to %(state)s; a person acts for one state at a time.")
                % {"person": locked.user, "state": other.member_state}
            )
        appoint_delegate(
            user=locked.user,
            member_state=locked.member_state,
            title=locked.title,
            start_date=timezone.localdate(),
        )
    locked.status = AccreditationRequest.Status.APPROVED if approve else AccreditationRequest.Status.DECLINED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    enqueue_after_commit(tasks.send_accreditation_decision, locked.pk)
    return locked


@transaction.atomic
def end_accreditation(*, delegate: Delegate, by: User, end_date: datetime.date) -> Delegate:
    if not can_manage_mission(by, delegate.member_state):
        raise PermissionDenied
    if delegate.end_date is not None and delegate.end_date < timezone.localdate():
        raise ValidationError(_("This accreditation has already ended."))
    ended = end_appointment(delegate=delegate, end_date=end_date)
    if ended.is_focal_point:
        ended.is_focal_point = False
        ended.save(update_fields=["is_focal_point"])
    return ended


@transaction.atomic
def set_focal_point(*, delegate: Delegate, by: User, is_focal_point: bool) -> Delegate:
    if not can_name_focal_points(by, delegate.member_state):
        raise PermissionDenied
    locked = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if not locked.is_active():
        raise ValidationError(_("Only an accredited delegate can be the mission's focal point."))
    locked.is_focal_point = is_focal_point
    locked.save(update_fields=["is_focal_point"])
    return locked


def parse_mission_list(text: str) -> list[dict]:
    """Rows of a mission's CSV list (email, full_name, title, end_date), or a ValidationError naming each bad line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [column for column in CSV_COLUMNS[:2] if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(
            _("The file needs the columns %(columns)s.") % {"columns": ", ".join(CSV_COLUMNS)}
        )
    rows, errors = [], []
    titles = dict(Delegate.Title.choices)
    for line, row in enumerate(reader, start=2):
        email = (row.get("email") or "").strip()
        title = (row.get("title") or Delegate.Title.DELEGATE).strip()
        end = (row.get("end_date") or "").strip()
        if "@" not in email:
            errors.append(
                _("Line %(line)s: “%(email)s” is not an email address.") % {"line": line, "email": email}
            )
            continue
        if title not in titles:
            errors.append(_("Line %(line)s: unknown title “%(title)s”.") % {"line": line, "title": title})
            continue
        try:
            end_date = datetime.date.fromisoformat(end) if end else None
        except ValueError:
            errors.append(_("Line %(line)s: the end date must read YYYY-MM-DD.") % {"line": line})
            continue
        rows.append(
            {
                "email": email,
                "full_name": (row.get("full_name") or "").strip(),
                "title": title,
                "end_date": end_date,
            }
        )
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file lists nobody."))
    return rows


@transaction.atomic
def import_mission_list(*, member_state: MemberState, text: str, language: str, by: User) -> list[Invitation]:
    """Invite everyone on the list, or nobody: one bad line and nothing is sent."""
    invitations = []
    for line, row in enumerate(parse_mission_list(text), start=2):
        try:
            invitations.append(invite_delegate(member_state=member_state, language=language, by=by, **row))
        except ValidationError as error:
            raise ValidationError(
                _("Line %(line)s: %(problem)s") % {"line": line, "problem": " ".join(error.messages)}
            ) from error
    return invitations
