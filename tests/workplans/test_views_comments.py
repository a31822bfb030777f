import datetime
import uuid

from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import DelegateFactory
from tests.workplans.conftest import comment_on, make_round
from workplans.models import Comment


def post_comment(client, comment_round, **data):
    payload = {
        "kind": "comment",
        "body": "",
        "proposed_text": "",
        "target": "",
        "token": str(uuid.uuid4()),
        **data,
    }
    return client.post(reverse("workplans:create_comment", kwargs={"pk": comment_round.pk}), payload)


def test_delegate_proposes_an_amendment(comment_round, paragraph, delegate_us_client, us):
    response = post_comment(
        delegate_us_client,
        comment_round,
        kind="amendment",
        target=f"p:{paragraph.key}",
        proposed_text="New wording.",
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.member_state == us and comment.paragraph == paragraph
    page = delegate_us_client.get(comment_round.get_absolute_url()).content.decode()
    assert "<ins>New wording</ins>" in page


def test_double_submit_creates_one_comment_through_the_form(comment_round, delegate_us_client):
    token = str(uuid.uuid4())
    post_comment(delegate_us_client, comment_round, body="Once only", token=token)
    post_comment(delegate_us_client, comment_round, body="Once only", token=token)
    assert Comment.objects.count() == 1


def test_empty_comment_gets_a_message_and_nothing_saved(comment_round, delegate_us_client):
    response = post_comment(delegate_us_client, comment_round, body="   ")
    assert response.status_code == 422
    assert "The comment is empty." in response.content.decode()
    assert not Comment.objects.exists()


def test_paragraph_not_in_version_gets_a_message(comment_round, delegate_us_client):
    response = post_comment(delegate_us_client, comment_round, target=f"p:{uuid.uuid4()}", body="Hello")
    assert response.status_code == 422
    assert not Comment.objects.exists()


def test_comment_after_deadline_shows_the_deadline_and_keeps_text(version, secretariat, delegate_us_client):
    now = timezone.now()
    comment_round = make_round(
        version, secretariat, opens=now - datetime.timedelta(days=3), closes=now + datetime.timedelta(days=1)
    )
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        closes_at=now - datetime.timedelta(minutes=5)
    )
    response = post_comment(delegate_us_client, comment_round, body="My careful words")
    content = response.content.decode()
    assert response.status_code == 422
    assert "closed on" in content and "America/New_York" in content
    assert "My careful words" in content
    assert not Comment.objects.exists()


def test_delegate_of_state_that_may_not_comment_gets_403(comment_round, non_member_client):
    assert post_comment(non_member_client, comment_round, body="Hello").status_code == 403
    assert not Comment.objects.exists()


def test_second_editor_is_told_and_keeps_their_text(
    comment_round, paragraph, delegate_us, us, delegate_us_client
):
    comment = comment_on(comment_round, delegate_us, paragraph, body="First")
    colleague = DelegateFactory(member_state=us).user
    url = reverse("workplans:edit_comment", kwargs={"pk": comment.pk})
    ok = client_for(colleague).post(url, {"kind": "comment", "body": "Colleague's edit", "revision": 1})
    assert ok.status_code == 302
    clash = delegate_us_client.post(url, {"kind": "comment", "body": "My own edit", "revision": 1})
    content = clash.content.decode()
    assert clash.status_code == 409
    assert "Someone else changed this comment" in content
    assert "My own edit" in content and "Colleague's edit" in content
    comment.refresh_from_db()
    assert comment.body == "Colleague's edit"
    # Saving again, knowingly, replaces the colleague's version.
    again = delegate_us_client.post(url, {"kind": "comment", "body": "My own edit", "revision": 2})
    assert again.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "My own edit"


def test_withdraw_by_own_delegation(comment_round, paragraph, delegate_us, delegate_us_client):
    comment = comment_on(comment_round, delegate_us, paragraph)
    response = delegate_us_client.post(reverse("workplans:withdraw_comment", kwargs={"pk": comment.pk}))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_withdrawn()
