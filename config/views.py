from django.shortcuts import render
from django.utils import translation

from config import search as site_search
from groups.models import WorkingGroup


def search(request):
    """One search over meetings, papers, minutes, decisions, work plans, comments and releases."""
    language = translation.get_language()
    groups = WorkingGroup.objects.visible_to(request.user)
    form = site_search.SearchForm(request.GET or None, groups=groups, language=language)
    hits, more, query = [], False, ""
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        hits, more = site_search.search(
            user=request.user,
            text=query,
            language=language,
            kind=form.cleaned_data["kind"],
            group=form.cleaned_data["group"],
            year=form.cleaned_data["year"],
            groups={group.pk: group for group in groups},  # read for the form's choices
        )
    context = {"form": form, "hits": hits, "more": more, "query": query, "limit": site_search.LIMIT}
    return render(request, "search.html", context)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
