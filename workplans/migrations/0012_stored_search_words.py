"""Stored, indexed search words (PostgreSQL only): see members.textsearch.stored_vectors."""

from django.db import migrations

from members.textsearch import stored_vectors


def every_language(name):
    return [f"{name}_{code}" for code in ("en", "es", "fr", "pt")]


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_search_configurations"),
        ("workplans", "0011_workplan_title_in_four_languages"),
    ]

    operations = [
        stored_vectors(
            "workplans_workplan", {"A": every_language("title"), "B": every_language("decision_text")}
        ),
        stored_vectors("workplans_comment", {"B": ["body", "proposed_text"]}),
    ]
