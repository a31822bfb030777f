from django.db import migrations

from members.roles import grant, model_permissions

MODELS = ["room", "meeting", "meetingdatechange", "agendaitem", "document", "presentation", "attendance", "observer"]


def grant_roles(apps, schema_editor):
    grant(apps, "Secretariat", model_permissions("meetings", MODELS))
    grant(
        apps,
        "Delegate",
        model_permissions(
            "meetings",
            ["room", "meeting", "agendaitem", "document", "presentation", "attendance", "observer"],
            actions=("view",),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("members", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
