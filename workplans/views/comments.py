"""Pages where a delegation writes, edits and withdraws its comments."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.forms import add_form_errors
from members.permissions import active_delegation

from .. import permissions
from ..forms import CommentEditForm, CommentForm
from ..models import Comment, WorkPlanVersion
from ..services import comments as services
from .access import get_comment, get_round, require_login
from .rounds import round_context


def target_choices(version: WorkPlanVersion):
    choices = [("", _("The whole plan"))]
    paragraphs = list(version.paragraphs.order_by("number"))
    for section in version.sections.order_by("number"):
        choices.append(
            (
                f"s:{section.key}",
                _("Section %(number)s. %(heading)s") % {"number": section.number, "heading": section.heading},
            )
        )
        choices.extend(
            (f"p:{p.key}", _("Paragraph %(number)s") % {"number": p.number})
            for p in paragraphs
            if p.section_id == section.pk
        )
    return choices


def create_comment(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    if not permissions.can_comment(request.user, comment_round):
        raise PermissionDenied
    version = comment_round.version
    choices = target_choices(version)
    initial = {"target": request.GET.get("target", ""), "kind": request.GET.get("kind", Comment.Kind.COMMENT)}
    form = CommentForm(request.POST or None, initial=initial, choices=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            paragraph_key, section_key = form.target_keys()
            try:
                services.submit_comment(
                    comment_round=comment_round,
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    body=form.cleaned_data["body"],
                    proposed_text=form.cleaned_data["proposed_text"],
                    paragraph_key=paragraph_key,
                    section_key=section_key,
                    token=form.cleaned_data["token"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as error:
                add_form_errors(form, _target_errors(error))
                status = 422
            else:
                messages.success(
                    request,
                    _("Your comment was sent on behalf of %(state)s.")
                    % {"state": active_delegation(request.user).member_state},
                )
                return redirect(comment_round)
        else:
            status = 422
    target_paragraph = None
    target = form["target"].value() or ""
    if target.startswith("p:"):
        target_paragraph = version.paragraphs.filter(key=target[2:]).first() if _is_uuid(target[2:]) else None
    return render(
        request,
        "workplans/comment_form.html",
        {
            "comment_round": comment_round,
            "plan": version.plan,
            "version": version,
            "form": form,
            "target_paragraph": target_paragraph,
            **round_context(comment_round),
        },
        status=status,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _target_errors(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict") and "paragraph" in error.error_dict:
        return ValidationError({"target": error.error_dict["paragraph"]})
    return error


def edit_comment(request, pk):
    if response := require_login(request):
        return response
    comment = get_comment(request, pk)
    if not permissions.can_change_comment(request.user, comment):
        raise PermissionDenied
    comment_round = comment.round
    initial = {
        "kind": comment.kind,
        "body": comment.body,
        "proposed_text": comment.proposed_text,
        "revision": comment.revision,
    }
    form = CommentEditForm(request.POST or None, initial=initial)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_comment(
                comment=comment,
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                proposed_text=form.cleaned_data["proposed_text"],
            )
        except services.EditConflict as error:
            conflict = error.current
            # Keep the person's text; the next save knowingly replaces the colleague's version.
            data = request.POST.copy()
            data["revision"] = conflict.revision if conflict else form.cleaned_data["revision"]
            form = CommentEditForm(data, initial=initial)
            form.is_valid()
            status = 409
        except ValidationError as error:
            add_form_errors(form, error)
            status = 422
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(comment_round)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "workplans/comment_edit.html",
        {
            "comment": comment,
            "comment_round": comment_round,
            "plan": comment_round.version.plan,
            "form": form,
            "conflict": conflict,
            **round_context(comment_round),
        },
        status=status,
    )


@require_POST
def withdraw_comment(request, pk):
    if response := require_login(request):
        return response
    comment = get_comment(request, pk)
    if not permissions.can_change_comment(request.user, comment):
        raise PermissionDenied
    try:
        services.withdraw_comment(comment=comment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The comment was withdrawn."))
    return redirect(comment.round)
