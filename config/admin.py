from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.permissions import has_mfa, session_passed_mfa


class PlenaryAdminSite(admin.AdminSite):
    """The admin has no login form of its own.

    Its password form would bypass allauth's rate limits and MFA, so people are sent
    through the allauth login, and staff without MFA are sent to set it up.
    """

    site_header = _("Plenary administration")
    site_title = _("Plenary")
    index_title = _("Records")

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and has_mfa(user) and session_passed_mfa(user))

    def login(self, request, extra_context=None):
        user = request.user
        if self.has_permission(request):
            return redirect("admin:index")
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        if user.is_staff and not has_mfa(user):
            return redirect("mfa_activate_totp")
        if user.is_staff and not session_passed_mfa(user):
            return redirect("mfa_reauthenticate")
        raise PermissionDenied
