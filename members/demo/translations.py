"""The demo's outdated translation: the group's Spanish aims predate the English wording.

The secretariat revised the English aims after the Spanish translation was saved (the
first wording said "Promote" and "seek"); the translation status page lists the Spanish
aims as outdated until someone compares them and saves or confirms them.
"""

from django.contrib.contenttypes.models import ContentType

from members.translation_status import TranslationStamp, digest

EARLIER_AIMS_EN = (
    "Promote dialogue and horizontal cooperation among member states, share good practices and seek "
    "opportunities, within the principles of the OAS Charter and the Inter-American Democratic Charter, "
    "to strengthen democracy in the region."
)


def load(*, command, group, states, units) -> int:
    # upsert counts its own write on the command, and writes nothing on a second run.
    command.upsert(
        TranslationStamp,
        {
            "content_type": ContentType.objects.get_for_model(type(group), for_concrete_model=False),
            "object_id": group.pk,
            "field": "aims",
            "language": "es",
        },
        {"source_digest": digest(EARLIER_AIMS_EN)},
    )
    return 0
