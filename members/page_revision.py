"""One database row that changes whenever a table shown on a cached public page changes.

Each tracked table carries a trigger (created by its own app's migration through `track`) that
rewrites the row's `revision` in the same transaction as the change. So the value a page reads
in its first query names exactly the committed state of every tracked table: whatever writes
(a service, the admin, the shell, a data migration, a raw UPDATE) moves it at its commit, and a
cached rendering keyed by it is never served after a change. Triggers, not application hooks,
because only the database sees every write.

On PostgreSQL the shared row is moved at commit, once per transaction (a deferred constraint
trigger): it is locked only in a transaction's last instant, after every other lock the transaction
takes, so writers wait for each other at most that instant and can never deadlock through it (a
trigger per statement would hold it from the first write to the commit, and two services locking
the same rows in another order would deadlock). Inside a writing transaction a page must still
see its own writes: there the value also carries the transaction's id and a count of its write
statements (a transaction-local setting, no lock), so such a page is keyed apart and never shared.
Each move adds 1 plus a random step, so committed values only grow and a value seen once does not
come back, not even after a rolled-back test or a TRUNCATE that empties the row (the next write
re-creates it; until then the value is NULL and nothing is cached).
On SQLite (one writer at a time) every write statement sets a random 63-bit number.

On SQLite a table rebuilt by a later migration loses its triggers: tests/members/test_page_revision.py
checks that every table the cached pages read still has one.
"""

from django.db import connection, models
from django.db.models import CharField, Subquery
from django.db.models.expressions import RawSQL

ROW = 1
TABLE = "members_pagerevision"
PG_FUNCTION = "members_bump_page_revision"


class PageRevision(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=ROW)
    revision = models.BigIntegerField(default=0)

    class Meta:
        app_label = "members"
        verbose_name = "page revision"

    def __str__(self):
        return str(self.revision)


def current_subquery():
    """The revision as a column of a page's first query: read in the same snapshot as its row."""
    if connection.vendor == "postgresql":
        return RawSQL(PG_CURRENT, [], output_field=CharField())  # noqa: S611 (a constant, no input)
    return Subquery(PageRevision.objects.filter(pk=ROW).values("revision")[:1])


# NULL while the row is missing; outside a writing transaction just the committed revision.
PG_CURRENT = (
    "(SELECT revision::text FROM members_pagerevision WHERE id = 1)"
    " || coalesce(':' || txid_current_if_assigned()::text"
    " || ':' || coalesce(current_setting('plenary.page_writes', true), ''), '')"
)

# Table names come from migrations, never from input.
PG_CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION members_bump_page_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'TRUNCATE' AND current_setting('plenary.page_revision_moved', true) = 'yes' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('plenary.page_revision_moved', 'yes', true);
    INSERT INTO members_pagerevision (id, revision) VALUES (1, 1 + floor(random() * 1e9)::bigint)
    ON CONFLICT (id) DO UPDATE
    SET revision = members_pagerevision.revision + 1 + floor(random() * 1e9)::bigint;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION members_note_page_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config(
        'plenary.page_writes',
        (coalesce(nullif(current_setting('plenary.page_writes', true), ''), '0')::bigint + 1)::text,
        true
    );
    RETURN NULL;
END $$;
"""


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{table}_page_revision_{op.lower()}" AFTER {op} ON "{table}" '  # noqa: S608
        f"BEGIN INSERT INTO {TABLE} (id, revision) VALUES ({ROW}, abs(random())) "
        f"ON CONFLICT (id) DO UPDATE SET revision = excluded.revision; END"
        for op in ("INSERT", "UPDATE", "DELETE")
    ]


def _postgresql_triggers(table: str) -> list[str]:
    return [
        *_postgresql_drops(table),
        # At commit, once per transaction (see the module's docstring).
        f'CREATE CONSTRAINT TRIGGER "{table}_page_revision" AFTER INSERT OR UPDATE OR DELETE '
        f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()',
        # A TRUNCATE (a constraint trigger cannot watch one) locks the whole table anyway.
        f'CREATE TRIGGER "{table}_page_revision_truncate" AFTER TRUNCATE '
        f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()',
        f'CREATE TRIGGER "{table}_page_write" AFTER INSERT OR UPDATE OR DELETE '
        f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION members_note_page_write()',
    ]


def _postgresql_drops(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS "{table}_{name}" ON "{table}"'
        for name in ("page_revision", "page_revision_truncate", "page_write")
    ]


def add_triggers(schema_editor, tables) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            statements = _postgresql_triggers(table)
        elif vendor == "sqlite":
            statements = _sqlite_triggers(table)
        else:
            raise NotImplementedError(f"page revision triggers for {vendor}")
        for statement in statements:
            schema_editor.execute(statement)


def remove_triggers(schema_editor, tables) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            for statement in _postgresql_drops(table):
                schema_editor.execute(statement)
        else:
            for op in ("insert", "update", "delete"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_page_revision_{op}"')


def track(*tables: str):
    """A migration operation: the tables' changes move the page revision from now on."""
    from django.db import migrations

    return migrations.RunPython(
        lambda apps, schema_editor: add_triggers(schema_editor, tables),
        lambda apps, schema_editor: remove_triggers(schema_editor, tables),
    )


def tracked_tables(connection) -> set[str]:
    """Tables that carry the trigger, read from the database itself."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE %s",
                ["%\\_page\\_revision"],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        names: dict[str, set[str]] = {}
        for table, name in cursor.fetchall():
            names.setdefault(table, set()).add(name)
        return {
            table
            for table, found in names.items()
            if {f"{table}_page_revision_{op}" for op in ("insert", "update", "delete")} <= found
        }
