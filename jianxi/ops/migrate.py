"""Schema migrations (peewee-migrate): the files in jianxi/ops/migrations, applied in order, all the
pending ones in one transaction, recorded in the table migratehistory. `init-db` (and so `make run`) applies
the pending ones; tests/ops/test_migrations.py proves that they build exactly the schema of the models.
"""
from pathlib import Path

from peewee import SqliteDatabase
from peewee_migrate import Router

from ..db import db

MIGRATIONS = Path(__file__).parent / "migrations"
FIRST = "001_initial"
# What a database made by create_tables before migrations existed already holds: the first release
# has no catalog_version table; the code of 2026-11-27 before migrations (make run) has both.
ADOPTABLE = {False: [FIRST], True: [FIRST, "002_review_favorites_offices_search"]}


def _router() -> Router:
    return Router(db, migrate_dir=MIGRATIONS)


def pending() -> list[str]:
    return _router().diff


def record_all() -> None:
    """Record every migration as done, for a schema made straight from the models (create_tables)."""
    router = _router()
    for name in router.todo:
        router.run_one(name, router.migrator, fake=True, force=True)


def upgrade() -> list[str]:
    """Apply every pending migration; returns their names.

    A database made before migrations existed has tables but no history: the migrations whose
    schema it already has are recorded as done without running them (ADOPTABLE).
    """
    router = _router()
    if not router.done:
        tables = set(db.get_tables())
        if "user" in tables:
            for name in ADOPTABLE["catalog_version" in tables]:
                router.run_one(name, router.migrator, fake=True, force=True)
            router = _router()
    # SQLite changes a column by copying its table, and dropping a table that others refer to
    # fails while foreign keys are enforced; the switch only works outside a transaction. So, as
    # SQLite's documentation says: off, migrate, check every reference, then commit.
    sqlite = isinstance(db.obj, SqliteDatabase)
    if sqlite:
        db.pragma("foreign_keys", 0)
    try:
        with db.atomic():  # every pending migration, or none
            applied = router.run()
            if sqlite and (broken := db.execute_sql("PRAGMA foreign_key_check").fetchall()):
                raise RuntimeError(f"迁移后外键不一致，已回滚：{broken[:5]}")
    finally:
        if sqlite:
            db.pragma("foreign_keys", 1)
    return applied
