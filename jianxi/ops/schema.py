"""The schema: made by the migrations (init-db, make run) or straight from the models (the tests,
which tests/ops/test_migrations.py shows to agree), Shanxi's regions in it, and the planner's
statistics after a bulk load."""
from .. import models
from ..db import db, is_postgres
from ..models import Region
from ..reference import regions
from ..search import catalog
from ..services import tallies
from .migrate import record_all, upgrade


def load_regions() -> None:
    """Insert the regions if missing; safe to run again."""
    with db.atomic():
        Region.insert_many(regions.rows()).on_conflict_ignore().execute()


def create_schema() -> list[str]:
    """Apply pending migrations and load the regions (safe to run again); returns the migrations run."""
    with db.connection_context():
        applied = upgrade()
        load_regions()
    return applied


def create_tables() -> None:
    """The same schema as the migrations, made straight from the models: quicker, for the tests."""
    with db.connection_context():
        db.create_tables(models.ALL, safe=True)
        catalog.install()
        tallies.install()
        load_regions()
        record_all()


def drop_everything() -> None:
    """Every table of the app, and the migration history: for tests and benchmarks that reuse a
    PostgreSQL database. Never called by the app itself."""
    with db.connection_context():
        if not is_postgres():
            db.execute_sql("DROP TABLE IF EXISTS position_fts")  # the keyword index (FTS5)
            db.execute_sql("DROP VIEW IF EXISTS position_indexed")  # what it indexes
        db.drop_tables(list(reversed(models.ALL)), cascade=is_postgres(), safe=True)
        db.execute_sql("DROP TABLE IF EXISTS migratehistory")


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, so searches pick the right index; on
    PostgreSQL also mark the new rows visible to all, so counts read indexes only (VACUUM)."""
    db.execute_sql("VACUUM ANALYZE" if is_postgres() else "ANALYZE")
