"""Database connection per request and the schema/data CLI commands."""
import click
from flask import Flask, g, request
from playhouse.db_url import connect

from .extensions import db

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Wait for a competing writer instead of failing at once with "database is locked".
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def open_database(url: str):
    """A pool of connections per worker process: a new PostgreSQL connection costs ~4 ms, and a
    new SQLite one ~0.5 ms with its pragmas, more than a cached page takes to answer."""
    scheme, rest = url.split("://", 1)
    # The pool lends a connection to one thread at a time, but not always to the thread that
    # opened it (threaded servers: flask run, the browser tests), which SQLite refuses by default.
    if scheme.startswith("sqlite"):
        options = {"pragmas": SQLITE_PRAGMAS, "check_same_thread": False}
    else:
        # No parallel query: starting workers costs more than any of the app's queries takes, and a
        # worker per query would take the cores that other requests are waiting for. Pages cost
        # about the same read in any order (SSD, or the OS cache), so a walk along an index that
        # matches the filters is not priced as if each step were a disk seek.
        options = {"options": "-c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"}
    return connect(f"{scheme.split('+')[0]}+pool://{rest}", max_connections=8, stale_timeout=300, **options)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, so searches pick the right index; on
    PostgreSQL also mark the new rows visible to all, so counts read indexes only (VACUUM)."""
    from .services.catalog import is_postgres

    db.execute_sql("VACUUM ANALYZE" if is_postgres() else "ANALYZE")


def init_app(app: Flask) -> None:
    db.initialize(open_database(app.config["DATABASE_URL"]))

    @app.before_request
    def _connect():
        if request.endpoint in ("assets.static", "health.healthz"):  # no database, or checks it itself
            return
        # False when a connection was already open (a CLI command, a test): leave that one alone.
        g.opened_db = db.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc):
        if g.pop("opened_db", False) and not db.is_closed():
            db.close()

    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(reindex_command)


def create_schema() -> list[str]:
    """Apply pending migrations and load the regions (safe to run again); returns the migrations run."""
    from .migrate import upgrade
    from .regions import load_regions

    with db.connection_context():
        applied = upgrade()
        load_regions()
    return applied


def drop_everything() -> None:
    """Every table of the app, and the migration history: for tests and benchmarks that reuse a
    PostgreSQL database. Never called by the app itself."""
    from . import models
    from .services.catalog import is_postgres

    with db.connection_context():
        if not is_postgres():
            db.execute_sql("DROP TABLE IF EXISTS position_fts")  # the keyword index (FTS5)
            db.execute_sql("DROP VIEW IF EXISTS position_indexed")  # what it indexes
        db.drop_tables(list(reversed(models.ALL)), cascade=is_postgres(), safe=True)
        db.execute_sql("DROP TABLE IF EXISTS migratehistory")


def create_tables() -> None:
    """The same schema as the migrations, made straight from the models: quicker, for the tests
    (tests/test_migrations.py shows the two agree)."""
    from . import models
    from .migrate import record_all
    from .regions import load_regions
    from .services import catalog

    with db.connection_context():
        db.create_tables(models.ALL, safe=True)
        catalog.install()
        load_regions()
        record_all()


@click.command("init-db")
def init_db_command():
    """Apply pending schema migrations and load Shanxi's cities and counties."""
    applied = create_schema()
    click.echo(f"数据库已更新：{'、'.join(applied)}。" if applied else "数据库已是最新结构。")


@click.command("seed-demo")
@click.option("--positions", default=2000, show_default=True, help="岗位数量")
@click.option("--seed", default=2026, show_default=True, help="随机种子，同一种子得到同样的数据")
def seed_demo_command(positions: int, seed: int):
    """Fill the database with realistic demo employers, positions and accounts."""
    from .demo import seed_demo

    create_schema()
    with db.connection_context():
        summary = seed_demo(positions=positions, seed=seed)
        analyze()
    click.echo(summary)


@click.command("reindex-positions")
def reindex_command():
    """Rebuild the keyword index of every position (after editing titles or names by hand in SQL)."""
    from .services import catalog

    with db.connection_context():
        count = catalog.reindex_all()
    click.echo(f"已重建 {count} 个岗位的关键词索引。")
