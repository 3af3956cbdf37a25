"""The first schema: the one the first release created with create_tables (commit e8b082d).

A database made by that release has these tables but no migration history; `init-db` records
this migration as done for it without running it (jianxi.migrate).
"""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """The tables as the first release made them (create_tables at commit e8b082d)."""

    @migrator.create_model
    class Region(pw.Model):
        code = pw.CharField(max_length=6, primary_key=True)
        name = pw.CharField(max_length=20)
        city = pw.ForeignKeyField(column_name='city_id', field='code', model='self', null=True)

        class Meta:
            table_name = "region"

    @migrator.create_model
    class User(pw.Model):
        id = pw.AutoField()
        username = pw.CharField(max_length=20, unique=True)
        password_hash = pw.CharField(max_length=255)
        real_name = pw.CharField(max_length=30)
        id_number = pw.CharField(max_length=18, null=True, unique=True)
        mobile = pw.CharField(max_length=11)
        role = pw.CharField(default='applicant', max_length=10)
        jurisdiction = pw.ForeignKeyField(column_name='jurisdiction_id', field='code', model=migrator.orm['region'], null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "user"
            constraints = [pw.SQL("CHECK (role IN ('applicant', 'reviewer', 'admin'))")]

    @migrator.create_model
    class Application(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'])
        reference = pw.CharField(max_length=20, unique=True)
        submission_key = pw.CharField(max_length=36, unique=True)
        status = pw.CharField(default='pending', max_length=10)
        name = pw.CharField(max_length=30)
        gender = pw.CharField(max_length=1)
        birth_date = pw.DateField()
        ethnicity = pw.CharField(max_length=2)
        id_number = pw.CharField(max_length=18)
        education = pw.CharField(max_length=10)
        school = pw.CharField(max_length=60)
        major = pw.CharField(max_length=60)
        graduation_month = pw.CharField(max_length=7)
        category = pw.CharField(max_length=10)
        employment_card_no = pw.CharField(default='', max_length=30)
        mobile = pw.CharField(max_length=11)
        household = pw.CharField(max_length=100)
        address = pw.CharField(max_length=200)
        jurisdiction = pw.ForeignKeyField(column_name='jurisdiction_id', field='code', model=migrator.orm['region'])
        submitted_at = pw.DateTimeField()
        submitted_month = pw.CharField(max_length=7)
        reviewed_at = pw.DateTimeField(null=True)
        reviewed_by = pw.ForeignKeyField(column_name='reviewed_by_id', field='id', model=migrator.orm['user'], null=True)
        reason = pw.CharField(default='', max_length=500)
        withdrawn_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "application"
            indexes = [(('user', 'submitted_month'), False), (('jurisdiction', 'status'), False)]
            constraints = [pw.SQL("CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'))")]

    @migrator.create_model
    class Attachment(pw.Model):
        id = pw.AutoField()
        owner = pw.ForeignKeyField(column_name='owner_id', field='id', model=migrator.orm['user'])
        kind = pw.CharField(max_length=20)
        original_name = pw.CharField(max_length=120)
        stored_name = pw.CharField(max_length=80, unique=True)
        size = pw.IntegerField()
        content_type = pw.CharField(max_length=40)
        sha256 = pw.CharField(max_length=64)
        uploaded_at = pw.DateTimeField()
        removed = pw.BooleanField(default=False)

        class Meta:
            table_name = "attachment"
            indexes = [(('owner', 'kind', 'removed'), False)]

    @migrator.create_model
    class ApplicationAttachment(pw.Model):
        application = pw.ForeignKeyField(column_name='application_id', field='id', model=migrator.orm['application'], on_delete='CASCADE')
        attachment = pw.ForeignKeyField(column_name='attachment_id', field='id', model=migrator.orm['attachment'])

        class Meta:
            table_name = "application_attachment"
            primary_key = pw.CompositeKey('application', 'attachment')

    @migrator.create_model
    class AuditLog(pw.Model):
        id = pw.AutoField()
        actor = pw.ForeignKeyField(column_name='actor_id', field='id', model=migrator.orm['user'], null=True)
        action = pw.CharField(max_length=20)
        object_type = pw.CharField(max_length=20)
        object_id = pw.IntegerField()
        detail = pw.CharField(default='', max_length=500)
        at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "audit_log"

    @migrator.create_model
    class Employer(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=100)
        region = pw.ForeignKeyField(column_name='region_id', field='code', model=migrator.orm['region'])
        address = pw.CharField(max_length=200)
        contact_person = pw.CharField(max_length=20)
        phone = pw.CharField(max_length=20)

        class Meta:
            table_name = "employer"

    @migrator.create_model
    class LoginAttempt(pw.Model):
        id = pw.AutoField()
        username = pw.CharField(index=True, max_length=50)
        address = pw.CharField(index=True, max_length=45)
        attempted_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "login_attempt"

    @migrator.create_model
    class Position(pw.Model):
        id = pw.AutoField()
        title = pw.CharField(max_length=60)
        employer = pw.ForeignKeyField(column_name='employer_id', field='id', model=migrator.orm['employer'])
        region = pw.ForeignKeyField(column_name='region_id', field='code', model=migrator.orm['region'])
        city = pw.ForeignKeyField(column_name='city_id', field='code', model=migrator.orm['region'])
        address = pw.CharField(max_length=200)
        openings = pw.IntegerField()
        education = pw.CharField(max_length=10)
        major = pw.CharField(max_length=60)
        duration_months = pw.IntegerField()
        monthly_subsidy = pw.IntegerField()
        duties = pw.TextField()
        contact = pw.CharField(max_length=60)
        published_at = pw.DateTimeField()
        deadline = pw.DateField()
        status = pw.CharField(default='open', max_length=10)

        class Meta:
            table_name = "position"
            indexes = [
                (('status', 'deadline'), False), (('status', 'published_at'), False),
                (('city', 'status', 'deadline'), False), (('city', 'status', 'published_at'), False),
                (('region', 'status', 'deadline'), False), (('region', 'status', 'published_at'), False),
            ]
            constraints = [pw.SQL("CHECK (openings > 0)"), pw.SQL("CHECK (duration_months BETWEEN 3 AND 12)")]

    # At most one pending-or-approved application per person.
    migrator.sql(
        "CREATE UNIQUE INDEX IF NOT EXISTS application_one_active_per_user ON application (user_id) "
        "WHERE status IN ('pending', 'approved')"
    )


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Back to an empty database."""
    migrator.remove_model('position')
    migrator.remove_model('login_attempt')
    migrator.remove_model('employer')
    migrator.remove_model('audit_log')
    migrator.remove_model('application_attachment')
    migrator.remove_model('attachment')
    migrator.remove_model('application')
    migrator.remove_model('user')
    migrator.remove_model('region')
