"""What meetings tell integrators' webhooks: papers and decisions as a visitor may now read them.

Each is announced once (webhooks records one event per object) and only when a visitor may read
it, through the same `visible_to` as the public pages: a restricted paper, or a paper of a
meeting still in draft, is announced when (and if) it becomes public. The data mirrors the open
API's representation (config.api_meetings), with absolute URLs.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.http import urlencode

from meetings.models import Decision, Document, Meeting, Minutes
from webhooks import services as webhooks
from webhooks.models import EventType

VISITOR = AnonymousUser()


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def paper_data(document: Document) -> dict:
    meeting = document.meeting
    original = document.file_for(document.language)
    return {
        "id": document.pk,
        "symbol": document.symbol,
        "title": document.title,
        "language": document.language,
        "meeting": meeting.pk,
        "group": meeting.group.slug,
        "content_type": original.content_type,
        "size": original.size,
        "uploaded_at": document.uploaded_at.isoformat(),
        "download_url": _absolute(original.get_absolute_url()),
        # One file per language the paper exists in, as the API's `versions`.
        "versions": [
            {
                "language": row.language,
                "content_type": row.content_type,
                "size": row.size,
                "uploaded_at": row.uploaded_at.isoformat(),
                "download_url": _absolute(row.get_absolute_url()),
            }
            for row in document.language_files()
        ],
        "meeting_url": _absolute(meeting.get_absolute_url()),
        "api_url": _absolute(f"{reverse('api:list_papers')}?{urlencode({'meeting': meeting.pk})}"),
    }


def public_papers(meeting: Meeting) -> int:
    """Announce the meeting's papers a visitor may read; those announced before are skipped."""
    found = (
        Document.objects.visible_to(VISITOR)
        .filter(meeting=meeting)
        .select_related("meeting__group")
        .prefetch_related("files")
    )
    return sum(
        webhooks.announce(
            event_type=EventType.PAPER_POSTED, object_key=f"paper:{paper.pk}", data=paper_data(paper)
        )
        for paper in found
    )


def decision_data(decision: Decision) -> dict:
    meeting = decision.minutes.meeting
    return {
        "id": decision.pk,
        "number": decision.number,
        "kind": decision.kind,
        "text": decision.text,
        "meeting": meeting.pk,
        "group": meeting.group.slug,
        "meeting_starts_at": meeting.starts_at.isoformat(),
        "minutes_url": _absolute(decision.minutes.get_absolute_url()),
        "api_url": _absolute(f"{reverse('api:list_decisions')}?{urlencode({'group': meeting.group.slug})}"),
    }


def public_decisions(minutes: Minutes) -> int:
    """Announce the decisions of minutes a visitor may now read (published, of a public meeting)."""
    found = (
        Decision.objects.visible_to(VISITOR).filter(minutes=minutes).select_related("minutes__meeting__group")
    )
    return sum(
        webhooks.announce(
            event_type=EventType.DECISION_RECORDED,
            object_key=f"decision:{decision.pk}",
            data=decision_data(decision),
        )
        for decision in found
    )
