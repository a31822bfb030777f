"""Text search configurations with unaccent, one per language (PostgreSQL only).

`plenary_<language>` copies PostgreSQL's own configuration and puts `unaccent` before the
stemmer, so accented and unaccented spellings match each other.
"""

from django.db import migrations

LANGUAGES = ["english", "spanish", "french", "portuguese"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for language in LANGUAGES:
        name = f"plenary_{language}"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{language})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {language}_stem"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS plenary_{language}")


class Migration(migrations.Migration):
    dependencies = [("members", "0005_names_on_one_line")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
