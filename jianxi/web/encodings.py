"""A body compressed once, served in the best encoding each browser accepts."""
import gzip
from dataclasses import dataclass

import brotli
from werkzeug.datastructures import Accept


@dataclass(frozen=True)
class Encoded:
    raw: bytes
    br: bytes | None = None
    gz: bytes | None = None

    @classmethod
    def of(cls, data: bytes, brotli_quality: int, gzip_level: int) -> "Encoded":
        return cls(data, brotli.compress(data, quality=brotli_quality), gzip.compress(data, gzip_level, mtime=0))

    @property
    def size(self) -> int:
        return len(self.raw) + len(self.br or b"") + len(self.gz or b"")

    def pick(self, accepted: Accept) -> tuple[bytes, str | None]:
        """(body, Content-Encoding) for a request's Accept-Encoding."""
        if self.br is not None and accepted["br"]:
            return self.br, "br"
        if self.gz is not None and accepted["gzip"]:
            return self.gz, "gzip"
        return self.raw, None
