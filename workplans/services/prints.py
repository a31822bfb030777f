"""Workflows on a version's PDF: asked for by a reader, made once by a worker, then served as stored."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import VersionPrint, WorkPlanVersion
from ..tasks import prints as tasks
from .translations import show_in_language

# A request older than this with no PDF is taken as lost (a worker died) and queued again.
REQUEUE_AFTER = datetime.timedelta(minutes=5)


def request_version_pdf(*, version: WorkPlanVersion, language: str) -> VersionPrint:
    """The stored PDF for this version, language and revision, queueing its rendering the first time.

    The unique row is the claim: of many readers asking at once, only the one whose request
    created it queues the task. No rendering happens here.
    """
    with translation.override(language):
        fingerprint = VersionPrint.fingerprint_for(version)
    printed, created = VersionPrint.objects.get_or_create(
        version=version, language=language, fingerprint=fingerprint
    )
    if not created and printed.is_ready():
        return printed
    if not created:
        cutoff = timezone.now() - REQUEUE_AFTER
        # Claims the re-queue: of several stale readers, one updates the row.
        created = bool(
            VersionPrint.objects.filter(pk=printed.pk, made_at__isnull=True, requested_at__lt=cutoff).update(
                requested_at=timezone.now()
            )
        )
    if created:
        # Called here rather than on commit: the row is already committed (views run in
        # autocommit), and an eager test run then finds the PDF made.
        tasks.render_version_pdf.delay(printed.pk)
        printed.refresh_from_db()
    return printed


def print_context(version: WorkPlanVersion) -> dict:
    """What the print template shows: the same for every reader, so one PDF serves them all."""
    sections = list(version.sections.order_by("number"))
    by_section: dict[int, list] = {section.pk: [] for section in sections}
    for paragraph in version.paragraphs.order_by("number"):
        by_section[paragraph.section_id].append(paragraph)
    for section in sections:
        section.paragraph_list = by_section[section.pk]
    # Rendered inside the printed language: each heading and paragraph in it where translated,
    # else the original, marked with its lang (the template's `lang`).
    show_in_language(
        version,
        sections,
        [paragraph for section in sections for paragraph in section.paragraph_list],
        translation.get_language(),
    )
    return {
        "plan": version.plan,
        "version": version,
        "sections": sections,
        "activities": list(version.activities.order_by("position")),
    }


def render_version_print(*, print_id: int) -> str:
    """Render and store one requested PDF; does nothing when it is made or no longer current."""
    from config.pdf import render_pdf  # WeasyPrint costs ~30 MiB: only workers that render load it

    printed = (
        VersionPrint.objects.select_related(
            "version__plan__group", "version__plan__proposer_state", "version__plan__adopted_at"
        )
        .filter(pk=print_id)
        .first()
    )
    if printed is None or printed.is_ready():
        return "skipped"
    version = printed.version
    with translation.override(printed.language):
        if VersionPrint.fingerprint_for(version) != printed.fingerprint:
            return "stale"  # changed since it was asked for; the next request makes a row of its own
        title = f"{version.plan.title}, " + _("version %(number)s") % {"number": version.number}
        content = render_pdf(
            template="workplans/pdf/version.html",
            context=print_context(version),
            lang=printed.language,
            title=title,
        )
    with transaction.atomic():
        locked = VersionPrint.objects.select_for_update().get(pk=printed.pk)
        if locked.is_ready():
            return "skipped"
        locked.file.save("version.pdf", ContentFile(content), save=False)
        locked.made_at = timezone.now()
        locked.save(update_fields=["file", "made_at"])
    return "ready"
