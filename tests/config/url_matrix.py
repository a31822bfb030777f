from django.urls import reverse

from tests.matrix import PUBLIC, STAFF, Case

CASES = {
    # Everyone may search; what each finds is tested in tests/config/test_search.py.
    "search": Case(url=lambda w: f"{reverse('search')}?q=charter", expect=PUBLIC),
}


def extend_world(world):
    # Something to translate: the group's Spanish aims are missing.
    world["group"].aims_en = "Foster dialogue among member states."
    world["group"].save()


def _translate_url(world):
    return reverse("translations:translate", args=["groups.workinggroup", world["group"].pk, "es"])


CASES |= {
    "translations:status": Case(url=lambda w: reverse("translations:status"), expect=STAFF),
    "translations:translate": Case(url=_translate_url, expect=STAFF),
}
