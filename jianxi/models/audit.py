"""The audit log: who did what to which object, and when."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..services import clock
from .base import BaseModel
from .people import User


class AuditLog(BaseModel):
    """Who did what to which object, when: state changes, and reviewers opening personal files."""

    actor = ForeignKeyField(User, null=True)
    action = CharField(max_length=20)
    object_type = CharField(max_length=20)
    object_id = IntegerField()
    detail = CharField(max_length=500, default="")
    at = DateTimeField(default=clock.now, index=True)

    class Meta:
        indexes = ((("object_type", "object_id", "at"), False),)
