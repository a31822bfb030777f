"""Pages of work plans as a whole: the list, creation, import, revision, comparison, adoption."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from groups.forms import add_form_errors
from groups.models import WorkingGroup
from members.permissions import secretariat_required

from .. import permissions
from ..compare import compare_versions
from ..forms import AdoptForm, ImportForm, WorkPlanForm
from ..models import WorkPlan, WorkPlanVersion
from ..services import plans as services
from .access import get_plan


class WorkPlanListView(ListView):
    template_name = "workplans/workplan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        return (
            WorkPlan.objects.visible_to(self.request.user)
            .select_related("group", "proposer_state")
            .order_by("group__provisional_name", "-period_start")
        )


@secretariat_required
def create_plan(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_workplans(request.user, group):
        raise PermissionDenied
    form = WorkPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(group=group, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Draft work plan created."))
            return redirect(plan)
    return render(
        request,
        "workplans/workplan_form.html",
        {"group": group, "form": form, "heading": _("New work plan"), "submit_label": _("Create the draft")},
    )


@secretariat_required
def import_version(request, pk):
    plan = get_plan(request, pk)
    if not permissions.can_manage_workplans(request.user, plan.group):
        raise PermissionDenied
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.import_version(plan=plan, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s imported.") % {"number": version.number})
            return redirect(version)
    return render(
        request,
        "workplans/import_form.html",
        {"plan": plan, "form": form, "heading": _("Import a new version"), "submit_label": _("Import")},
    )


@require_POST
@secretariat_required
def start_revision(request, pk):
    plan = get_plan(request, pk)
    if not permissions.can_manage_workplans(request.user, plan.group):
        raise PermissionDenied
    try:
        version = services.start_revision(
            plan=plan, author=request.user, change_note=request.POST.get("change_note", "")[:2000]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(
        request, _("Version %(number)s started from the current text.") % {"number": version.number}
    )
    return redirect("workplans:edit_version", pk=plan.pk, number=version.number)


def compare(request, pk):
    plan = get_plan(request, pk)
    versions = list(WorkPlanVersion.objects.visible_to(request.user).filter(plan=plan).order_by("number"))
    if len(versions) < 2:
        raise Http404
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("old", versions[-2].number))]
        new = by_number[int(request.GET.get("new", versions[-1].number))]
    except (KeyError, ValueError):
        raise Http404 from None
    mode = "side" if request.GET.get("view") == "side" else "inline"
    rows = compare_versions(old, new)
    return render(
        request,
        "workplans/compare.html",
        {
            "plan": plan,
            "versions": versions,
            "old": old,
            "new": new,
            "mode": mode,
            "rows": rows,
            "changed_count": sum(1 for r in rows if r.status != "unchanged"),
        },
    )


@secretariat_required
def adopt(request, pk):
    plan = get_plan(request, pk)
    if not permissions.can_manage_workplans(request.user, plan.group):
        raise PermissionDenied
    form = AdoptForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_plan(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The adoption is recorded; the adopted text is now public."))
            return redirect(plan)
    return render(
        request,
        "workplans/adopt_form.html",
        {"plan": plan, "form": form, "heading": _("Record adoption"), "submit_label": _("Record adoption")},
    )
