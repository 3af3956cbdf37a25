"""What the public search reads, kept in step with every write: the keyword index and the
catalogue's data version.

Keywords (jianxi.keywords): each position's index text is held in an FTS5 table on SQLite and
under a GIN index on PostgreSQL. A keyword of two or more characters finds its candidates
through its pieces and the substring rule then confirms each one, so the results are exactly
those of a plain substring search, only found through an index. A one-character keyword has
no piece and is searched by the substring rule alone.

Data version: one number that database triggers raise on every write to positions or employers,
inside that write's transaction, whatever code made it. Cached search results are keyed by it,
so no server shows a result from before a write, and servers behind a load balancer need not
talk to each other.
"""
import contextlib

from peewee import SQL, NodeList, Value, fn

from .. import keywords
from ..extensions import db
from ..models import CatalogVersion, Employer, Position

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS position_fts USING fts5("
    "search_text, content='position', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS position_fts_insert AFTER INSERT ON position BEGIN "
    "INSERT INTO position_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS position_fts_delete AFTER DELETE ON position BEGIN "
    "INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS position_fts_update AFTER UPDATE OF search_text ON position BEGIN "
    "INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO position_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_DDL += tuple(
    f"CREATE TRIGGER IF NOT EXISTS catalog_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; END"
    for table in ("position", "employer") for event in ("INSERT", "UPDATE", "DELETE")
)
POSTGRES_DDL = (
    "CREATE INDEX IF NOT EXISTS position_search_pieces ON position "
    "USING GIN (string_to_array(search_text, ' '))",
    "CREATE OR REPLACE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$",
) + tuple(
    f"CREATE OR REPLACE TRIGGER catalog_{table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed()"
    for table in ("position", "employer")
)


def keyword_condition(column_id, keyword: str) -> tuple[object | None, bool]:
    """(condition, exact): a condition narrowing positions to those holding the keyword's pieces,
    and whether it alone is the substring rule (else the rule must confirm each candidate).
    (None, False) when the keyword has no letter or digit: only the rule can search."""
    phrases = keywords.terms(keyword)
    if not phrases:
        return None, False
    if is_postgres():  # the same expression as the GIN index, so the index answers
        wanted = list(dict.fromkeys(term for phrase in phrases for term in phrase.split()))
        return NodeList((fn.string_to_array(Position.search_text, " "), SQL("@>"), Value(wanted, unpack=False))), False
    # SQLite: each run of the keyword as a phrase (its pieces one after another).
    match = " AND ".join('"' + phrase + '"' for phrase in phrases)
    condition = column_id.in_(SQL("(SELECT rowid FROM position_fts WHERE position_fts MATCH ?)", [match]))
    return condition, keywords.exact_by_pieces(keyword)


def install() -> None:
    """The index structures the engine needs (safe to run again)."""
    for statement in POSTGRES_DDL if is_postgres() else SQLITE_DDL:
        db.execute_sql(statement)
    CatalogVersion.insert(id=1, version=1).on_conflict_ignore().execute()


def is_postgres() -> bool:
    return "postgres" in type(db.obj).__name__.lower()


def version() -> int:
    """The catalogue's data version now: one primary-key read per request, written as plain SQL
    because it runs on every public page and the query builder would cost more than the read."""
    row = db.execute_sql("SELECT version FROM catalog_version WHERE id = 1").fetchone()
    return row[0] if row else 0


def reindex_employer(employer: Employer) -> None:
    """An employer's new name goes into the index text of every position of theirs."""
    for position in Position.select(Position.id, Position.title).where(Position.employer == employer.id):
        Position.update(search_text=keywords.index_text(position.title, employer.name)).where(
            Position.id == position.id
        ).execute()


@contextlib.contextmanager
def bulk_loading():
    """For loading very many positions at once: the indexes (the keyword index among them) are
    built once at the end, by sorting, rather than row by row, and the version is raised once.
    Nothing else may write meanwhile."""
    Position._schema.drop_indexes(safe=True)
    if is_postgres():
        db.execute_sql("DROP INDEX IF EXISTS position_search_pieces")
    else:
        for name in ("position_fts_insert", "catalog_position_insert"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        Position._schema.create_indexes(safe=True)
        if not is_postgres():
            db.execute_sql("INSERT INTO position_fts(position_fts) VALUES ('rebuild')")
        install()
        CatalogVersion.update(version=CatalogVersion.version + 1).where(CatalogVersion.id == 1).execute()


def reindex_all(batch: int = 5000) -> int:
    """Recompute every position's index text (after titles or names were changed by hand in SQL,
    or when the index text's form changes); returns how many positions were read."""
    done, last = 0, 0
    with bulk_loading():
        while True:
            rows = list(
                Position.select(Position.id, Position.title, Employer.name).join(Employer)
                .where(Position.id > last).order_by(Position.id).limit(batch).tuples()
            )
            if not rows:
                return done
            for position_id, title, name in rows:
                Position.update(search_text=keywords.index_text(title, name)).where(Position.id == position_id).execute()
            done, last = done + len(rows), rows[-1][0]
