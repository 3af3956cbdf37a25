"""The keyword index also holds each position's county, city and 学历要求 as terms (issue 12), so a
search's filters narrow its candidates inside the index. Written out as on 2026-11-27.

SQLite: the FTS5 table now reads a view that appends the terms, and its triggers write the same.
PostgreSQL: the GIN index over the pieces gives way to one over the pieces and the terms.
Both are rebuilt from the rows already there. The index of open positions by deadline gains the
id, so the deadline order is walked without sorting each day's positions.
"""
import peewee as pw
from peewee_migrate import Migrator


def _indexed(row: str = "") -> str:
    p = f"{row}." if row else ""
    return f"{p}search_text || ' r' || {p}region_id || ' c' || {p}city_id || ' e' || {p}education"


SQLITE = (
    "DROP TRIGGER IF EXISTS position_fts_insert",
    "DROP TRIGGER IF EXISTS position_fts_delete",
    "DROP TRIGGER IF EXISTS position_fts_update",
    "DROP TABLE IF EXISTS position_fts",
    f"CREATE VIEW IF NOT EXISTS position_indexed AS SELECT id, {_indexed()} AS search_text FROM position",
    "CREATE VIRTUAL TABLE position_fts USING fts5("
    "search_text, content='position_indexed', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER position_fts_insert AFTER INSERT ON position BEGIN "
    f"INSERT INTO position_fts(rowid, search_text) VALUES (new.id, {_indexed('new')}); END",
    "CREATE TRIGGER position_fts_delete AFTER DELETE ON position BEGIN "
    f"INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, {_indexed('old')}); END",
    "CREATE TRIGGER position_fts_update "
    "AFTER UPDATE OF search_text, region_id, city_id, education ON position BEGIN "
    f"INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, {_indexed('old')}); "
    f"INSERT INTO position_fts(rowid, search_text) VALUES (new.id, {_indexed('new')}); END",
    "INSERT INTO position_fts(position_fts) VALUES ('rebuild')",
)
POSTGRES = (
    "DROP INDEX IF EXISTS position_search_pieces",
    f"CREATE INDEX IF NOT EXISTS position_search_terms ON position USING GIN (string_to_array({_indexed()}, ' '))",
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Replace the keyword index with one that holds the filter terms too."""
    postgres = isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)  # the app's db is a proxy
    for statement in POSTGRES if postgres else SQLITE:
        migrator.sql(statement)
    migrator.drop_index("position", "status", "deadline")
    migrator.add_index("position", "status", "deadline", "id")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("003 cannot be rolled back; restore the backup taken before the upgrade")
