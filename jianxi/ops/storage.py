"""Where attachment files live: a directory on this server (the embedded default), or S3-compatible
object storage shared by every app server (STORAGE_URL=s3://KEY:SECRET@host:port/bucket).

A file arrives as a `.part` file on local disk, written and checked in chunks, and is kept under
its final name only when whole: renamed into place, or uploaded in parts to the bucket. Reading
streams it back in chunks. Nothing holds a whole file in memory.
"""
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qs, unquote, urlsplit

from flask import Flask, current_app

STALE_PART_SECONDS = 3600  # no upload takes this long: an older .part file was cut off by a crash


class LocalStorage:
    """Files under one directory, in subdirectories by the first two characters of their name."""

    def __init__(self, root: str):
        self.root = Path(root)

    def path(self, name: str) -> Path:
        return self.root / name[:2] / name

    def incoming(self, token: str) -> Path:
        """Where an upload is written while it arrives: beside its final place, so keeping it is a rename."""
        folder = self.root / token[:2]
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f".{token}.part"

    def keep(self, part: Path, name: str, content_type: str) -> None:
        os.replace(part, self.path(name))

    def open(self, name: str) -> BinaryIO:
        return self.path(name).open("rb")

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def listing(self) -> Iterator[tuple[str, float]]:
        """Every kept file: (name, when it was last written, in epoch seconds)."""
        for path in self.root.glob("*/*"):
            if path.is_file() and not path.name.startswith("."):
                yield path.name, path.stat().st_mtime

    def check(self) -> None:
        """Raise when files could not be kept here now."""
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK):
            raise OSError(f"{self.root} is not writable")

    def parts(self) -> Iterator[Path]:
        return self.root.glob("*/.*.part")

    def stale_parts(self) -> Iterator[Path]:
        return stale(self.parts())


class S3Storage:
    """An S3-compatible bucket (SeaweedFS, MinIO, a cloud's): files in, files out, in parts."""

    def __init__(self, url: str, spool: str):
        import boto3
        from botocore.config import Config

        parts = urlsplit(url)
        query = parse_qs(parts.query)
        secure = query.get("secure", ["1"])[0] not in ("0", "false")
        self.bucket = parts.path.strip("/")
        self.spool = Path(spool)
        self.client = boto3.client(
            "s3",
            endpoint_url=f"{'https' if secure else 'http'}://{parts.hostname}:{parts.port or (443 if secure else 80)}",
            aws_access_key_id=unquote(parts.username or "anonymous"),
            aws_secret_access_key=unquote(parts.password or "anonymous"),
            region_name=query.get("region", ["us-east-1"])[0],
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 3},
                          connect_timeout=5),  # a health check must answer before the balancer gives up
        )

    def incoming(self, token: str) -> Path:
        self.spool.mkdir(parents=True, exist_ok=True)
        return self.spool / f".{token}.part"

    def keep(self, part: Path, name: str, content_type: str) -> None:
        with part.open("rb") as source:
            self.client.upload_fileobj(source, self.bucket, name, ExtraArgs={"ContentType": content_type})
        part.unlink(missing_ok=True)

    def open(self, name: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=name)["Body"]
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(name) from None

    def exists(self, name: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=name)
        except self.client.exceptions.ClientError:
            return False
        return True

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=name)

    def listing(self) -> Iterator[tuple[str, float]]:
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                yield item["Key"], item["LastModified"].timestamp()

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)

    def parts(self) -> Iterator[Path]:
        return self.spool.glob(".*.part")

    def stale_parts(self) -> Iterator[Path]:
        return stale(self.parts())


def stale(parts: Iterator[Path]) -> Iterator[Path]:
    """Half-written uploads a crash left behind (file times are epoch seconds, whatever the zone)."""
    cutoff = time.time() - STALE_PART_SECONDS
    return (part for part in parts if part.stat().st_mtime < cutoff)


def init_app(app: Flask) -> None:
    url = app.config["STORAGE_URL"]
    if url.startswith("s3://"):
        app.extensions["storage"] = S3Storage(url, app.config["UPLOAD_DIR"])
    else:
        app.extensions["storage"] = LocalStorage(app.config["UPLOAD_DIR"])


def current():
    return current_app.extensions["storage"]
