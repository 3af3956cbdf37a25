"""见习单位 by their own door (issue 21): accounts acting for a unit (role 'unit'), the unit's
standing and 认定 application with its 带教老师, and the positions it proposes for publication.

Existing units keep their data and are kept by their office, as before (status 'recognised').
"""
import peewee as pw
from peewee_migrate import Migrator

OLD_ROLES = "CHECK (role IN ('applicant', 'reviewer', 'admin'))"
NEW_ROLES = "CHECK (role IN ('applicant', 'reviewer', 'admin', 'unit'))"
EMPLOYER_COLUMNS = (
    "ALTER TABLE employer ADD COLUMN status VARCHAR(12) NOT NULL DEFAULT 'recognised' "
    "CHECK (status IN ('recognised', 'unrecognised', 'revoked'))",
    "ALTER TABLE employer ADD COLUMN unit_type VARCHAR(12) NOT NULL DEFAULT ''",
    "ALTER TABLE employer ADD COLUMN industry VARCHAR(1) NOT NULL DEFAULT ''",
)


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add what unit accounts, 认定 and units' positions need."""
    user_model, employer_model = migrator.orm["user"], migrator.orm["employer"]
    region_model, position_model, attachment_model = migrator.orm["region"], migrator.orm["position"], migrator.orm["attachment"]
    migrator.run(_unit_role, database)
    # One ALTER TABLE per column on both engines: on SQLite, peewee would copy the table, which
    # would drop the data version's triggers on it.
    employer_model._meta.add_field("status", pw.CharField(max_length=12, default="recognised"))
    employer_model._meta.add_field("unit_type", pw.CharField(max_length=12, default=""))
    employer_model._meta.add_field("industry", pw.CharField(max_length=1, default=""))
    for statement in EMPLOYER_COLUMNS:
        migrator.sql(statement)

    @migrator.create_model
    class UnitAccount(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model, on_delete="CASCADE", unique=True)
        employer = pw.ForeignKeyField(column_name="employer_id", field="id", model=employer_model)
        status = pw.CharField(max_length=10)
        created_at = pw.DateTimeField()
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=user_model, null=True)
        reason = pw.CharField(max_length=200, default="")

        class Meta:
            table_name = "unit_account"
            constraints = [pw.SQL("CHECK (status IN ('pending', 'confirmed', 'refused'))")]

    @migrator.create_model
    class Recognition(pw.Model):
        id = pw.AutoField()
        employer = pw.ForeignKeyField(column_name="employer_id", field="id", model=employer_model, unique=True)
        status = pw.CharField(max_length=10, default="draft")
        unit_type = pw.CharField(max_length=12, default="")
        industry = pw.CharField(max_length=1, default="")
        insured_staff = pw.IntegerField(null=True)
        address = pw.CharField(max_length=200, default="")
        region = pw.ForeignKeyField(column_name="region_id", field="code", model=region_model, null=True)
        contact_person = pw.CharField(max_length=20, default="")
        phone = pw.CharField(max_length=20, default="")
        statement = pw.TextField(default="")
        licence = pw.ForeignKeyField(column_name="licence_id", field="id", model=attachment_model, null=True)
        updated_at = pw.DateTimeField()
        submitted_at = pw.DateTimeField(null=True)
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=user_model, null=True)
        grounds = pw.CharField(max_length=200, default="")
        reason = pw.CharField(max_length=500, default="")

        class Meta:
            table_name = "recognition"
            constraints = [
                pw.SQL("CHECK (status IN ('draft', 'pending', 'recognised', 'refused', 'returned', 'revoked'))"),
                pw.SQL("CHECK (insured_staff IS NULL OR insured_staff >= 0)"),
            ]
            indexes = [(("region", "status", "submitted_at"), False)]

    @migrator.create_model
    class Mentor(pw.Model):
        id = pw.AutoField()
        recognition = pw.ForeignKeyField(column_name="recognition_id", field="id", model=Recognition, on_delete="CASCADE")
        number = pw.IntegerField()
        name = pw.CharField(max_length=20)
        title = pw.CharField(max_length=30)
        phone = pw.CharField(max_length=20)

        class Meta:
            table_name = "mentor"
            indexes = [(("recognition", "number"), True)]

    @migrator.create_model
    class PositionProposal(pw.Model):
        id = pw.AutoField()
        employer = pw.ForeignKeyField(column_name="employer_id", field="id", model=employer_model)
        position = pw.ForeignKeyField(column_name="position_id", field="id", model=position_model, null=True,
                                      on_delete="CASCADE")
        status = pw.CharField(max_length=10, default="pending")
        title = pw.CharField(max_length=60)
        address = pw.CharField(max_length=200)
        openings = pw.IntegerField()
        education = pw.CharField(max_length=10)
        major = pw.CharField(max_length=60)
        duration_months = pw.IntegerField()
        monthly_subsidy = pw.IntegerField()
        duties = pw.TextField()
        contact = pw.CharField(max_length=60)
        deadline = pw.DateField()
        external_ref = pw.CharField(max_length=40, null=True)
        submitted_at = pw.DateTimeField()
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=user_model, null=True)
        reason = pw.CharField(max_length=200, default="")

        class Meta:
            table_name = "position_proposal"
            constraints = [
                pw.SQL("CHECK (status IN ('pending', 'returned', 'approved'))"),
                pw.SQL("CHECK (openings > 0)"),
                pw.SQL("CHECK (duration_months BETWEEN 3 AND 12)"),
                pw.SQL("CHECK (monthly_subsidy >= 0)"),
            ]
            indexes = [(("employer", "status"), False)]

    migrator.sql("CREATE UNIQUE INDEX positionproposal_one_per_position ON position_proposal (position_id) "
                 "WHERE position_id IS NOT NULL AND status IN ('pending', 'returned')")


def _unit_role(database: pw.Database) -> None:
    """'unit' joins the roles an account may have. SQLite cannot change a CHECK: the documented way
    is a new table, copied, renamed (foreign keys are off while migrating, see ops.migrate)."""
    if isinstance(getattr(database, "obj", database), pw.PostgresqlDatabase):
        (name,) = database.execute_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = '\"user\"'::regclass AND contype = 'c' "
            "AND pg_get_constraintdef(oid) LIKE '%%role%%'").fetchone()
        database.execute_sql(f'ALTER TABLE "user" DROP CONSTRAINT "{name}", ADD {NEW_ROLES}')
        return
    (table,) = database.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'user'").fetchone()
    indexes = [sql for (sql,) in database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'user' AND sql IS NOT NULL")]
    assert OLD_ROLES in table, "the user table is not the one this migration knows"
    database.execute_sql(table.replace(OLD_ROLES, NEW_ROLES).replace('CREATE TABLE "user"', 'CREATE TABLE "user_new"', 1))
    database.execute_sql('INSERT INTO user_new SELECT * FROM "user"')
    database.execute_sql('DROP TABLE "user"')
    database.execute_sql('ALTER TABLE user_new RENAME TO "user"')
    for sql in indexes:
        database.execute_sql(sql)


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("005 cannot be rolled back; restore the backup taken before the upgrade")
