from django.core.cache import cache
from django.urls import reverse

from tests.matrix import PUBLIC, ROLES, STAFF, Case

# The open API reads as an anonymous visitor whoever asks: every role gets the same answer,
# and what a visitor may not read is a 404 even for staff (test_api checks the contents).
HIDDEN_FROM_ALL = dict.fromkeys(ROLES, 404)


def extend_world(world):
    # The API's rate limit counts in the cache: each URL's round of roles starts afresh.
    cache.clear()
    # Something to translate: the group's Spanish aims are missing.
    world["group"].aims_en = "Foster dialogue among member states."
    world["group"].save()


def api(name, **kwargs):
    return lambda w: reverse(f"api:{name}", kwargs={key: value(w) for key, value in kwargs.items()})


def with_query(url, query):
    return lambda w: f"{url(w)}?{query}"


CASES = {
    # Everyone may search; what each finds is tested in tests/config/test_search.py.
    "search": Case(url=lambda w: f"{reverse('search')}?q=charter", expect=PUBLIC),
    "api:api-root": Case(url=api("api-root"), expect=HIDDEN_FROM_ALL),
    "api:openapi-json": Case(url=api("openapi-json"), expect=PUBLIC),
    "api:openapi-view": Case(url=api("openapi-view"), expect=PUBLIC),
    "api:list_groups": Case(url=api("list_groups"), expect=PUBLIC),
    "api:group_detail": Case(url=api("group_detail", slug=lambda w: w["group"].slug), expect=PUBLIC),
    "api:list_member_states": Case(url=api("list_member_states"), expect=PUBLIC),
    "api:list_meetings": Case(url=with_query(api("list_meetings"), "page_size=200"), expect=PUBLIC),
    "api:meeting_detail": Case(
        url=api("meeting_detail", meeting_id=lambda w: w["meeting"].pk), expect=PUBLIC
    ),
    "api:list_papers": Case(url=with_query(api("list_papers"), "page_size=200"), expect=PUBLIC),
    "api:list_decisions": Case(url=with_query(api("list_decisions"), "page_size=200"), expect=PUBLIC),
    "api:list_workplans": Case(url=api("list_workplans"), expect=PUBLIC),
    # A plan in consultation is for delegates' pages only; the API answers as a visitor.
    "api:workplan_detail": Case(
        url=api("workplan_detail", plan_id=lambda w: w["plan"].pk), expect=HIDDEN_FROM_ALL
    ),
    "api:list_releases": Case(url=with_query(api("list_releases"), "page_size=200"), expect=PUBLIC),
}

SECRET_PROBES = {
    "API: a draft meeting": api("meeting_detail", meeting_id=lambda w: w["draft_meeting"].pk),
    "API: a draft plan of Brazil": api("workplan_detail", plan_id=lambda w: w["draft_br"].pk),
}


def _translate_url(world):
    return reverse("translations:translate", args=["groups.workinggroup", world["group"].pk, "es"])


CASES |= {
    "translations:status": Case(url=lambda w: reverse("translations:status"), expect=STAFF),
    "translations:translate": Case(url=_translate_url, expect=STAFF),
}
