"""Notices (issue 24): 消息, the SMS and e-mail outbox, each person's channel choices and e-mail
address, reminders sent, and 忘记密码's codes."""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the tables of notices."""
    user_model = migrator.orm["user"]

    @migrator.create_model
    class Message(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model)
        kind = pw.CharField(max_length=30)
        group = pw.CharField(max_length=10)
        title = pw.CharField(max_length=60)
        body = pw.CharField(max_length=300)
        link = pw.CharField(max_length=200)
        created_at = pw.DateTimeField()
        read_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "message"
            indexes = [(("user", "created_at"), False)]

    migrator.sql("CREATE INDEX message_unread_by_user ON message (user_id) WHERE read_at IS NULL")

    @migrator.create_model
    class Outbox(pw.Model):
        id = pw.AutoField()
        channel = pw.CharField(max_length=5)
        address = pw.CharField(max_length=120)
        subject = pw.CharField(max_length=100, default="")
        body = pw.CharField(max_length=500)
        message = pw.ForeignKeyField(column_name="message_id", field="id", model=Message, null=True)
        status = pw.CharField(max_length=8, default="pending")
        attempts = pw.IntegerField(default=0)
        next_at = pw.DateTimeField()
        claimed_by = pw.CharField(max_length=40, default="")
        claimed_at = pw.DateTimeField(null=True)
        sent_at = pw.DateTimeField(null=True)
        last_error = pw.CharField(max_length=300, default="")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "outbox"
            constraints = [pw.SQL("CHECK (channel IN ('sms', 'email'))"),
                           pw.SQL("CHECK (status IN ('pending', 'sending', 'sent', 'failed'))")]
            indexes = [(("status", "next_at"), False)]

    @migrator.create_model
    class NoticeChoice(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model)
        group = pw.CharField(max_length=10)
        sms = pw.BooleanField()
        email = pw.BooleanField()

        class Meta:
            table_name = "notice_choice"
            indexes = [(("user", "group"), True)]

    @migrator.create_model
    class EmailAddress(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model, unique=True)
        address = pw.CharField(max_length=120)
        token_hash = pw.CharField(max_length=64, default="")
        token_expires_at = pw.DateTimeField(null=True)
        verified_at = pw.DateTimeField(null=True)
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "email_address"

    @migrator.create_model
    class Reminder(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=20)
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model)
        object_id = pw.IntegerField()
        sent_at = pw.DateTimeField()

        class Meta:
            table_name = "reminder"
            indexes = [(("kind", "user", "object_id"), True)]

    @migrator.create_model
    class PasswordReset(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name="user_id", field="id", model=user_model)
        code_hash = pw.CharField(max_length=64)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        tries = pw.IntegerField(default=0)
        used_at = pw.DateTimeField(null=True)
        address = pw.CharField(max_length=45, default="")

        class Meta:
            table_name = "password_reset"
            indexes = [(("user", "created_at"), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("009 cannot be rolled back; restore the backup taken before the upgrade")
