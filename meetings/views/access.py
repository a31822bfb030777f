"""Fetching what a view acts on: 404 when the user cannot see it, 403 when they may not act."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from meetings import permissions
from meetings.models import Meeting


def visible_meeting(request, pk) -> Meeting:
    queryset = Meeting.objects.visible_to(request.user).select_related("group", "room", "convening_unit")
    return get_object_or_404(queryset, pk=pk)


def staff_meeting(request, pk, rule=None) -> Meeting:
    """A meeting staff may act on: 404 if invisible, 403 if the rule (user, meeting) refuses."""
    meeting = visible_meeting(request, pk)
    if not permissions.can_manage_meetings(request.user) or (rule and not rule(request.user, meeting)):
        raise PermissionDenied
    return meeting
