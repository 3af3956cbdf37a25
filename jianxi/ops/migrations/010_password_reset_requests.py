"""忘记密码 requests counted per address (issue 24): every request, whether or not it named an
account, so the address's limit tells nothing about any account."""
import peewee as pw
from peewee_migrate import Migrator


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Add the table of 忘记密码 requests."""

    @migrator.create_model
    class PasswordResetRequest(pw.Model):
        id = pw.AutoField()
        address = pw.CharField(max_length=45)
        requested_at = pw.DateTimeField()

        class Meta:
            table_name = "password_reset_request"
            indexes = [(("address", "requested_at"), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Not supported: restore the backup taken before upgrading (flask --app wsgi restore)."""
    raise RuntimeError("010 cannot be rolled back; restore the backup taken before the upgrade")
