"""Give the tables taken over from groups their press names, and move their content types.

Renaming the content type rows (instead of letting new ones be created) keeps the permission
rows, the Secretariat's grants and the admin history attached; the codenames do not change.
"""

from django.db import migrations

MODELS = ["pressreleaseset", "pressrelease", "historicalpressrelease", "pressreferencecounter"]


def move_content_types(apps, schema_editor, source="groups", target="press"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue  # a database that never had the old layout
        # A role migration that ran after press 0001 may already have made an empty twin under
        # the new label; drop it (and its unassigned permissions) so the original can take its place.
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="press", target="groups")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("groups", "0006_press_releases_move_to_press"),
        ("press", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="pressreleaseset", table=None),
        migrations.AlterModelTable(name="pressrelease", table=None),
        migrations.AlterModelTable(name="historicalpressrelease", table=None),
        migrations.AlterModelTable(name="pressreferencecounter", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
