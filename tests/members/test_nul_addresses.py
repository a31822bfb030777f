"""A NUL in an address is a clear 400, never a 500 (PostgreSQL holds no NUL in text)."""

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings?group=a%00b",
        "/api/v1/groups/a%00b",
        "/api/v1/papers?language=e%00",
        "/api/v1/releases?cursor=%00",
    ],
)
def test_the_api_answers_a_nul_with_a_json_400(db, client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "null character" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/en/search/?q=a%00b", "/en/meetings/?group=a%00", "/es/groups/a%00b/"])
def test_a_page_answers_a_nul_with_the_400_page(db, client, url):
    response = client.get(url)

    assert response.status_code == 400
