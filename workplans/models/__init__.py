"""Work plans, their versions, comment rounds and the comments states send in them.

A paragraph keeps the same `key` (a UUID) in every version of its plan, so comments stay
attached to it and two versions line up paragraph by paragraph.

Models are in one module per subject; everything is importable from `workplans.models`.
"""

from .plans import (
    Activity,
    Paragraph,
    Section,
    WorkPlan,
    WorkPlanQuerySet,
    WorkPlanVersion,
    WorkPlanVersionQuerySet,
)
from .prints import VersionPrint
from .rounds import (
    Comment,
    CommentQuerySet,
    CommentRound,
    CommentRoundQuerySet,
    MatrixExport,
    RoundNotice,
    default_reminder_days,
)
from .translations import ParagraphTranslation, SectionTranslation

__all__ = [
    "Activity",
    "Comment",
    "CommentQuerySet",
    "CommentRound",
    "CommentRoundQuerySet",
    "MatrixExport",
    "Paragraph",
    "ParagraphTranslation",
    "RoundNotice",
    "Section",
    "SectionTranslation",
    "WorkPlan",
    "WorkPlanQuerySet",
    "WorkPlanVersion",
    "VersionPrint",
    "WorkPlanVersionQuerySet",
    "default_reminder_days",
]
