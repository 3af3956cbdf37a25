"""URL converters: <id:name> for row ids."""
from werkzeug.routing import BaseConverter, ValidationError

from ..reference.ids import parse_id


class IdConverter(BaseConverter):
    """<id:name> in a route: like <int:name>, but a number no row can have is a 404."""

    regex = r"\d{1,19}"

    def to_python(self, value: str) -> int:
        parsed = parse_id(value)
        if parsed is None:
            raise ValidationError()
        return parsed

    def to_url(self, value) -> str:
        return str(int(value))
