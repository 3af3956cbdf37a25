"""结束招募 with the reason 其他 keeps the office's own words for it (issue 19): position.close_note.

Written as one ALTER TABLE for both engines rather than peewee's add_fields: on SQLite, peewee
makes a column NOT NULL by copying the table, which would drop the keyword index's and the data
version's triggers on it. Existing rows get the empty note, as the code would have given them.
"""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add position.close_note."""
    migrator.orm["position"]._meta.add_field(
        "close_note", pw.CharField(max_length=100, default="", constraints=[pw.SQL("DEFAULT ''")])
    )
    migrator.sql("ALTER TABLE position ADD COLUMN close_note VARCHAR(100) NOT NULL DEFAULT ''")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("004 cannot be rolled back; restore the backup taken before the upgrade")
