"""Staff agenda pages, with and without htmx."""

from django.urls import reverse


def test_move_by_htmx_returns_the_list_with_focus_kept(secretariat_client, meeting, agenda):
    response = secretariat_client.post(
        reverse("meetings:agenda_item_move", kwargs={"pk": agenda[0].pk}),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.strip().startswith('<ol id="agenda-list"')
    assert html.index("Item 2") < html.index("Item 1")
    assert "autofocus" in html
    assert list(meeting.agenda_items.values_list("title", flat=True).order_by("position")) == [
        "Item 2",
        "Item 1",
        "Item 3",
    ]


def test_reorder_by_drag_saves_the_order(secretariat_client, meeting, agenda):
    order = [agenda[2].pk, agenda[1].pk, agenda[0].pk]
    secretariat_client.post(
        reverse("meetings:agenda_reorder", kwargs={"pk": meeting.pk}), {"item": order}, HTTP_HX_REQUEST="true"
    )
    assert list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)) == order


def test_reorder_with_garbage_changes_nothing(secretariat_client, meeting, agenda):
    response = secretariat_client.post(
        reverse("meetings:agenda_reorder", kwargs={"pk": meeting.pk}), {"item": ["x"]}
    )
    assert response.status_code == 302
    assert list(meeting.agenda_items.order_by("position")) == agenda


def test_delegate_cannot_move_agenda_items(delegate_us_client, agenda):
    response = delegate_us_client.post(
        reverse("meetings:agenda_item_move", kwargs={"pk": agenda[0].pk}), {"direction": "down"}
    )
    assert response.status_code == 403


def test_add_agenda_item_without_title_shows_error(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:agenda_add", kwargs={"pk": meeting.pk}), {"title_en": ""}
    )
    assert "title_en" in response.context["form"].errors


def test_move_by_htmx_announces_the_new_position_in_the_live_region(secretariat_client, agenda):
    response = secretariat_client.post(
        reverse("meetings:agenda_item_move", kwargs={"pk": agenda[0].pk}),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="agenda-status"' in html and 'data-hx-swap-oob="innerHTML"' in html
    assert "Moved to position 2 of 3." in html


def test_move_without_script_says_the_new_position_after_the_reload(secretariat_client, agenda):
    response = secretariat_client.post(
        reverse("meetings:agenda_item_move", kwargs={"pk": agenda[2].pk}), {"direction": "up"}, follow=True
    )
    assert "Moved to position 2 of 3." in [str(message) for message in response.context["messages"]]
