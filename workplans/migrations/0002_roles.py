from django.db import migrations

from members.roles import grant, model_permissions

MODELS = ["workplan", "workplanversion", "section", "paragraph", "activity", "commentround", "comment"]


def create_roles(apps, schema_editor):
    grant(apps, "Secretariat", model_permissions("workplans", MODELS))
    grant(
        apps,
        "Delegate",
        model_permissions("workplans", MODELS, actions=("view",))
        + ["workplans.add_comment", "workplans.change_comment"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workplans", "0001_initial"),
        ("members", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
