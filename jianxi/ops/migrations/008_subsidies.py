"""在岗 to paid (issue 23): the working-day calendar, subsidy rules, monthly records, claims with
their lines (each placement-month and insurance refund claimed once, by partial unique indexes),
and the offices' 公示 batches."""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the tables of subsidies."""
    user_model, employer_model, region_model = migrator.orm["user"], migrator.orm["employer"], migrator.orm["region"]
    placement_model, attachment_model = migrator.orm["placement"], migrator.orm["attachment"]

    @migrator.create_model
    class CalendarDay(pw.Model):
        id = pw.AutoField()
        day = pw.DateField(unique=True)
        kind = pw.CharField(max_length=8)
        name = pw.CharField(max_length=20, default="")
        source = pw.CharField(max_length=300, default="")
        updated_at = pw.DateTimeField()
        updated_by = pw.ForeignKeyField(column_name="updated_by_id", field="id", model=user_model, null=True)

        class Meta:
            table_name = "calendar_day"
            constraints = [pw.SQL("CHECK (kind IN ('holiday', 'workday'))")]

    @migrator.create_model
    class SubsidyRule(pw.Model):
        id = pw.AutoField()
        region_code = pw.CharField(max_length=6)
        effective_from = pw.DateField()
        share_percent = pw.IntegerField()
        insurance_cap_fen = pw.IntegerField()
        pays_remaining = pw.BooleanField(default=False)
        retention_rate_percent = pw.IntegerField(null=True)
        retention_share_percent = pw.IntegerField(null=True)
        source = pw.CharField(max_length=300, default="")
        demo = pw.BooleanField(default=False)
        updated_at = pw.DateTimeField()
        updated_by = pw.ForeignKeyField(column_name="updated_by_id", field="id", model=user_model, null=True)

        class Meta:
            table_name = "subsidy_rule"
            constraints = [
                pw.SQL("CHECK (share_percent BETWEEN 1 AND 100)"),
                pw.SQL("CHECK (insurance_cap_fen >= 0)"),
                pw.SQL("CHECK ((retention_rate_percent IS NULL) = (retention_share_percent IS NULL))"),
                pw.SQL("CHECK (retention_rate_percent IS NULL OR retention_rate_percent BETWEEN 1 AND 100)"),
                pw.SQL("CHECK (retention_share_percent IS NULL OR retention_share_percent BETWEEN 1 AND 100)"),
            ]
            indexes = [(("region_code", "effective_from"), True)]

    @migrator.create_model
    class MonthRecord(pw.Model):
        id = pw.AutoField()
        placement = pw.ForeignKeyField(column_name="placement_id", field="id", model=placement_model)
        month = pw.DateField()
        days_attended = pw.IntegerField()
        paid_fen = pw.IntegerField()
        paid_on = pw.DateField()
        proof = pw.ForeignKeyField(column_name="proof_id", field="id", model=attachment_model, null=True)
        recorded_at = pw.DateTimeField()
        recorded_by = pw.ForeignKeyField(column_name="recorded_by_id", field="id", model=user_model)
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "month_record"
            constraints = [pw.SQL("CHECK (days_attended >= 0)"), pw.SQL("CHECK (paid_fen >= 0)")]
            indexes = [(("placement", "month"), True)]

    @migrator.create_model
    class Batch(pw.Model):
        id = pw.AutoField()
        region = pw.ForeignKeyField(column_name="region_id", field="code", model=region_model)
        year = pw.IntegerField()
        number = pw.IntegerField()
        status = pw.CharField(max_length=10, default="published")
        contact = pw.CharField(max_length=200)
        published_on = pw.DateField()
        window_ends = pw.DateField()
        created_at = pw.DateTimeField()
        created_by = pw.ForeignKeyField(column_name="created_by_id", field="id", model=user_model)
        paid_on = pw.DateField(null=True)
        voucher = pw.CharField(max_length=40, default="")
        paid_at = pw.DateTimeField(null=True)
        paid_by = pw.ForeignKeyField(column_name="paid_by_id", field="id", model=user_model, null=True)

        class Meta:
            table_name = "batch"
            constraints = [
                pw.SQL("CHECK (status IN ('published', 'paid'))"),
                pw.SQL("CHECK (number > 0)"),
                pw.SQL("CHECK (window_ends > published_on)"),
                pw.SQL("CHECK ((status = 'paid') = (paid_on IS NOT NULL))"),
            ]
            indexes = [(("region", "year", "number"), True)]

    @migrator.create_model
    class Claim(pw.Model):
        id = pw.AutoField()
        employer = pw.ForeignKeyField(column_name="employer_id", field="id", model=employer_model)
        region = pw.ForeignKeyField(column_name="region_id", field="code", model=region_model)
        period_from = pw.DateField()
        period_to = pw.DateField()
        status = pw.CharField(max_length=10, default="submitted")
        submitted_at = pw.DateTimeField()
        submitted_by = pw.ForeignKeyField(column_name="submitted_by_id", field="id", model=user_model)
        decided_at = pw.DateTimeField(null=True)
        decided_by = pw.ForeignKeyField(column_name="decided_by_id", field="id", model=user_model, null=True)
        batch = pw.ForeignKeyField(column_name="batch_id", field="id", model=Batch, null=True)

        class Meta:
            table_name = "claim"
            constraints = [pw.SQL("CHECK (status IN ('submitted', 'decided'))"),
                           pw.SQL("CHECK (period_to >= period_from)")]
            indexes = [(("region", "status"), False), (("employer", "submitted_at"), False)]

    @migrator.create_model
    class ClaimLine(pw.Model):
        id = pw.AutoField()
        claim = pw.ForeignKeyField(column_name="claim_id", field="id", model=Claim)
        placement = pw.ForeignKeyField(column_name="placement_id", field="id", model=placement_model)
        kind = pw.CharField(max_length=10)
        month = pw.DateField(null=True)
        amount_fen = pw.IntegerField()
        wage_fen = pw.IntegerField(null=True)
        share_percent = pw.IntegerField(null=True)
        served_days = pw.IntegerField(null=True)
        working_days = pw.IntegerField(null=True)
        premium_fen = pw.IntegerField(null=True)
        cap_fen = pw.IntegerField(null=True)
        basis = pw.TextField()
        state = pw.CharField(max_length=10, default="claimed")
        reason = pw.CharField(max_length=200, default="")
        decided_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "claim_line"
            constraints = [
                pw.SQL("CHECK (kind IN ('month', 'remaining', 'insurance'))"),
                pw.SQL("CHECK ((kind = 'insurance') = (month IS NULL))"),
                pw.SQL("CHECK (amount_fen >= 0)"),
                pw.SQL("CHECK (state IN ('claimed', 'approved', 'returned', 'held', 'paid'))"),
            ]
            indexes = [(("placement", "month"), False)]

    migrator.sql("CREATE UNIQUE INDEX claimline_month_once ON claim_line (placement_id, kind, month) "
                 "WHERE kind != 'insurance' AND state != 'returned'")
    migrator.sql("CREATE UNIQUE INDEX claimline_insurance_once ON claim_line (placement_id) "
                 "WHERE kind = 'insurance' AND state != 'returned'")


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("008 cannot be rolled back; restore the backup taken before the upgrade")
