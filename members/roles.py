"""Role groups and their model permissions, applied by data migrations.

Each app's data migration calls `grant()` with the permissions its models need, so a
new app extends the roles without editing earlier migrations.
"""

from django.contrib.auth.management import create_permissions


def grant(apps, role_name: str, permissions: list[str]) -> None:
    """Give `role_name` the permissions named "app_label.codename" (creating what is missing)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=role_name)
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def model_permissions(
    app_label: str, models: list[str], actions=("view", "add", "change", "delete")
) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]
