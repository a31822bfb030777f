"""Stored PDFs of a version's text: made by a worker once per version, language and revision."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .plans import WorkPlanVersion


def print_upload_to(printed: "VersionPrint", filename: str) -> str:
    return f"workplans/prints/{printed.version_id}/{printed.language}-{printed.fingerprint[:16]}.pdf"


class VersionPrint(models.Model):
    """One version's PDF in one language, for one state of what the PDF shows.

    The row is created when someone first asks for the PDF; a worker fills `file`. A new
    fingerprint (the text was edited, the plan adopted...) means a new row, so a stored PDF
    never changes and its ETag can be the fingerprint.
    """

    version = models.ForeignKey(
        WorkPlanVersion, on_delete=models.CASCADE, related_name="prints", verbose_name=_("version")
    )
    language = models.CharField(_("language"), max_length=8)
    fingerprint = models.CharField(_("source fingerprint"), max_length=64)
    file = models.FileField(_("file"), upload_to=print_upload_to, blank=True, max_length=300)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    made_at = models.DateTimeField(_("made at"), null=True, blank=True)

    class Meta:
        verbose_name = _("work plan PDF")
        verbose_name_plural = _("work plan PDFs")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language", "fingerprint"], name="versionprint_one_per_revision"
            )
        ]

    def __str__(self):
        return f"{self.version} ({self.language})"

    @staticmethod
    def fingerprint_for(version: WorkPlanVersion) -> str:
        """Everything the PDF shows besides the text's own rows, which `body_revision` stands for."""
        plan = version.plan
        source = (
            version.pk,
            version.number,
            version.body_revision,
            version.created_at.isoformat(),
            plan.title,
            plan.status,
            plan.period_start.isoformat(),
            plan.period_end.isoformat(),
            plan.proposed_by,
            plan.proposer_state_id,
            plan.adopted_version_id,
            plan.adopted_on and plan.adopted_on.isoformat(),
            plan.adopted_at_id,
            plan.decision_text,
            plan.group_id,
            str(plan.group.name),
        )
        return hashlib.sha256(repr(source).encode()).hexdigest()

    @property
    def etag(self) -> str:
        return f'"{self.fingerprint[:32]}-{self.language}"'

    def is_ready(self) -> bool:
        return bool(self.made_at and self.file)
