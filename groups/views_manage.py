"""Staff create, edit and conclude groups from Plenary itself, without the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from members.permissions import secretariat_required

from . import permissions, services
from .forms import CloseGroupForm, GroupForm, add_form_errors
from .models import WorkingGroup


def _form_page(request, form, group=None, status=200):
    return render(request, "groups/group_form.html", {"form": form, "group": group}, status=status)


@secretariat_required
def create_group(request):
    if not permissions.can_create_group(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The group %(name)s was created.") % {"name": group.name})
            return redirect(group)
    return _form_page(request, form, status=422 if form.errors else 200)


@secretariat_required
def edit_group(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    if group.status == WorkingGroup.Status.CONCLUDED:
        messages.error(request, _("This group has concluded; its record can no longer be changed."))
        return redirect(group)
    form = GroupForm(request.POST or None, instance=WorkingGroup.objects.get(pk=group.pk))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.update_group(group=group, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The group's record was saved."))
            return redirect(group)
    return _form_page(request, form, group, status=422 if form.errors else 200)


@secretariat_required
def close_group(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    form = CloseGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_group(
                group=group,
                concluded_on=form.cleaned_data["concluded_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The group is recorded as concluded."))
            return redirect(group)
    status = 422 if form.errors else 200
    return render(request, "groups/group_close.html", {"form": form, "group": group}, status=status)
