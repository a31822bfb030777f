"""Existing texts were written in English: copy each into its English column (the original's).

The group's names, mandate and aims were translatable before (and filled through the admin); only
columns still empty in English take the shared value.
"""

from django.db import migrations
from django.db.models import F, Q

FIELDS = {
    "workinggroup": ("provisional_name", "adopted_name", "mandate_title", "mandate_text", "aims", "conclusion_note"),
    "historicalworkinggroup": ("conclusion_note",),
    "officer": ("person_title", "selection_note"),
    "historicalofficer": ("person_title", "selection_note"),
}


def copy_to_original_language(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("groups", model_name)
        for field in fields:
            english = f"{field}_en"
            model.objects.filter(Q(**{f"{english}__isnull": True}) | Q(**{english: ""})).update(
                **{english: F(field)}
            )


class Migration(migrations.Migration):
    dependencies = [("groups", "0011_content_languages")]

    operations = [migrations.RunPython(copy_to_original_language, migrations.RunPython.noop)]
