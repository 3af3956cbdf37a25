"""The office's list of claims at a province's scale (issue 25): its order (waiting first, oldest
first) read from claim's index of the office's jurisdiction and state, widened to submission time."""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Widen claim's (region, status) index to (region, status, submitted_at)."""
    migrator.drop_index("claim", "region", "status")
    migrator.add_index("claim", "region", "status", "submitted_at")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index("claim", "region", "status", "submitted_at")
    migrator.add_index("claim", "region", "status")
