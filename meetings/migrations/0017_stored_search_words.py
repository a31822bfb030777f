"""Stored, indexed search words (PostgreSQL only): see members.textsearch.stored_vectors.

Each column is the vector the model's `search()` weighs ("A" title … "D" a file's words), in each
language's configuration, with a GIN index; `plenary_tsvector_agg` joins a paper's files' words
for its rank. Nothing happens on SQLite, which searches with a plain match.
"""

from django.db import migrations

from members.textsearch import stored_vectors


def every_language(name):
    return [f"{name}_{code}" for code in ("en", "es", "fr", "pt")]


def create_aggregate(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE AGGREGATE plenary_tsvector_agg(tsvector) "
        "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
    )


def drop_aggregate(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP AGGREGATE IF EXISTS plenary_tsvector_agg(tsvector)")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_search_configurations"),
        ("meetings", "0016_decision_effects_cancelled_actions_participants_list"),
    ]

    operations = [
        migrations.RunPython(create_aggregate, drop_aggregate, elidable=False),
        stored_vectors(
            "meetings_meeting", {"A": every_language("title"), "B": every_language("notice_text")}
        ),
        stored_vectors(
            "meetings_agendaitem",
            {"A": every_language("title"), "B": every_language("description") + every_language("outcome")},
        ),
        stored_vectors("meetings_document", {"A": ["symbol", "title"]}),
        # A file's words weigh D, which is also an unweighted vector's weight.
        stored_vectors("meetings_documenttext", {"": ["text"]}),
        stored_vectors("meetings_minutes", {"A": ["symbol"], "B": ["opening", "next_steps", "chair"]}),
        stored_vectors("meetings_decision", {"A": ["text"]}),
    ]
