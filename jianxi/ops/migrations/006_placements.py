"""From 收藏 to 上岗 (issue 22): units' steps toward candidates, placements with their 见习协议,
accident insurance, the minimum wages, and each position's count of accepted placements."""
import peewee as pw
from peewee_migrate import Migrator

# One ALTER TABLE on both engines (SQLite may check other columns from a column's CHECK).
PLACED = ("ALTER TABLE position ADD COLUMN placed INTEGER NOT NULL DEFAULT 0 "
          "CHECK (placed >= 0 AND placed <= openings)")


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the tables of placements and the positions' count of them."""
    user_model, employer_model, region_model = migrator.orm["user"], migrator.orm["employer"], migrator.orm["region"]
    position_model, attachment_model = migrator.orm["position"], migrator.orm["attachment"]
    position_model._meta.add_field("placed", pw.IntegerField(default=0))
    migrator.sql(PLACED)

    @migrator.create_model
    class CandidateStep(pw.Model):
        id = pw.AutoField()
        position = pw.ForeignKeyField(column_name="position_id", field="id", model=position_model)
        employer = pw.ForeignKeyField(column_name="employer_id", field="id", model=employer_model)
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model)
        kind = pw.CharField(max_length=10)
        meet_at = pw.DateTimeField(null=True)
        place = pw.CharField(max_length=100, default="")
        note = pw.CharField(max_length=300, default="")
        start_date = pw.DateField(null=True)
        status = pw.CharField(max_length=10, default="")
        expires_at = pw.DateTimeField(null=True)
        answered_at = pw.DateTimeField(null=True)
        answer_note = pw.CharField(max_length=200, default="")
        reason = pw.CharField(max_length=12, default="")
        created_at = pw.DateTimeField()
        created_by = pw.ForeignKeyField(column_name="created_by_id", field="id", model=user_model)

        class Meta:
            table_name = "candidate_step"
            constraints = [
                pw.SQL("CHECK (kind IN ('interview', 'offer', 'unsuitable'))"),
                pw.SQL("CHECK (kind <> 'offer' OR (status IN ('open', 'accepted', 'declined', 'withdrawn', 'expired') "
                       "AND start_date IS NOT NULL AND expires_at IS NOT NULL))"),
            ]
            indexes = [(("position", "user", "created_at"), False), (("user", "created_at"), False)]

    migrator.sql("CREATE UNIQUE INDEX candidatestep_one_open_offer ON candidate_step (user_id, position_id) "
                 "WHERE kind = 'offer' AND status = 'open'")

    @migrator.create_model
    class Placement(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model)
        position = pw.ForeignKeyField(column_name="position_id", field="id", model=position_model)
        employer = pw.ForeignKeyField(column_name="employer_id", field="id", model=employer_model)
        offer = pw.ForeignKeyField(column_name="offer_id", field="id", model=CandidateStep, unique=True)
        region = pw.ForeignKeyField(column_name="region_id", field="code", model=region_model)
        status = pw.CharField(max_length=10, default="accepted")
        accepted_at = pw.DateTimeField()
        start_date = pw.DateField()
        months = pw.IntegerField()
        end_date = pw.DateField()
        allowance_fen = pw.IntegerField(null=True)
        mentor_name = pw.CharField(max_length=20, default="")
        mentor_title = pw.CharField(max_length=30, default="")
        mentor_phone = pw.CharField(max_length=20, default="")
        working_hours = pw.CharField(max_length=200, default="")
        duties = pw.TextField(default="")
        terms = pw.TextField(default="")
        version = pw.IntegerField(default=1)
        unit_version = pw.IntegerField(null=True)
        unit_confirmed_at = pw.DateTimeField(null=True)
        unit_confirmed_by = pw.ForeignKeyField(column_name="unit_confirmed_by_id", field="id", model=user_model, null=True)
        trainee_version = pw.IntegerField(null=True)
        trainee_confirmed_at = pw.DateTimeField(null=True)
        submitted_at = pw.DateTimeField(null=True)
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=user_model, null=True)
        reason = pw.CharField(max_length=200, default="")
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "placement"
            constraints = [
                pw.SQL("CHECK (status IN ('accepted', 'submitted', 'returned', 'filed', 'ended'))"),
                pw.SQL("CHECK (months BETWEEN 3 AND 12)"),
                pw.SQL("CHECK (end_date > start_date)"),
                pw.SQL("CHECK (allowance_fen IS NULL OR allowance_fen > 0)"),
            ]
            indexes = [(("region", "status", "start_date"), False), (("employer", "status"), False),
                       (("position", "status"), False)]

    migrator.sql("CREATE UNIQUE INDEX placement_one_unended_per_user ON placement (user_id) WHERE status != 'ended'")

    @migrator.create_model
    class Insurance(pw.Model):
        id = pw.AutoField()
        placement = pw.ForeignKeyField(column_name="placement_id", field="id", model=Placement, unique=True)
        insurer = pw.CharField(max_length=60)
        policy_number = pw.CharField(max_length=40)
        starts_on = pw.DateField()
        ends_on = pw.DateField()
        premium_fen = pw.IntegerField()
        scan = pw.ForeignKeyField(column_name="scan_id", field="id", model=attachment_model)
        recorded_at = pw.DateTimeField()
        recorded_by = pw.ForeignKeyField(column_name="recorded_by_id", field="id", model=user_model)

        class Meta:
            table_name = "insurance"
            constraints = [pw.SQL("CHECK (premium_fen >= 0)"), pw.SQL("CHECK (ends_on >= starts_on)")]

    @migrator.create_model
    class MinimumWage(pw.Model):
        id = pw.AutoField()
        region = pw.ForeignKeyField(column_name="region_id", field="code", model=region_model)
        effective_from = pw.DateField()
        monthly_fen = pw.IntegerField()
        tier = pw.CharField(max_length=10, default="")
        source = pw.CharField(max_length=300, default="")
        demo = pw.BooleanField(default=False)
        updated_at = pw.DateTimeField()
        updated_by = pw.ForeignKeyField(column_name="updated_by_id", field="id", model=user_model, null=True)

        class Meta:
            table_name = "minimum_wage"
            constraints = [pw.SQL("CHECK (monthly_fen > 0)")]
            indexes = [(("region", "effective_from"), True)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("006 cannot be rolled back; restore the backup taken before the upgrade")
