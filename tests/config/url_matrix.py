from django.urls import reverse

from tests.matrix import PUBLIC, Case

CASES = {
    # Everyone may search; what each finds is tested in tests/config/test_search.py.
    "search": Case(url=lambda w: f"{reverse('search')}?q=charter", expect=PUBLIC),
}
