"""The office side at a province's scale (issue 25): an office's queue walks its applications of
one state in submission order, and its months, along indexes that start with its jurisdiction; its
roster (page, counts, months, units) is read from one index of placement alone."""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the queue's two indexes of application; widen the roster's index of placement."""
    migrator.add_index("application", "jurisdiction", "status", "submitted_at")
    migrator.add_index("application", "jurisdiction", "submitted_month", "status")
    migrator.drop_index("placement", "region", "status", "start_date")
    migrator.add_index("placement", "region", "status", "start_date", "end_date", "employer")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.drop_index("placement", "region", "status", "start_date", "end_date", "employer")
    migrator.add_index("placement", "region", "status", "start_date")
    migrator.drop_index("application", "jurisdiction", "submitted_month", "status")
    migrator.drop_index("application", "jurisdiction", "status", "submitted_at")
