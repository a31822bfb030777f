"""Who a user is to Plenary. Roles are Django groups; object rules live in each app."""

from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Delegate

SECRETARIAT = "Secretariat"
DELEGATE = "Delegate"


def with_roles(users):
    """The users with their roles and whether the account has a second factor, in the same query.

    The signed-in user is loaded this way (members.auth_backends), so a page learns who is
    secretariat or delegate without a query of its own. Only the two roles Plenary checks are
    read: `_group_names` below never asks for any other.
    """
    through = users.model.groups.through.objects.filter(user_id=OuterRef("pk"))
    return users.annotate(
        _plenary_in_secretariat=Exists(through.filter(group__name=SECRETARIAT)),
        _plenary_in_delegate=Exists(through.filter(group__name=DELEGATE)),
        _plenary_has_mfa=Exists(
            Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        ),
    )


def _group_names(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    # Cached on the user object: templates and permission checks ask many times per request.
    cached = getattr(user, "_plenary_group_names", None)
    if cached is None and hasattr(user, "_plenary_in_secretariat"):
        # Loaded through with_roles (the request's user): the roles came with the user's row.
        cached = frozenset(
            name
            for name, member in (
                (SECRETARIAT, user._plenary_in_secretariat),
                (DELEGATE, user._plenary_in_delegate),
            )
            if member
        )
        user._plenary_group_names = cached
    if cached is None:
        # One query for the roles and, riding along, whether the account has a second factor:
        # every staff page asks both. A user in no group gets no row, so MFA stays unasked then.
        totp = Authenticator.objects.filter(user=OuterRef("user_id"), type=Authenticator.Type.TOTP)
        rows = list(
            user.groups.through.objects.filter(user_id=user.pk).values_list("group__name", Exists(totp))
        )
        cached = frozenset(name for name, _mfa in rows)
        user._plenary_group_names = cached
        if rows and getattr(user, "_plenary_has_mfa", None) is None:
            user._plenary_has_mfa = rows[0][1]
    return cached


# Set on `request.user` by SessionMFAMiddleware: whether this session passed a second factor.
SESSION_MFA_ATTRIBUTE = "_plenary_session_passed_mfa"


def in_secretariat_group(user) -> bool:
    """Membership alone: what the staff-page gate uses to tell "set up MFA" from "refused"."""
    return user.is_authenticated and user.is_active and SECRETARIAT in _group_names(user)


def is_secretariat(user) -> bool:
    """Secretariat powers, for pages and for data alike.

    A stolen password of an account that has not set up (or, in this session, passed)
    two-factor authentication must not read what staff read, so such an account counts
    as a plain signed-in user everywhere. Away from a request (tasks, emails) only the
    account's own MFA is known.
    """
    return in_secretariat_group(user) and has_mfa(user) and getattr(user, SESSION_MFA_ATTRIBUTE, True)


def active_delegation(user) -> Delegate | None:
    """The user's current appointment, if they are an accredited delegate."""
    if not user.is_authenticated or not user.is_active or DELEGATE not in _group_names(user):
        return None
    if not hasattr(user, "_plenary_delegation"):
        user._plenary_delegation = (
            Delegate.objects.active().filter(user=user).select_related("member_state").first()
        )
    return user._plenary_delegation


def remember_delegation(user, current) -> None:
    """Set the user's current appointment from their current ones already loaded, in the usual order.

    Spares active_delegation its query on a page that loads the user's appointments anyway.
    """
    if not user.is_authenticated or hasattr(user, "_plenary_delegation"):
        return
    if user.is_active and DELEGATE in _group_names(user):
        user._plenary_delegation = current[0] if current else None


def is_delegate(user) -> bool:
    return active_delegation(user) is not None


def delegation_state(user):
    delegation = active_delegation(user)
    return delegation.member_state if delegation else None


def has_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_plenary_has_mfa", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._plenary_has_mfa = cached
    return cached


def can_open_staff_pages(user) -> bool:
    return is_secretariat(user)


def session_passed_mfa(user) -> bool:
    return getattr(user, SESSION_MFA_ATTRIBUTE, True)


def require_staff_access(request):
    """Enforce the staff-page rule; return a redirect when the user must act first.

    Anonymous users go to the login page; secretariat staff without MFA go to set it up;
    everyone else is refused with 403.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not in_secretariat_group(user):
        raise PermissionDenied
    if not has_mfa(user):
        messages.info(request, _("Secretariat pages need two-factor authentication. Please set it up first."))
        return redirect("mfa_activate_totp")
    if not session_passed_mfa(user):
        # Signed in before setting up MFA (or by a way that skipped it): prove the second factor now.
        messages.info(
            request, _("Secretariat pages need a code from your authenticator app in this session.")
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
    return None


def secretariat_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return require_staff_access(request) or view(request, *args, **kwargs)

    return wrapper


class SecretariatRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        return require_staff_access(request) or super().dispatch(request, *args, **kwargs)


def prime_role_cache(users) -> None:
    """Load the roles, delegations and MFA of many users in three queries (for batch email rendering)."""
    users = [user for user in users if user.is_authenticated]
    if not users:
        return
    names: dict[int, set[str]] = {user.pk: set() for user in users}
    through = users[0].groups.through
    for user_id, name in through.objects.filter(user_id__in=names).values_list("user_id", "group__name"):
        names[user_id].add(name)
    delegations = {
        delegation.user_id: delegation
        for delegation in Delegate.objects.active().filter(user_id__in=names).select_related("member_state")
    }
    with_mfa = set(
        Authenticator.objects.filter(user_id__in=names, type=Authenticator.Type.TOTP).values_list(
            "user_id", flat=True
        )
    )
    for user in users:
        user._plenary_group_names = frozenset(names[user.pk])
        user._plenary_delegation = delegations.get(user.pk) if DELEGATE in names[user.pk] else None
        user._plenary_has_mfa = user.pk in with_mfa


# Missions and accreditation ---------------------------------------------------------------
def leads_mission(user, member_state) -> bool:
    """The head of the state's mission (its Permanent Representative) or a focal point they named."""
    delegation = active_delegation(user)
    return bool(
        delegation
        and delegation.member_state_id == member_state.pk
        and (delegation.is_focal_point or delegation.title == delegation.Title.PERMANENT_REPRESENTATIVE)
    )


def can_view_mission(user, member_state) -> bool:
    return can_open_staff_pages(user) or active_delegation(user) is not None


def can_manage_mission(user, member_state) -> bool:
    """Invite and end accreditations, decide requests: the secretariat or the mission's own lead."""
    return can_open_staff_pages(user) or leads_mission(user, member_state)


def can_name_focal_points(user, member_state) -> bool:
    delegation = active_delegation(user)
    head = bool(
        delegation
        and delegation.member_state_id == member_state.pk
        and delegation.title == delegation.Title.PERMANENT_REPRESENTATIVE
    )
    return can_open_staff_pages(user) or head
