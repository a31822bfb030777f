"""Writes to the tables shown on the visitors' cached pages move the page revision (members.page_revision)."""

from django.db import migrations

from members.page_revision import track


class Migration(migrations.Migration):
    dependencies = [("press", "0006_stored_search_words"), ("members", "0013_page_revision_triggers")]

    operations = [
        track(
            "press_pressrelease",
            "press_pressreleaseset",
        )
    ]
