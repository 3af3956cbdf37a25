"""Servers learn of a new catalogue version by NOTIFY instead of reading it per request (issue 25):
on PostgreSQL the trigger function that raises the version also sends NOTIFY catalog_version.
SQLite has no NOTIFY (its servers re-read the version twice a second): nothing changes there.
Written out as on 2026-12-03."""
import peewee as pw
from peewee_migrate import Migrator

CATALOG_CHANGED = (
    "CREATE OR REPLACE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; "
    "PERFORM pg_notify('catalog_version', ''); RETURN NULL; END $$"
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Replace the trigger function on PostgreSQL."""
    if isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase):  # the app's db is a proxy
        migrator.sql(CATALOG_CHANGED)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("011 cannot be rolled back; restore the backup taken before the upgrade")
