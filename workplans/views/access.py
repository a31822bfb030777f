"""Fetching for the views: what the user may not see is a 404."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404

from ..models import Comment, CommentRound, WorkPlan, WorkPlanVersion


def get_plan(request, pk) -> WorkPlan:
    return get_object_or_404(
        WorkPlan.objects.visible_to(request.user).select_related(
            "group", "proposer_state", "adopted_version", "adopted_at"
        ),
        pk=pk,
    )


def get_version(request, pk, number) -> WorkPlanVersion:
    return get_object_or_404(
        WorkPlanVersion.objects.visible_to(request.user).select_related(
            "plan__group", "plan__proposer_state", "plan__adopted_at", "author"
        ),
        plan_id=pk,
        number=number,
    )


def get_round(request, pk) -> CommentRound:
    return get_object_or_404(
        CommentRound.objects.visible_to(request.user).select_related(
            "version__plan__group", "version__plan__proposer_state"
        ),
        pk=pk,
    )


def get_comment(request, pk) -> Comment:
    return get_object_or_404(
        Comment.objects.visible_to(request.user).select_related(
            "round__version__plan__group", "member_state", "paragraph", "section", "author"
        ),
        pk=pk,
    )


def require_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None
