"""Writes to the tables shown on the visitors' cached pages move the page revision (members.page_revision)."""

from django.db import migrations

from members.page_revision import track


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0013_invited_at_once_and_rules_of_procedure"),
        ("members", "0013_page_revision_triggers"),
    ]

    operations = [
        track(
            "groups_workinggroup",
            "groups_membership",
            "groups_officer",
        )
    ]
