"""The counts behind 统计 (models.tallies), kept by database triggers on both engines: every write
to an application, a position, a favorite, a placement or a claim line changes its counts in the
same transaction, whatever code made it (a form, a bulk load, a hand-written UPDATE), so the counts always equal a recount.

PostgreSQL: one trigger per statement, over the statement's changed rows (transition tables),
adds up the changes per key before it touches a count: a bulk load of a million rows changes
each count once, and two transactions that change the same count wait for each other instead
of losing an update (INSERT … ON CONFLICT DO UPDATE takes the row's lock; keys in order, so
two multi-row statements never wait for each other both ways).
SQLite: one trigger per row (it has no statement triggers); one writer at a time anyway.
"""
from dataclasses import dataclass

from ..db import db, is_postgres


@dataclass(frozen=True)
class Tally:
    """A counts `table` of the rows of `source` (as `r`) for which `where` holds, joined to `joins`:
    `keys` are columns made by an expression per engine (sqlite, postgres), `values` the amounts
    added per row. `update_of`: the columns whose change moves a row's counts (SQLite's trigger
    fires on those only). `events`: the writes to `source` that change the counts."""

    name: str
    table: str
    source: str
    keys: dict[str, tuple[str, str]]
    values: dict[str, str]
    where: str = "1 = 1"
    joins: tuple[tuple[str, str], ...] = ()  # (table AS alias, condition)
    events: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")
    update_of: tuple[str, ...] = ()

    def _key(self, column: str, postgres: bool) -> str:
        return self.keys[column][1 if postgres else 0]

    def selection(self, row: str, sign: str, postgres: bool, rows_from: str | None) -> str:
        """SELECT of each row's keys and (signed) values; `rows_from`: the rows as a FROM item, or
        None when `row` is a trigger's NEW or OLD (SQLite)."""
        columns = [f"{self._key(k, postgres).format(r=row)} AS {k}" for k in self.keys]
        columns += [f"{sign}({v.format(r=row)}) AS {k}" for k, v in self.values.items()]
        sources = ([rows_from] if rows_from else []) + [table for table, _ in self.joins]
        conditions = [self.where.format(r=row)] + [on.format(r=row) for _, on in self.joins]
        return (f"SELECT {', '.join(columns)}" + (f" FROM {', '.join(sources)}" if sources else "")
                + f" WHERE {' AND '.join(conditions)}")

    @property
    def _upsert(self) -> str:
        keys = ", ".join(self.keys)
        added = ", ".join(f"{v} = {self.table}.{v} + excluded.{v}" for v in self.values)
        return f"ON CONFLICT ({keys}) DO UPDATE SET {added}"

    @property
    def _columns(self) -> str:
        return ", ".join([*self.keys, *self.values])

    def sqlite_ddl(self) -> list[str]:
        into = f"INSERT INTO {self.table} ({self._columns}) "
        statement = {
            "+": into + self.selection("new", "+", False, None) + " " + self._upsert + ";",
            "-": into + self.selection("old", "-", False, None) + " " + self._upsert + ";",
        }
        made = []
        for event in self.events:
            body = {"INSERT": statement["+"], "DELETE": statement["-"],
                    "UPDATE": statement["-"] + " " + statement["+"]}[event]
            of = f" OF {', '.join(self.update_of)}" if event == "UPDATE" and self.update_of else ""
            made.append(f"CREATE TRIGGER IF NOT EXISTS tally_{self.name}_{event.lower()} "
                        f"AFTER {event}{of} ON {self.source} BEGIN {body} END")
        return made

    def postgres_ddl(self) -> list[str]:
        keys = ", ".join(self.keys)
        sums = ", ".join(f"SUM({v})" for v in self.values)
        changed = " OR ".join(f"SUM({v}) <> 0" for v in self.values)

        def apply(*parts: str) -> str:
            return (f"INSERT INTO {self.table} ({self._columns}) SELECT {keys}, {sums} "
                    f"FROM ({' UNION ALL '.join(parts)}) AS changes GROUP BY {keys} HAVING {changed} "
                    f"ORDER BY {keys} {self._upsert};")

        added = self.selection("r", "+", True, "new_rows AS r")
        taken = self.selection("r", "-", True, "old_rows AS r")
        body = {"INSERT": apply(added), "DELETE": apply(taken), "UPDATE": apply(taken, added)}
        branches = " ELS".join(f"IF TG_OP = '{event}' THEN {body[event]}" for event in self.events)
        made = [f"CREATE OR REPLACE FUNCTION tally_{self.name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{branches} END IF; RETURN NULL; END $$"]
        for event in self.events:
            tables = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                      "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[event]
            made.append(f"CREATE OR REPLACE TRIGGER tally_{self.name}_{event.lower()} AFTER {event} ON {self.source} "
                        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION tally_{self.name}()")
        return made

    def recount_sql(self, postgres: bool) -> str:
        """The counts made from every row (into an emptied table)."""
        keys = ", ".join(self.keys)
        sums = ", ".join(f"SUM({v})" for v in self.values)
        rows = self.selection("r", "+", postgres, f"{self.source} AS r")
        return f"INSERT INTO {self.table} ({self._columns}) SELECT {keys}, {sums} FROM ({rows}) AS found GROUP BY {keys}"


SUBMITTED_DAY = ("substr({r}.submitted_at, 1, 10)", "CAST({r}.submitted_at AS date)")
SUBMITTED_MONTH = ("substr({r}.submitted_at, 1, 7)", "to_char({r}.submitted_at, 'YYYY-MM')")
APPLICATION_KEYS = {"region": ("{r}.jurisdiction_id",) * 2, "category": ("{r}.category",) * 2,
                    "status": ("{r}.status",) * 2}
APPLICATION_MOVES = ("jurisdiction_id", "submitted_at", "category", "status")
OPEN = "{r}.status = 'open'"
POSITION_MOVES = ("region_id", "deadline", "status", "openings")

TALLIES = (
    Tally("application_day", "application_day_count", "application",
          {"region": APPLICATION_KEYS["region"], "day": SUBMITTED_DAY, "category": APPLICATION_KEYS["category"],
           "status": APPLICATION_KEYS["status"]}, {"count": "1"}, update_of=APPLICATION_MOVES),
    Tally("application_month", "application_month_count", "application",
          {"region": APPLICATION_KEYS["region"], "month": SUBMITTED_MONTH, "category": APPLICATION_KEYS["category"],
           "status": APPLICATION_KEYS["status"]}, {"count": "1"}, update_of=APPLICATION_MOVES),
    Tally("open_position_day", "open_position_day_count", "position",
          {"region": ("{r}.region_id",) * 2, "deadline": ("{r}.deadline",) * 2},
          {"positions": "1", "openings": "{r}.openings"}, where=OPEN, update_of=POSITION_MOVES),
    Tally("open_position_month", "open_position_month_count", "position",
          {"region": ("{r}.region_id",) * 2, "month": ("substr({r}.deadline, 1, 7)", "to_char({r}.deadline, 'YYYY-MM')")},
          {"positions": "1", "openings": "{r}.openings"}, where=OPEN, update_of=POSITION_MOVES),
    # A favorite counts in its position's place; a position moved to another place takes its
    # favorites along (positions are closed, never deleted: a deleted one's favorites go with it).
    Tally("favorite", "favorite_count", "favorite", {"region": ("p.region_id",) * 2}, {"favorites": "1"},
          joins=(("position AS p", "p.id = {r}.position_id"),), update_of=("position_id",)),
    Tally("favorite_moved", "favorite_count", "position", {"region": ("{r}.region_id",) * 2},
          {"favorites": "(SELECT COUNT(*) FROM favorite AS f WHERE f.position_id = {r}.id)"},
          events=("UPDATE",), update_of=("region_id",)),
)


FILED_OR_ENDED = "{r}.status IN ('filed', 'ended')"
TRAINEES = {
    "placements": "1",
    "filed": "CASE WHEN {r}.status = 'filed' THEN 1 ELSE 0 END",
    "completed": "CASE WHEN {r}.ending = 'completed' THEN 1 ELSE 0 END",
    "left_early": "CASE WHEN {r}.ending = 'left' THEN 1 ELSE 0 END",
    "hired": "CASE WHEN {r}.ending = 'hired' THEN 1 ELSE 0 END",
    "retained": "CASE WHEN {r}.retained THEN 1 ELSE 0 END",
    "unrecorded": "CASE WHEN {r}.ending = 'completed' AND {r}.retained IS NULL THEN 1 ELSE 0 END",
}
PLACEMENT_MOVES = ("region_id", "employer_id", "status", "ending", "retained")

TALLIES += (
    Tally("placement_region", "placement_region_count", "placement", {"region": ("{r}.region_id",) * 2},
          TRAINEES, where=FILED_OR_ENDED, update_of=PLACEMENT_MOVES),
    Tally("placement_unit", "placement_unit_count", "placement",
          {"region": ("{r}.region_id",) * 2, "employer": ("{r}.employer_id",) * 2},
          TRAINEES, where=FILED_OR_ENDED, update_of=PLACEMENT_MOVES),
    # A line counts in its claim's place (claims are never moved or deleted once they have lines).
    Tally("claim_line", "claim_line_count", "claim_line",
          {"region": ("c.region_id",) * 2, "kind": ("{r}.kind",) * 2, "state": ("{r}.state",) * 2},
          {"lines": "1", "amount_fen": "{r}.amount_fen"}, joins=(("claim AS c", "c.id = {r}.claim_id"),),
          update_of=("claim_id", "kind", "state", "amount_fen")),
)


def ddl(postgres: bool) -> list[str]:
    return [statement for tally in TALLIES for statement in (tally.postgres_ddl() if postgres else tally.sqlite_ddl())]


def install() -> None:
    """The triggers that keep the counts (safe to run again)."""
    for statement in ddl(is_postgres()):
        db.execute_sql(statement)


def recount() -> None:
    """Every count made again from the rows: after the counts' tables are first made, or after a
    bulk load that ran without the triggers."""
    with db.atomic():
        for table in dict.fromkeys(tally.table for tally in TALLIES):
            db.execute_sql(f"DELETE FROM {table}")
        for tally in TALLIES:
            if "INSERT" in tally.events:
                db.execute_sql(tally.recount_sql(is_postgres()))
