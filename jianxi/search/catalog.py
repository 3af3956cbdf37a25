"""What the public search reads, kept in step with every write: the keyword index and the
catalogue's data version.

Keywords (search.keywords): each position's index text, with terms for its place and 学历要求,
is held in an FTS5 table on SQLite and under a GIN index on PostgreSQL. A keyword finds its
candidates through its pieces (a one-character keyword through the characters), and unless the
pieces one after another are the keyword itself, the substring rule then confirms each one: the
results are exactly those of a plain substring search, only found through an index.

Data version: one number that database triggers raise on every write to positions or employers,
inside that write's transaction, whatever code made it. Cached search results are keyed by it,
so no server shows a result from before a write, and servers behind a load balancer need not
talk to each other: on PostgreSQL the trigger also sends NOTIFY, and each server learns the new
version from it (search.version_watch) instead of reading it on every request.
"""
import contextlib
import time

from peewee import SQL, NodeList, Table, Value, fn

from ..db import db, is_postgres
from ..models import CatalogVersion, Employer, Position
from . import keywords


def indexed_text(row: str = "") -> str:
    """SQL for what the keyword index holds of a position (of `row`, in a trigger): its pieces, then
    one term each for its county, its city and its 学历要求, so that a search's filters narrow the
    candidates inside the index instead of after it. No piece can equal these terms (pieces have
    one or two characters, the terms five or more)."""
    p = f"{row}." if row else ""
    return f"{p}search_text || ' r' || {p}region_id || ' c' || {p}city_id || ' e' || {p}education"


def filter_terms(county: str, city: str, education: str) -> list[str]:
    """The index terms for a search's filters (a county implies its city)."""
    return [term for term, wanted in ((f"r{county}", county), (f"c{city}", city and not county),
                                      (f"e{education}", education)) if wanted]


SQLITE_DDL = (
    # FTS5 reads what it indexes from this view when it is rebuilt (an external content table).
    f"CREATE VIEW IF NOT EXISTS position_indexed AS SELECT id, {indexed_text()} AS search_text FROM position",
    "CREATE VIRTUAL TABLE IF NOT EXISTS position_fts USING fts5("
    "search_text, content='position_indexed', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS position_fts_insert AFTER INSERT ON position BEGIN "
    f"INSERT INTO position_fts(rowid, search_text) VALUES (new.id, {indexed_text('new')}); END",
    "CREATE TRIGGER IF NOT EXISTS position_fts_delete AFTER DELETE ON position BEGIN "
    f"INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, {indexed_text('old')}); END",
    "CREATE TRIGGER IF NOT EXISTS position_fts_update "
    "AFTER UPDATE OF search_text, region_id, city_id, education ON position BEGIN "
    f"INSERT INTO position_fts(position_fts, rowid, search_text) VALUES ('delete', old.id, {indexed_text('old')}); "
    f"INSERT INTO position_fts(rowid, search_text) VALUES (new.id, {indexed_text('new')}); END",
)
SQLITE_DDL += tuple(
    f"CREATE TRIGGER IF NOT EXISTS catalog_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; END"
    for table in ("position", "employer") for event in ("INSERT", "UPDATE", "DELETE")
)
POSTGRES_TERMS = f"string_to_array({indexed_text()}, ' ')"
# NOTIFY tells every server's listener (search.version_watch) on commit, so none reads the version
# per request; a rolled-back write notifies no one.
CATALOG_CHANGED = (
    "CREATE OR REPLACE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE catalog_version SET version = version + 1 WHERE id = 1; "
    "PERFORM pg_notify('catalog_version', ''); RETURN NULL; END $$"
)
POSTGRES_DDL = (
    f"CREATE INDEX IF NOT EXISTS position_search_terms ON position USING GIN ({POSTGRES_TERMS})",
    CATALOG_CHANGED,
) + tuple(
    f"CREATE OR REPLACE TRIGGER catalog_{table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed()"
    for table in ("position", "employer")
)


def keyword_condition(keyword: str, terms: list[str] = ()) -> tuple[object | None, bool]:
    """(condition, exact): a condition narrowing positions to those holding the keyword's pieces and
    the filter `terms`, and whether it alone is the substring rule (else the rule must confirm each
    candidate). (None, False) when the keyword has no letter or digit: only the rule can search."""
    phrases = keywords.terms(keyword)
    if not phrases:
        return None, False
    exact = keywords.exact_by_pieces(keyword)
    if is_postgres():
        return _postgres_condition(phrases, terms, exact), exact
    return Position.id.in_(SQL("(SELECT rowid FROM position_fts WHERE position_fts MATCH ?)",
                               [_fts_match(phrases, terms)])), exact


def driven_by_index(query, keyword: str, terms: list[str]):
    """`query` with its candidates coming from the keyword index, in the index's order: a LIMIT
    then stops after that many matches instead of after finding them all. Returns (query, exact)."""
    if is_postgres():  # a GIN index hands its matches over in no order: the same condition
        condition, exact = keyword_condition(keyword, terms)
        return query.where(condition), exact
    match = _fts_match(keywords.terms(keyword), terms)
    return query.join(FTS, on=(FTS.rowid == Position.id)).where(
        SQL("position_fts MATCH ?", [match])), keywords.exact_by_pieces(keyword)


FTS = Table("position_fts", ("rowid",))


def _fts_match(phrases: list[str], terms: list[str]) -> str:
    """Each run of the keyword as a phrase (its pieces one after another), and every filter term."""
    return " AND ".join(['"' + phrase + '"' for phrase in phrases] + list(terms))


def _postgres_condition(phrases: list[str], terms: list[str], exact: bool):
    """The same expression as the GIN index, so the index answers, for the rarest of the keyword's
    pieces (`_rarest`) and the filter terms. When the pieces one after another are the
    keyword (`exact`), the phrase is checked in the row's own index text, which needs no
    employer: space-delimited, a phrase matches whole pieces only."""
    text = Position.search_text
    for prefix, column in ((" r", Position.region), (" c", Position.city), (" e", Position.education)):
        text = text.concat(prefix).concat(column)
    wanted = _rarest(list(dict.fromkeys(piece for phrase in phrases for piece in phrase.split()))) + list(terms)
    condition = NodeList((fn.string_to_array(text, " "), SQL("@>"), Value(wanted, unpack=False)))
    return condition & phrase_rule(phrases[0]) if exact else condition


# A GIN index answers "holds all of these" by reading every one's list of rows whole, and the
# pieces of one phrase mostly come together (社区 区服 服务 …): their lists cost much and narrow
# little. The rarest piece, and a second if it is rare too, narrow as much; the phrase check
# does the rest. The filter terms stay: without them many more rows would be read to check.
RARE_ENOUGH = 0.05
COMMON = 0.08
STATISTICS_FOR_SECONDS = 600
_statistics = {"read_at": -STATISTICS_FOR_SECONDS, "of": None}


def _rarest(pieces: list[str]) -> list[str]:
    frequency = _frequencies()
    if frequency is None:  # no statistics yet (a database never analysed): all of them
        return pieces
    ordered = sorted(pieces, key=frequency)
    return ordered[:1] + [e for e in ordered[1:2] if frequency(e) < RARE_ENOUGH]


def _frequencies():
    """How often each piece or term occurs, from PostgreSQL's statistics of the GIN index's
    expression (its most common elements; any other is rarer than all of them). Read at most
    every STATISTICS_FOR_SECONDS per process: they change slowly and only choose a plan."""
    now = time.monotonic()
    if now - _statistics["read_at"] >= STATISTICS_FOR_SECONDS:
        row = db.execute_sql(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'position_search_terms'").fetchone()
        if row and row[0]:
            known = dict(zip(row[0], row[1]))
            floor = row[1][len(row[0])] / 2  # after the frequencies: their minimum
            _statistics["of"] = lambda element: known.get(element, floor)
        else:
            _statistics["of"] = None
        _statistics["read_at"] = now
    return _statistics["of"]


def common_everywhere(keyword: str, terms: list[str]) -> bool:
    """PostgreSQL: whether every piece of the keyword is on so many rows (and no filter narrows
    them) that reading rows in any order finds the first matches sooner than a GIN index can
    list them all. The keyword must be its pieces (phrase_rule is then the substring rule)."""
    if not is_postgres() or terms or not keywords.exact_by_pieces(keyword):
        return False
    frequency = _frequencies()
    return frequency is not None and min(map(frequency, keywords.terms(keyword)[0].split())) >= COMMON


def listed_briefly(keyword: str) -> bool:
    """PostgreSQL: whether the keyword's rarest piece is on under RARE_ENOUGH of all rows, so its
    list in the GIN index is short to read (true when no statistics say otherwise)."""
    frequency = _frequencies()
    pieces = [piece for phrase in keywords.terms(keyword) for piece in phrase.split()]
    return frequency is None or min(map(frequency, pieces)) < RARE_ENOUGH


def phrase_rule(phrase: str, text=Position.search_text):
    """The phrase's pieces one after another in the row's own index `text`: for a keyword whose
    pieces are exact (keywords.exact_by_pieces), the substring rule without reading the employer.
    Space-delimited on both sides, so it matches whole pieces only (pieces hold no % or _)."""
    spaced = Value(" ").concat(text).concat(" ")
    return NodeList((spaced, SQL("LIKE"), f"% {phrase} %"))


def install() -> None:
    """The index structures the engine needs (safe to run again)."""
    for statement in POSTGRES_DDL if is_postgres() else SQLITE_DDL:
        db.execute_sql(statement)
    CatalogVersion.insert(id=1, version=1).on_conflict_ignore().execute()


VERSION_SQL = "SELECT version FROM catalog_version WHERE id = 1"


def version() -> int:
    """The catalogue's data version now: one primary-key read, written as plain SQL because public
    pages ask it often (search.version_watch says how often) and the query builder would cost
    more than the read."""
    row = db.execute_sql(VERSION_SQL).fetchone()
    return row[0] if row else 0


def reindex(condition) -> int:
    """The one writer of positions' index text: rewrite it, from their title and their employer's
    name as they are now, for the positions matching `condition`; returns how many. A position
    saved one at a time gets it from the model, and bulk inserts from keywords.index_text."""
    rows = list(Position.select(Position.id, Position.title, Employer.name).join(Employer).where(condition).tuples())
    for position_id, title, name in rows:
        Position.update(search_text=keywords.index_text(title, name)).where(Position.id == position_id).execute()
    return len(rows)


def reindex_employer(employer: Employer) -> None:
    """An employer's new name goes into the index text of every position of theirs."""
    reindex(Position.employer == employer.id)


@contextlib.contextmanager
def bulk_loading():
    """For loading very many positions at once: the indexes (the keyword index among them) are
    built once at the end, by sorting, rather than row by row, and the version is raised once.
    Nothing else may write meanwhile."""
    Position._schema.drop_indexes(safe=True)
    if is_postgres():
        db.execute_sql("DROP INDEX IF EXISTS position_search_terms")
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
            ids = [row[0] for row in Position.select(Position.id).where(Position.id > last)
                   .order_by(Position.id).limit(batch).tuples()]
            if not ids:
                return done
            done, last = done + reindex(Position.id.in_(ids)), ids[-1]
