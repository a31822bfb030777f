"""Writes to the tables shown on the visitors' cached pages move the page revision (members.page_revision)."""

from django.db import migrations

from members.page_revision import track


class Migration(migrations.Migration):
    dependencies = [("members", "0012_page_revision")]

    operations = [
        track(
            "members_memberstate",
            "members_secretariatunit",
        )
    ]
