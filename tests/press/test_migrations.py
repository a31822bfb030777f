"""Moving press releases out of groups keeps every row of a database made with the old layout.

The dump was made by `migrate` and `load_demo` before the move (5 releases, 3 sets, 4 reference
counters). Each test restores it into its own SQLite file and migrates it in a subprocess, so
it runs the same whatever database the rest of the suite uses.
"""

import gzip
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DUMP = Path(__file__).parent / "fixtures" / "old_layout_demo.sql.gz"
MODELS = ["historicalpressrelease", "pressreferencecounter", "pressrelease", "pressreleaseset"]
RELEASE_COLUMNS = "id, release_set_id, language, status, reference, slug, title, summary, body, body_html"


def manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(DATABASE_URL=f"sqlite:///{database}", DEBUG="true", DJANGO_SECRET_KEY="migration-test")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def tables(database: Path) -> set[str]:
    return {name for (name,) in rows(database, "SELECT name FROM sqlite_master WHERE type = 'table'")}


def snapshot(database: Path, prefix: str) -> dict:
    return {
        "sets": rows(
            database, f"SELECT id, group_id, meeting_id, created_at FROM {prefix}_pressreleaseset ORDER BY id"
        ),
        "releases": rows(database, f"SELECT {RELEASE_COLUMNS} FROM {prefix}_pressrelease ORDER BY id"),
        "counters": rows(
            database,
            f"SELECT id, year, language, last_number FROM {prefix}_pressreferencecounter ORDER BY id",
        ),
        "history": rows(
            database, f"SELECT history_id, id, title FROM {prefix}_historicalpressrelease ORDER BY 1"
        ),
    }


def content_types(database: Path) -> dict[str, tuple[int, str]]:
    names = ", ".join(f"'{model}'" for model in MODELS)
    found = rows(database, f"SELECT model, id, app_label FROM django_content_type WHERE model IN ({names})")
    return {model: (pk, app_label) for model, pk, app_label in found}


def permissions(database: Path) -> list[tuple]:
    return rows(
        database,
        "SELECT p.id, p.codename, ct.app_label FROM auth_permission p "
        "JOIN django_content_type ct ON ct.id = p.content_type_id "
        "WHERE p.codename LIKE '%press%' ORDER BY p.id",
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("oldlayout") / "old_layout.sqlite3"
    with sqlite3.connect(database) as connection:
        # Django's SQLite backend provides REGEXP, which the dump's check constraints use.
        connection.create_function("REGEXP", 2, lambda pattern, value: bool(re.search(pattern, value or "")))
        connection.executescript(gzip.decompress(DUMP.read_bytes()).decode())
    before = {
        "data": snapshot(database, "groups"),
        "content_types": content_types(database),
        "permissions": permissions(database),
        "granted": rows(database, "SELECT group_id, permission_id FROM auth_group_permissions ORDER BY 1, 2"),
    }
    result = manage(database, "migrate", "--noinput")
    assert result.returncode == 0, result.stdout + result.stderr
    return database, before


def test_the_dump_has_the_old_layout_and_the_demo_releases(migrated):
    _database, before = migrated
    assert len(before["data"]["releases"]) == 5
    assert len(before["data"]["sets"]) == 3
    assert len(before["data"]["counters"]) == 4
    assert {app_label for _pk, app_label in before["content_types"].values()} == {"groups"}


def test_every_press_row_survives_under_the_new_tables(migrated):
    database, before = migrated
    after = snapshot(database, "press")
    assert after == before["data"]
    assert {reference for (*_, reference, _slug, _t, _s, _b, _h) in after["releases"]} >= {
        "E-079/23",
        "S-079/23",
    }


def test_the_old_tables_are_gone(migrated):
    database, _before = migrated
    names = tables(database)
    assert not {f"groups_{model}" for model in MODELS} & names
    assert {f"press_{model}" for model in MODELS} <= names


def test_content_types_move_with_their_permissions_and_grants(migrated):
    database, before = migrated
    after = content_types(database)
    # Same rows, relabelled: permissions, grants and admin history keep pointing at them.
    assert after == {model: (pk, "press") for model, (pk, _label) in before["content_types"].items()}
    assert permissions(database) == [
        (pk, codename, "press") for pk, codename, _label in before["permissions"]
    ]
    assert (
        rows(database, "SELECT group_id, permission_id FROM auth_group_permissions ORDER BY 1, 2")
        == (before["granted"])
    )


def test_nothing_is_left_to_migrate(migrated):
    database, _before = migrated
    check = manage(database, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    plan = manage(database, "showmigrations", "press", "groups")
    assert plan.returncode == 0, plan.stderr
    assert "[ ]" not in plan.stdout
    assert "0002_rename_tables" in plan.stdout
