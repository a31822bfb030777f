"""Workflows on press releases: drafting, review, publication with a reference, corrections, PDFs."""

import datetime
import hashlib
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from groups.models import WorkingGroup
from meetings.models import Attendance, Meeting
from members.enqueue import enqueue_after_commit

from . import announce, cache, notifications, tasks
from .models import PressReferenceCounter, PressRelease, PressReleaseSet
from .text import format_reference, reference_slug, render_body

PRESS_TEXT_FIELDS = ("title", "place", "summary", "body", "image", "image_alt", "contact")


def _press_changed_on_commit(release_id: int, *, make_pdf: bool) -> None:
    transaction.on_commit(cache.bump_version)
    if make_pdf:
        enqueue_after_commit(tasks.make_press_release_pdf, release_id)


def _check_alt(fields: dict, release: PressRelease | None = None) -> None:
    image = fields.get("image", release.image if release else None)
    alt = fields.get("image_alt", release.image_alt if release else "")
    if image and not (alt or "").strip():
        raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})


@transaction.atomic
def create_press_release(*, group: WorkingGroup, language: str, created_by, **fields) -> PressRelease:
    unknown = set(fields) - set(PRESS_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown press release fields: {sorted(unknown)}")
    _check_alt(fields)
    release_set = PressReleaseSet.objects.create(group=group, created_by=created_by)
    release = PressRelease(release_set=release_set, language=language, created_by=created_by, **fields)
    release.body_html = render_body(release.body)
    release.save()
    return release


@transaction.atomic
def add_press_translation(*, source: PressRelease, language: str, created_by) -> PressRelease:
    """Start a version in another language from the source text, for the translator to rewrite."""
    if source.release_set.versions.filter(language=language).exists():
        raise ValidationError({"language": _("This release already has a version in that language.")})
    return PressRelease.objects.create(
        release_set=source.release_set,
        language=language,
        created_by=created_by,
        title=source.title,
        place=source.place,
        summary=source.summary,
        body=source.body,
        body_html=source.body_html,
        image=source.image,
        image_alt=source.image_alt,
        contact=source.contact,
    )


@transaction.atomic
def update_press_release(*, release: PressRelease, **fields) -> PressRelease:
    locked = PressRelease.objects.select_for_update().get(pk=release.pk)
    if not locked.is_editable():
        raise ValidationError(
            _("Only drafts and releases in review can be edited; publish a correction instead.")
        )
    unknown = set(fields) - set(PRESS_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown press release fields: {sorted(unknown)}")
    _check_alt(fields, locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.body_html = render_body(locked.body)
    locked.save()
    return locked


def _locked(release: PressRelease) -> PressRelease:
    return PressRelease.objects.select_for_update().select_related("release_set__group").get(pk=release.pk)


@transaction.atomic
def submit_press_release_for_review(*, release: PressRelease, by=None) -> PressRelease:
    locked = _locked(release)
    if locked.status != PressRelease.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent for review."))
    locked.status = PressRelease.Status.IN_REVIEW
    locked.submitted_by = by
    locked.save(update_fields=["status", "submitted_by", "updated_at"])
    return locked


def _check_second_person(release: PressRelease, by) -> None:
    """Separation of duties: the approver is not the submitter, unless the group allows it.

    `by` is None when the system acts (the scheduled publication of an approved release).
    """
    if by is None or release.submitted_by_id is None or release.release_set.group.press_single_person:
        return
    if by.pk == release.submitted_by_id:
        raise ValidationError(
            _(
                "You sent this release for review, so another member of the secretariat must schedule "
                "or publish it. Nothing was changed."
            ),
            code="same_person",
        )


@transaction.atomic
def return_press_release_to_draft(*, release: PressRelease) -> PressRelease:
    locked = _locked(release)
    if locked.status not in (PressRelease.Status.IN_REVIEW, PressRelease.Status.SCHEDULED):
        raise ValidationError(_("Only a release in review or scheduled can go back to draft."))
    locked.status = PressRelease.Status.DRAFT
    locked.publish_at = None
    locked.save(update_fields=["status", "publish_at", "updated_at"])
    return locked


@transaction.atomic
def schedule_press_release(*, release: PressRelease, publish_at: datetime.datetime, by=None) -> PressRelease:
    locked = _locked(release)
    if locked.status != PressRelease.Status.IN_REVIEW:
        raise ValidationError(_("Only a release that has been reviewed can be scheduled."))
    missing = locked.missing_for_publication()
    if missing:
        raise ValidationError(missing)
    if publish_at <= timezone.now():
        raise ValidationError({"publish_at": _("Choose a time in the future, or publish now.")})
    _check_second_person(locked, by)
    locked.status = PressRelease.Status.SCHEDULED
    locked.publish_at = publish_at
    locked.approved_by = by
    locked.save(update_fields=["status", "publish_at", "approved_by", "updated_at"])
    return locked


def _next_reference(*, language: str, year: int) -> str:
    # Create the counter row if this is the year's first release, then lock it: concurrent
    # publications queue here, so each gets the next number exactly once.
    PressReferenceCounter.objects.bulk_create(
        [PressReferenceCounter(year=year, language=language)], ignore_conflicts=True
    )
    counter = PressReferenceCounter.objects.select_for_update().get(year=year, language=language)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(language=language, number=counter.last_number, year=year)


@transaction.atomic
def publish_press_release(*, release: PressRelease, now: datetime.datetime | None = None, by=None) -> bool:
    """Publish a reviewed or scheduled release and give it its reference number.

    Returns False when there is nothing to do (already published, or no longer due), so the
    periodic task can call it for the same release twice.
    """
    now = now or timezone.now()
    locked = _locked(release)
    if locked.status == PressRelease.Status.SCHEDULED:
        if locked.publish_at and locked.publish_at > now:
            return False
    elif locked.status in (PressRelease.Status.PUBLISHED, PressRelease.Status.WITHDRAWN):
        return False
    elif locked.status != PressRelease.Status.IN_REVIEW:
        raise ValidationError(_("A draft must be reviewed before it is published."))
    if locked.status == PressRelease.Status.IN_REVIEW:
        _check_second_person(locked, by)
        locked.approved_by = by
    missing = locked.missing_for_publication()
    if missing:
        raise ValidationError(missing)
    year = timezone.localtime(now, zoneinfo.ZoneInfo(locked.release_set.group.time_zone)).year
    locked.reference = _next_reference(language=locked.language, year=year)
    locked.slug = reference_slug(locked.reference)
    locked.status = PressRelease.Status.PUBLISHED
    locked.published_at = now
    locked.changed_at = now
    locked.body_html = render_body(locked.body)
    locked.save()
    _press_changed_on_commit(locked.pk, make_pdf=True)
    notifications.tell_subscribers(release=locked)
    enqueue_after_commit(tasks.deliver_press_mail)
    announce.published(locked)
    return True


def publish_due_press_releases(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    published = 0
    for release_id in PressRelease.objects.due(now).values_list("pk", flat=True):
        release = PressRelease(pk=release_id)
        try:
            published += publish_press_release(release=release, now=now)
        except ValidationError:
            # A scheduled release that lost its title or body stays scheduled for staff to fix.
            continue
    return published


@transaction.atomic
def correct_press_release(
    *,
    release: PressRelease,
    note: str,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
) -> PressRelease:
    if not note.strip():
        raise ValidationError({"note": _("Say what was corrected; the note is shown on the release.")})
    locked = _locked(release)
    if locked.status != PressRelease.Status.PUBLISHED:
        raise ValidationError(_("Only a published release can be corrected."))
    for name, value in (("title", title), ("summary", summary), ("body", body)):
        if value is not None:
            setattr(locked, name, value)
    missing = locked.missing_for_publication()
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    locked.body_html = render_body(locked.body)
    locked.correction_note = note.strip()
    locked.corrected_at = now
    locked.changed_at = now
    locked.save()
    _press_changed_on_commit(locked.pk, make_pdf=True)
    return locked


@transaction.atomic
def withdraw_press_release(*, release: PressRelease, note: str) -> PressRelease:
    if not note.strip():
        raise ValidationError({"note": _("Say why the release is withdrawn; the note stays at its address.")})
    locked = _locked(release)
    if locked.status != PressRelease.Status.PUBLISHED:
        raise ValidationError(_("Only a published release can be withdrawn."))
    now = timezone.now()
    locked.status = PressRelease.Status.WITHDRAWN
    locked.withdrawal_note = note.strip()
    locked.withdrawn_at = now
    locked.changed_at = now
    # The PDF is the withdrawn text: it must not stay downloadable from storage.
    old_pdf = locked.pdf.name if locked.pdf else ""
    locked.pdf, locked.pdf_etag, locked.pdf_made_at = "", "", None
    locked.save()
    if old_pdf:
        storage = locked.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_pdf))
    _press_changed_on_commit(locked.pk, make_pdf=False)
    return locked


def make_missing_pdfs(*, limit: int = 20) -> int:
    """Beat: make the PDFs a lost or failed task did not (Redis down at publication, worker killed).

    Only releases changed over a minute ago: younger ones have their own task on the way.
    """
    stale = timezone.now() - datetime.timedelta(minutes=1)
    ids = list(
        PressRelease.objects.needing_pdf(changed_before=stale)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(make_press_release_pdf(release_id=release_id) for release_id in ids)


def _claim_pdf(release_id: int) -> bool:
    """One render per text: of two tasks or scans at once, one UPDATE matches. A claim made
    before the latest change is for the old text; one older than the stall period is a dead
    worker's. Either may be taken."""
    now = timezone.now()
    stalled = now - datetime.timedelta(seconds=settings.PLENARY_RENDER_STALL_SECONDS)
    return bool(
        PressRelease.objects.filter(pk=release_id)
        .filter(
            Q(pdf_claimed_at__isnull=True)
            | Q(pdf_claimed_at__lt=stalled)
            | Q(changed_at__isnull=False, pdf_claimed_at__lt=F("changed_at"))
        )
        .update(pdf_claimed_at=now)
    )


def make_press_release_pdf(*, release_id: int) -> bool:
    """Render the published version's PDF unless the stored one is already current."""
    # WeasyPrint is heavy to import; only the PDF worker needs it.
    from config.pdf import render_pdf

    release = (
        PressRelease.objects.published().select_related("release_set__group").filter(pk=release_id).first()
    )
    if release is None or (release.pdf and release.pdf_made_at and release.pdf_made_at >= release.changed_at):
        return False
    if not _claim_pdf(release_id):
        return False  # a live worker is rendering this text
    with translation.override(release.language):
        content = render_pdf(
            template="pdf/press_release.html",
            context={"release": release, "group": release.release_set.group},
            lang=release.language,
            title=f"{release.reference} {release.title}",
        )
    with transaction.atomic():
        locked = PressRelease.objects.select_for_update().get(pk=release_id)
        if locked.changed_at != release.changed_at:
            return False  # corrected meanwhile: the newer task renders the newer text
        if locked.pdf and locked.pdf_made_at and locked.pdf_made_at >= locked.changed_at:
            return False  # made meanwhile by a task whose claim this one outlived
        old_name = locked.pdf.name if locked.pdf else ""
        locked.pdf.save(f"{locked.slug}.pdf", ContentFile(content), save=False)
        locked.pdf_etag = hashlib.sha256(content).hexdigest()[:32]
        locked.pdf_made_at = timezone.now()
        locked.pdf_claimed_at = None  # done: a later change's render may claim at once
        locked.save(update_fields=["pdf", "pdf_etag", "pdf_made_at", "pdf_claimed_at"])
    if old_name and old_name != locked.pdf.name:
        locked.pdf.storage.delete(old_name)
    return True


def _agreed_points(meeting) -> list[str]:
    # Minutes (meetings.Minutes, one per meeting) hold the numbered decisions once they are kept.
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        return []
    return list(minutes.decisions.order_by("number").values_list("text", flat=True))


def meeting_release_text(*, meeting, language: str) -> dict:
    """The facts of a held meeting as a first draft, in the release's language, for staff to edit."""
    group = meeting.group
    with translation.override(language):
        present = meeting.attendances.filter(status__in=Attendance.PRESENT).count()
        presenters = [
            f"- {presentation.presenter_label()}: {presentation.title}"
            for presentation in meeting.presentations.select_related("unit", "member_state").order_by(
                "position", "pk"
            )
        ]
        points = _agreed_points(meeting)
        date = formats.date_format(meeting.local_date(), "DATE_FORMAT")
        where = str(meeting.room) if meeting.room else meeting.location_text()
        held = _("The %(group)s held its %(meeting)s on %(date)s") % {
            "group": group.name,
            "meeting": str(meeting.ordinal_name()).lower(),
            "date": date,
        }
        paragraphs = [
            f"{held}, {_('in %(place)s') % {'place': where}}." if where else f"{held}.",
            _("Representatives of %(count)s countries took part.") % {"count": present},
        ]
        if presenters:
            paragraphs.append(f"## {_('Presentations')}\n\n" + "\n".join(presenters))
        if points:
            numbered = "\n".join(f"{n}. {text}" for n, text in enumerate(points, start=1))
            paragraphs.append(f"## {_('What the member states agreed')}\n\n{numbered}")
        return {
            "title": _("%(group)s holds its %(meeting)s")
            % {"group": group.name, "meeting": str(meeting.ordinal_name()).lower()},
            "place": where,
            "summary": _("Representatives of %(count)s countries met on %(date)s.")
            % {"count": present, "date": date},
            "body": "\n\n".join(paragraphs) + "\n",
        }


@transaction.atomic
def draft_press_release_from_meeting(*, meeting: Meeting, language: str, created_by) -> PressRelease:
    # Read again as the author may see it (Meeting.DoesNotExist otherwise): a release never
    # reports a meeting its author cannot open.
    meeting = Meeting.objects.visible_to(created_by).select_related("group", "room").get(pk=meeting.pk)
    if not meeting.has_taken_place():
        raise ValidationError(
            {"meeting": _("A release can be drafted only from a meeting that has been held.")}
        )
    release = create_press_release(
        group=meeting.group,
        language=language,
        created_by=created_by,
        **meeting_release_text(meeting=meeting, language=language),
    )
    PressReleaseSet.objects.filter(pk=release.release_set_id).update(meeting=meeting)
    release.release_set.meeting = meeting
    return release
