"""How a placement ends (issue 23): 中途退出, 提前留用 or 期满 with its 见习鉴定 and 留用, and the 见习证明's
verification code. One ALTER TABLE per column on both engines (SQLite checks a column's CHECK
against the others of its row)."""
import peewee as pw
from peewee_migrate import Migrator

COLUMNS = (
    "ending VARCHAR(10) CHECK (ending IS NULL OR ending IN ('left', 'hired', 'completed'))",
    "ended_at {datetime} CHECK ((status = 'ended') = (ending IS NOT NULL))",
    'ended_by_id INTEGER REFERENCES "user" (id)',
    "last_day DATE",
    "leave_reason VARCHAR(10) NOT NULL DEFAULT ''",
    "leave_note VARCHAR(200) NOT NULL DEFAULT ''",
    "contract_on DATE",
    "insured_from DATE",
    "assessment VARCHAR(4) CHECK (assessment IS NULL OR assessment IN ('pass', 'fail'))",
    "assessment_text TEXT NOT NULL DEFAULT ''",
    "retained {boolean}",
    "certificate_code VARCHAR(16)",
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the ending's columns to placement."""
    placement, user = migrator.orm["placement"], migrator.orm["user"]
    for name, field in (("ending", pw.CharField(max_length=10, null=True)), ("ended_at", pw.DateTimeField(null=True)),
                        ("ended_by", pw.ForeignKeyField(user, null=True)), ("last_day", pw.DateField(null=True)),
                        ("leave_reason", pw.CharField(max_length=10, default="")),
                        ("leave_note", pw.CharField(max_length=200, default="")),
                        ("contract_on", pw.DateField(null=True)), ("insured_from", pw.DateField(null=True)),
                        ("assessment", pw.CharField(max_length=4, null=True)),
                        ("assessment_text", pw.TextField(default="")), ("retained", pw.BooleanField(null=True)),
                        ("certificate_code", pw.CharField(max_length=16, null=True, unique=True))):
        placement._meta.add_field(name, field)
    # Each engine's own names for the types, as peewee writes them when it makes the table.
    postgres = isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase)
    types = {"datetime": "TIMESTAMP" if postgres else "DATETIME", "boolean": "BOOLEAN" if postgres else "INTEGER"}
    for column in COLUMNS:
        migrator.sql(f"ALTER TABLE placement ADD COLUMN {column.format(**types)}")
    migrator.sql("CREATE INDEX placement_ended_by_id ON placement (ended_by_id)")
    migrator.sql("CREATE UNIQUE INDEX placement_certificate_code ON placement (certificate_code)")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("007 cannot be rolled back; restore the backup taken before the upgrade")
