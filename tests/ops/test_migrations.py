"""Schema migrations: they build exactly the schema of the models (a model changed without a
migration fails here), and a database of the first release upgrades with all its data."""
import datetime
import re

import pytest

from jianxi import create_app
from jianxi.db import db
from jianxi.models import ALL, Position, User
from jianxi.ops import migrate
from jianxi.ops.schema import create_schema, create_tables, drop_everything
from jianxi.search import filters as search_filters
from jianxi.search import results as positions
from tests import clock
from tests.support import ON_POSTGRES, POSTGRES_URL

TODAY = clock.today()


@pytest.fixture
def empty(tmp_path):
    """An app on an empty database (its own file on SQLite; `test`, emptied, on PostgreSQL)."""
    url = POSTGRES_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "UPLOAD_DIR": str(tmp_path / "uploads")})
    with app.app_context():
        drop_everything()
        yield app
        drop_everything()
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()


def schema() -> dict:
    """Tables, their columns, indexes and CHECK constraints, as the database reports them."""
    found = {}
    with db.connection_context():
        for table in sorted(set(db.get_tables()) - {"migratehistory"}):
            if table.startswith("position_fts"):
                continue
            columns = {(c.name, _type(c.data_type), c.null) for c in db.get_columns(table)}
            indexes = {(tuple(i.columns), i.unique, _where(i.sql)) for i in db.get_indexes(table)}
            found[table] = (columns, indexes, _checks(table))
        found["search structures"] = _search_structures()
    return found


def _search_structures() -> set[str]:
    """The keyword index and what keeps it in step: SQLite's FTS5 table, view and triggers,
    PostgreSQL's expression indexes, triggers and the version's trigger function (its NOTIFY), as
    the database holds them."""
    if ON_POSTGRES:
        rows = db.execute_sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'position' AND indexdef LIKE '%%USING gin%%' "
            "UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "UNION ALL SELECT prosrc FROM pg_proc WHERE proname = 'catalog_changed'"
        ).fetchall()
    else:
        rows = db.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type IN ('view', 'trigger') OR name = 'position_fts'"
        ).fetchall()
    return {re.sub(r"\s+|IF NOT EXISTS ", "", row[0]) for row in rows}


def _type(data_type: str) -> str:
    """Column types as both paths write them (SQLite keeps the declared text; PG its own names)."""
    return re.sub(r"\(.*\)", "", data_type.lower()).replace("character varying", "varchar")


def _where(sql: str | None) -> str:
    match = re.search(r"\bWHERE\b(.*)$", sql or "", re.I | re.S)
    return re.sub(r"[\s\"()]", "", match.group(1)).lower() if match else ""


def _checks(table: str) -> set[str]:
    if ON_POSTGRES:
        rows = db.execute_sql(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c' AND conrelid = %s::regclass",
            (f'"{table}"',),
        ).fetchall()
    else:
        sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
        rows = [(check,) for check in re.findall(r"CHECK \((.*?)\)(?:,|\s*\)$)", sql, re.S)]
    return {re.sub(r"[\s\"()]|::\w+(\[\])?", "", row[0]).lower().removeprefix("check") for row in rows}


def test_the_migrations_build_exactly_the_models_schema(empty):
    with db.connection_context():
        applied = migrate.upgrade()
    assert applied == migrate.pending() + applied and applied[0] == migrate.FIRST and len(applied) >= 2
    migrated = schema()
    drop_everything()
    create_tables()
    made = schema()
    assert set(migrated) == set(made), "a table without a migration, or a migration without a table"
    for table in made:
        assert migrated[table] == made[table], f"{table}: the models and the migrations disagree"


def _first_release_data() -> None:
    """A row in every table of the first release's schema (as its code would have written them)."""
    sql = [
        "INSERT INTO employer (name, region_id, address, contact_person, phone) VALUES ('山西旧单位', '140105', 'x', '王', '1')",
        "INSERT INTO position (title, employer_id, region_id, city_id, address, openings, education, major, "
        "duration_months, monthly_subsidy, duties, contact, published_at, deadline, status) VALUES "
        f"('旧会计助理', 1, '140105', '140100', 'x', 2, 'bachelor', 'y', 6, 2000, 'z', 'c', '2026-11-01 09:00:00', "
        f"'{TODAY + datetime.timedelta(days=30)}', 'open')",
        "INSERT INTO \"user\" (username, password_hash, real_name, id_number, mobile, role, created_at) VALUES "
        "('oldone', 'h', '张三', '11010519491231002X', '13912345678', 'applicant', '2026-11-01 09:00:00'), "
        "('oldtwo', 'h', '李四', NULL, '13912345678', 'reviewer', '2026-11-01 09:00:00')",
        "INSERT INTO login_attempt (username, address, attempted_at) VALUES ('oldone', '10.0.0.1', '2026-11-01 09:00:00')",
        "INSERT INTO application (user_id, reference, submission_key, status, name, gender, birth_date, ethnicity, "
        "id_number, education, school, major, graduation_month, category, employment_card_no, mobile, household, "
        "address, jurisdiction_id, submitted_at, submitted_month, reason) VALUES (1, 'JX2026110100001', 'k1', "
        "'rejected', '张三', '男', '2003-05-12', '01', '11010519491231002X', 'bachelor', '山西大学', '会计', "
        "'2025-06', 'graduate', '', '13912345678', 'h', 'a', '140105', '2026-11-01 09:00:00', '2026-11', '旧的原因')",
        "INSERT INTO attachment (owner_id, kind, original_name, stored_name, size, content_type, sha256, uploaded_at, "
        "removed) VALUES (1, 'id_front', 'a.jpg', 'ab.jpg', 10, 'image/jpeg', 'x', '2026-11-01 09:00:00', FALSE)",
        "INSERT INTO application_attachment (application_id, attachment_id) VALUES (1, 1)",
        "INSERT INTO audit_log (actor_id, action, object_type, object_id, detail, at) VALUES "
        "(1, 'submit', 'application', 1, '', '2026-11-01 09:00:00')",
    ]
    with db.atomic():
        for statement in sql:
            db.execute_sql(statement)


FIRST_RELEASE_TABLES = {
    "region": 128, "employer": 1, "position": 1, "user": 2, "login_attempt": 1, "application": 1,
    "attachment": 1, "application_attachment": 1, "audit_log": 1,
}


def test_a_first_release_database_upgrades_with_every_row(empty):
    from jianxi.ops.schema import load_regions

    with db.connection_context():
        migrate._router().run(migrate.FIRST)
        load_regions()
        _first_release_data()
        assert migrate.pending(), "later migrations are waiting"
        migrate.upgrade()
        for table, count in FIRST_RELEASE_TABLES.items():
            assert db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table
        tokens = [u.session_token for u in User.select()]
        assert all(len(t) == 32 for t in tokens) and len(set(tokens)) == 2
        found = positions.search(search_filters.SearchFilters(q="会计助"), TODAY, version=-1)
        assert [p.title for p in found.positions] == ["旧会计助理"], "the old position is in the keyword index"
        assert Position.get().search_text and db.execute_sql("SELECT version FROM catalog_version").fetchone()
        counted = db.execute_sql("SELECT region, month, category, status, count FROM application_month_count").fetchall()
        assert counted == [("140105", "2026-11", "graduate", "rejected", 1)], "the old application is counted for 统计"
        assert db.execute_sql("SELECT region, positions, openings FROM open_position_day_count").fetchall() == [
            ("140105", 1, 2)]
        assert not migrate.pending()


def test_a_database_made_before_migrations_is_adopted_then_upgraded(empty):
    """The first release made its tables with create_tables and kept no history: init-db records
    the first migration as done for it and runs the rest."""
    from jianxi.ops.schema import load_regions

    with db.connection_context():
        migrate._router().run(migrate.FIRST)
        db.execute_sql("DROP TABLE migratehistory")
        load_regions()
        _first_release_data()
    result = empty.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "数据库已更新" in result.output and "001_initial" not in result.output
    with db.connection_context():
        assert not migrate.pending() and Position.select().count() == 1
    again = empty.test_cli_runner().invoke(args=["init-db"])
    assert "数据库已是最新结构" in again.output


def test_create_schema_on_a_new_database_applies_them_all(empty):
    assert create_schema() == migrate._router().todo
    with db.connection_context():
        assert {m._meta.table_name for m in ALL} <= set(db.get_tables())


def test_a_database_made_by_the_code_before_migrations_gets_only_the_later_ones(empty):
    """The code of 2026-11-27 before migrations made the schema of 002 without history: init-db
    records 001 and 002 as done for it and runs what came after (the search index's filter terms)."""
    from jianxi.ops.schema import load_regions

    with db.connection_context():
        migrate._router().run(migrate.FIRST)
        load_regions()
        _first_release_data()
        if not ON_POSTGRES:  # 002 copies tables on SQLite, as migrate.upgrade allows
            db.pragma("foreign_keys", 0)
        migrate._router().run("002_review_favorites_offices_search")
        if not ON_POSTGRES:
            db.pragma("foreign_keys", 1)
        db.execute_sql("DROP TABLE migratehistory")
    result = empty.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "003_search_filter_terms" in result.output and "002" not in result.output
    with db.connection_context():
        assert not migrate.pending()
        found = positions.search(search_filters.SearchFilters(q="会计助", county="140105", city="140100"), TODAY, version=-2)
        assert [p.title for p in found.positions] == ["旧会计助理"], "the old position is indexed with its county"
