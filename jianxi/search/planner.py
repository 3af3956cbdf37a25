"""How the public search finds its answer at any size, so that no question costs as much as the
catalogue is large.

- The count is exact up to COUNT_LIMIT and otherwise "more than that": the first COUNT_LIMIT + 1
  matches are found through the keyword index (filters included, search.catalog), which stops
  as soon as it has them, however common the keyword.
- When those are all the matches, a page is cut from them.
- When there are more, a page is found by walking the positions in the page's order through the
  filters' index, checking each against the substring rule, and stopping when the page is full:
  a common keyword fills it within a hundred rows. Only when the walk has read
  WALK_ROWS_PER_PAGE rows for each page wanted without filling it (under one match in a
  hundred) are the matches sorted by the database, and then they are few for the same reason.
- On PostgreSQL, when the first rows walked show the matches too sparse to fill the page soon,
  the rest of the walk is one query instead (`_up_to_edge`): the matches among the rows the walk
  may read, by the keyword index and a range of the order's index together, each index read
  once rather than a row at a time.
"""
import datetime

from peewee import Select, Tuple, Value

from ..db import db, is_postgres
from ..models import Employer, Position
from ..services.matching import contains
from . import catalog, keywords

COUNT_LIMIT = 1000
WALK_ROWS_PER_PAGE = 2000
FIRST_BATCH, LAST_BATCH = 100, 3200
# PostgreSQL: the rows still to walk to fill the page, at the first batch's rate of matches,
# from which the walk hands over to _up_to_edge (a few hundred row visits cost more than it).
WALK_AT_MOST = 300
SCAN_ROWS = 20000

ORDERS = {
    # sort: the columns of the order, and whether they descend
    "newest": ((Position.published_at, Position.id), True),
    "deadline": ((Position.deadline, Position.id), False),
}


def filtered(filters, today: datetime.date):
    """Open positions in the filters' place and 学历要求 (one, or those up to a trainee's own),
    the keyword left out."""
    query = Position.open(today)
    if filters.county:
        query = query.where(Position.region == filters.county)
    elif filters.city:
        query = query.where(Position.city == filters.city)
    levels = filters.education_levels
    if len(levels) == 1:
        query = query.where(Position.education == levels[0])
    elif levels:
        query = query.where(Position.education.in_(levels))
    return query


def keyword_rule(keyword: str):
    """The substring rule: the keyword in the title or the employer's name."""
    return contains(Position.title, keyword) | contains(Employer.name, keyword)


def first_matches(filters, today: datetime.date) -> list:
    """Up to COUNT_LIMIT + 1 matches, in no particular order: with a keyword, each as (id,
    published_at, deadline) to cut a page from; else just their deadlines (which the filters'
    own index holds, so no row is read to count them)."""
    columns = (Position.id, Position.published_at, Position.deadline) if filters.q else (Position.deadline,)
    query = filtered(filters, today).select(*columns)
    if filters.q:
        terms = catalog.filter_terms(filters.county, filters.city, filters.education_level)
        if catalog.common_everywhere(filters.q, terms):
            found = _scanned_first(filters, today)
            if len(found) > COUNT_LIMIT:
                return found
        exact = False
        if keywords.terms(filters.q):  # else no letter or digit: only the substring rule can tell
            query, exact = catalog.driven_by_index(query, filters.q, terms)
        if not exact:
            query = query.join_from(Position, Employer).where(keyword_rule(filters.q))
    return _raw(query.limit(COUNT_LIMIT + 1))


def _scanned_first(filters, today: datetime.date) -> list:
    """Matches among the first SCAN_ROWS open positions, as they lie: for a keyword on
    catalog.COMMON (8%) or more of all rows, 1,001 of them are found within some 15,000."""
    rows = filtered(filters, today).select(Position.id, Position.search_text).limit(SCAN_ROWS).alias("scanned")
    phrase = keywords.terms(filters.q)[0]
    query = Select([rows], [rows.c.id]).where(catalog.phrase_rule(phrase, rows.c.search_text))
    return _raw(query.limit(COUNT_LIMIT + 1))


def order_by(sort: str) -> list:
    columns, descending = ORDERS[sort]
    return [column.desc() if descending else column.asc() for column in columns]


def page_among(matches: list[tuple], sort: str, offset: int, size: int) -> list[int]:
    """The ids of one page of first_matches' (few) matches. Sorted here, on the values as the
    driver gave them, which order as the database orders them: ISO text on SQLite, dates and
    times on PostgreSQL, ids as numbers."""
    if sort == "deadline":
        ordered = sorted(matches, key=lambda row: (row[2], row[0]))
    else:
        ordered = sorted(matches, key=lambda row: (row[1], row[0]), reverse=True)
    return [row[0] for row in ordered[offset:offset + size]]


def walk(filters, today: datetime.date, offset: int, size: int) -> list[int] | None:
    """The ids of one page, found by reading positions in the page's order; None when the walk
    gave up (too few matches among the rows it may read)."""
    columns, descending = ORDERS[filters.sort]
    order = order_by(filters.sort)
    by_pieces = filters.q and keywords.exact_by_pieces(filters.q)
    if not filters.q:
        hit = Value(1)
    elif by_pieces:  # the same as the substring rule, without reading each row's employer
        hit = catalog.phrase_rule(keywords.terms(filters.q)[0])
    else:
        hit = keyword_rule(filters.q)
    base = filtered(filters, today).select(Position.id, columns[0], hit)
    if filters.q and not by_pieces:
        base = base.join_from(Position, Employer)
    wanted, budget = offset + size, WALK_ROWS_PER_PAGE * (offset // size + 1)
    # Without a keyword every row is a match: one batch of exactly the rows wanted. SQLite runs
    # in this process and makes each row only when asked for it, so there one statement reads
    # as far as the budget and is left the moment the page is full; PostgreSQL makes a whole
    # batch before sending it, so there batches are sized by the matches seen so far.
    streamed = filters.q and not is_postgres()
    found, read, after, batch = [], 0, None, (budget if streamed else FIRST_BATCH) if filters.q else wanted
    while read < budget:
        query = base.order_by(*order).limit(batch)
        if after is not None:
            last = Tuple(*(Value(value, converter=False) for value in after))
            query = query.where(Tuple(*columns) < last if descending else Tuple(*columns) > last)
        cursor, rows = db.execute(query), 0
        try:
            for row in cursor:
                rows, after = rows + 1, (row[1], row[0])
                if row[2]:
                    found.append(row[0])
                    if len(found) == wanted:
                        return found[offset:]
        finally:
            cursor.close()
        if rows < batch:  # no more positions: every match is found
            return found[offset:]
        read += rows
        batch = _next_batch(batch, read, len(found), wanted)
        if batch >= WALK_AT_MOST and _edge_cheaper(filters, streamed):
            return _up_to_edge(filters, today, offset, size, budget)
    return None


def _edge_cheaper(filters, streamed: bool) -> bool:
    """Whether _up_to_edge costs less than walking on: on PostgreSQL, for a keyword the index can
    look up whose rarest piece has a short list there (a common piece's list costs more to read
    than the few hundred rows still to walk)."""
    return bool(filters.q and not streamed and is_postgres() and keywords.terms(filters.q)
                and catalog.listed_briefly(filters.q))


def _up_to_edge(filters, today: datetime.date, offset: int, size: int, budget: int) -> list[int] | None:
    """What the walk would find within its reach, found at once: the page among the matches no
    further in the page's order than the open position of the filters as far as the walk may read
    (the edge, from the filters' index). Each match inside the edge comes before every one beyond
    it, so a page full inside it is the page; one left short means the walk would have given up
    (None), unless the filters hold no rows beyond the edge: then it holds every match."""
    column, descending = ORDERS[filters.sort][0][0], ORDERS[filters.sort][1]
    along = column.desc() if descending else column.asc()
    # As far as the walk may read: its last batch may take it up to LAST_BATCH rows past the budget.
    reach = budget + LAST_BATCH
    edge = db.execute(filtered(filters, today).select(column).order_by(along).offset(reach - 1).limit(1)).fetchone()
    query = filtered(filters, today)
    if edge is not None:
        query = query.where(column >= edge[0] if descending else column <= edge[0])
    # The keyword's pieces alone: the range of the filters' own index narrows by place and 学历要求.
    candidates, exact = catalog.keyword_condition(filters.q)
    query = query.where(candidates)
    if not exact:
        query = query.join_from(Position, Employer).where(keyword_rule(filters.q))
    ids = [row[0] for row in db.execute(query.select(Position.id).order_by(*order_by(filters.sort))
                                        .offset(offset).limit(size))]
    return ids if len(ids) == size or edge is None else None


def _next_batch(batch: int, read: int, found: int, wanted: int) -> int:
    """Enough rows to fill the page at the rate of matches seen so far, with a fifth more; four
    times as many when none has been seen yet."""
    if not found:
        return min(batch * 4, LAST_BATCH)
    return max(FIRST_BATCH, min(LAST_BATCH, int((wanted - found) * read / found * 1.2) + 1))


def _raw(query) -> list[tuple]:
    """The rows as the database driver gives them: the dates not parsed (hundreds of rows are
    read for twenty shown, and only the last one's sort key is used, as it came, to go on)."""
    return db.execute(query).fetchall()
