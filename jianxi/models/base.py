"""The base model and the regions every other table refers to."""
from peewee import CharField, ForeignKeyField, Model

from ..db import db


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Region(BaseModel):
    """A city (its 市本级 office) or a county-level division, by official code."""

    code = CharField(max_length=6, primary_key=True)
    name = CharField(max_length=20)
    city = ForeignKeyField("self", null=True, backref="counties")
