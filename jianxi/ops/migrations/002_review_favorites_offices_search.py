"""The reviewers' desk, favorites, account security, the offices' employers and positions, and the
search index (issues 8–12 of 2026-11-27).

Existing rows keep their data; new columns get what the code would have given them: a session
token per person, the keyword index text of every position, and the catalogue's version row.
The engine-specific parts (SQLite's FTS5 table and triggers, PostgreSQL's GIN index and
statement triggers) are written out here as they were on that day.
"""
import secrets

import peewee as pw
from peewee_migrate import Migrator

from jianxi.search.keywords import index_text

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS position_fts USING fts5("
    "search_text, content='position', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS position_fts_insert AFTER INSERT ON position BEGIN "
    "INSERT INTO position_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS position_fts_delete AFTER DELETE ON position BEGIN "
    "INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS position_fts_update AFTER UPDATE OF search_text ON position BEGIN "
    "INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO position_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
) + tuple(
    f"CREATE TRIGGER IF NOT EXISTS catalog_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; END"
    for table in ("position", "employer") for event in ("INSERT", "UPDATE", "DELETE")
)
POSTGRES_SEARCH = (
    "CREATE INDEX IF NOT EXISTS position_search_pieces ON position USING GIN (string_to_array(search_text, ' '))",
    "CREATE OR REPLACE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$",
) + tuple(
    f"CREATE OR REPLACE TRIGGER catalog_{table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed()"
    for table in ("position", "employer")
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add what issues 8–12 need to the first schema."""
    # Not named `user`/`position`: a class body that assigns those names cannot see a function's.
    user_model, position_model = migrator.orm["user"], migrator.orm["position"]

    migrator.add_fields("user", session_token=pw.CharField(max_length=32, default=""))
    migrator.sql('CREATE UNIQUE INDEX IF NOT EXISTS user_username_lower ON "user" (LOWER(username))')
    migrator.add_fields("login_attempt", device=pw.CharField(max_length=32, null=True, index=True))
    migrator.add_fields("application", grounds=pw.CharField(max_length=200, default=""))
    migrator.add_index("application", "status", "submitted_at")
    migrator.add_fields(
        "employer", credit_code=pw.CharField(max_length=18, null=True, unique=True), updated_at=pw.DateTimeField(null=True)
    )
    migrator.add_fields(
        "position",
        close_reason=pw.CharField(max_length=10, default=""),
        closed_at=pw.DateTimeField(null=True),
        updated_at=pw.DateTimeField(null=True),
        search_text=pw.TextField(default=""),
        external_ref=pw.CharField(max_length=40, null=True),
    )
    migrator.drop_index("position", "city", "status", "deadline")  # field names, as in the models
    migrator.drop_index("position", "region", "status", "deadline")
    for columns, unique in (
        (("status", "education", "deadline"), False),
        (("status", "education", "published_at"), False),
        (("city", "status", "deadline", "education"), False),
        (("region", "status", "deadline", "education"), False),
        (("employer", "external_ref"), True),
        (("employer", "status"), False),
        (("id", "status", "deadline", "city", "region", "education", "published_at"), False),
    ):
        migrator.add_index("position", *columns, unique=unique)
    migrator.add_index("audit_log", "object_type", "object_id", "at")
    migrator.run(_position_checks, database)

    @migrator.create_model
    class RegistrationAttempt(pw.Model):
        id = pw.AutoField()
        address = pw.CharField(max_length=45)
        attempted_at = pw.DateTimeField()

        class Meta:
            table_name = "registration_attempt"
            indexes = [(("address", "attempted_at"), False)]

    @migrator.create_model
    class Favorite(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model, on_delete="CASCADE")
        position = pw.ForeignKeyField(column_name="position_id", field="id", model=position_model, on_delete="CASCADE")
        slot = pw.IntegerField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "favorite"
            indexes = [(("user", "position"), True), (("user", "slot"), True), (("position", "created_at"), False)]
            constraints = [pw.SQL("CHECK (slot BETWEEN 1 AND 3)")]

    @migrator.create_model
    class ImportDraft(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model, on_delete="CASCADE")
        token = pw.CharField(max_length=32, unique=True)
        filename = pw.CharField(max_length=120)
        content = pw.BlobField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "import_draft"

    @migrator.create_model
    class CatalogVersion(pw.Model):
        id = pw.IntegerField(primary_key=True)
        version = pw.IntegerField(default=1)

        class Meta:
            table_name = "catalog_version"

    migrator.run(_fill, database)


POSITION_CHECKS = ("monthly_subsidy >= 0", "status IN ('open', 'closed')")
# SQLite cannot add a CHECK to a table: the documented way is a new table, copied, renamed.
SQLITE_POSITION = (
    'CREATE TABLE "position_new" ("id" INTEGER NOT NULL PRIMARY KEY, "title" VARCHAR(60) NOT NULL, '
    '"employer_id" INTEGER NOT NULL, "region_id" VARCHAR(6) NOT NULL, "city_id" VARCHAR(6) NOT NULL, '
    '"address" VARCHAR(200) NOT NULL, "openings" INTEGER NOT NULL, "education" VARCHAR(10) NOT NULL, '
    '"major" VARCHAR(60) NOT NULL, "duration_months" INTEGER NOT NULL, "monthly_subsidy" INTEGER NOT NULL, '
    '"duties" TEXT NOT NULL, "contact" VARCHAR(60) NOT NULL, "published_at" DATETIME NOT NULL, '
    '"deadline" DATE NOT NULL, "status" VARCHAR(10) NOT NULL, "close_reason" VARCHAR(10) NOT NULL DEFAULT \'\', '
    '"closed_at" DATETIME, "updated_at" DATETIME, "search_text" TEXT NOT NULL DEFAULT \'\', '
    '"external_ref" VARCHAR(40), FOREIGN KEY ("employer_id") REFERENCES "employer" ("id"), '
    'FOREIGN KEY ("region_id") REFERENCES "region" ("code"), FOREIGN KEY ("city_id") REFERENCES "region" ("code"), '
    "CHECK (openings > 0), CHECK (duration_months BETWEEN 3 AND 12), "
    + ", ".join(f"CHECK ({check})" for check in POSITION_CHECKS) + ")"
)


def _position_checks(database: pw.Database) -> None:
    """Positions' subsidy and status become database rules (the offices now write positions).
    A row that breaks them stops the upgrade, which then changes nothing."""
    if _postgres(database):
        database.execute_sql("ALTER TABLE position " + ", ".join(f"ADD CHECK ({c})" for c in POSITION_CHECKS))
        return
    indexes = [sql for (sql,) in database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'position' AND sql IS NOT NULL")]
    database.execute_sql(SQLITE_POSITION)
    database.execute_sql("INSERT INTO position_new SELECT * FROM position")
    database.execute_sql("DROP TABLE position")
    database.execute_sql('ALTER TABLE position_new RENAME TO "position"')
    for sql in indexes:
        database.execute_sql(sql)


def _fill(database: pw.Database) -> None:
    """Data the new columns need, then the search structures over it."""
    for (user_id,) in database.execute_sql('SELECT id FROM "user"').fetchall():
        database.execute_sql(f'UPDATE "user" SET session_token = {_param(database)} WHERE id = {int(user_id)}',
                             (secrets.token_hex(16),))
    rows = database.execute_sql(
        "SELECT position.id, position.title, employer.name FROM position JOIN employer ON employer.id = position.employer_id"
    ).fetchall()
    for position_id, title, name in rows:
        database.execute_sql(f"UPDATE position SET search_text = {_param(database)} WHERE id = {int(position_id)}",
                             (index_text(title, name),))
    database.execute_sql("INSERT INTO catalog_version (id, version) VALUES (1, 1)")
    postgres = _postgres(database)
    for statement in POSTGRES_SEARCH if postgres else SQLITE_SEARCH:
        database.execute_sql(statement)
    if not postgres:
        database.execute_sql("INSERT INTO position_fts(position_fts) VALUES ('rebuild')")


def _postgres(database: pw.Database) -> bool:
    return isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)  # the app's db is a proxy


def _param(database: pw.Database) -> str:
    return "%s" if _postgres(database) else "?"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("002 cannot be rolled back; restore the backup taken before the upgrade")
