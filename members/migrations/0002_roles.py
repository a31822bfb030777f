from django.db import migrations

from members.roles import grant, model_permissions


def create_roles(apps, schema_editor):
    grant(
        apps,
        "Secretariat",
        model_permissions("members", ["memberstate", "permanentmission", "delegate", "secretariatunit"])
        + model_permissions("groups", ["workinggroup", "membership", "officer", "joinrequest"]),
    )
    grant(
        apps,
        "Delegate",
        model_permissions("members", ["memberstate", "permanentmission"], actions=("view",))
        + model_permissions("groups", ["workinggroup", "membership", "officer"], actions=("view",))
        + ["groups.add_joinrequest", "groups.view_joinrequest"],
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Secretariat", "Delegate"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("groups", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
