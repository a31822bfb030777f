"""Existing texts were written in English: copy each into its English column (the original's)."""

from django.db import migrations
from django.db.models import F

FIELDS = {
    "meeting": ("title", "notice_text", "cancellation_reason"),
    "historicalmeeting": ("title", "notice_text", "cancellation_reason"),
    "agendaitem": ("title", "description", "presenter", "outcome"),
    "historicalagendaitem": ("title", "description", "presenter", "outcome"),
    "meetingdatechange": ("reason",),
    "room": ("name", "building"),
    "presentation": ("title",),
    "historicalpresentation": ("title",),
    "observer": ("name",),
}


def copy_to_original_language(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("meetings", model_name)
        # Every row has original_language "en" (the column's default) at this point.
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_content_languages")]

    operations = [migrations.RunPython(copy_to_original_language, migrations.RunPython.noop)]
