"""flask --app wsgi backup DIR / restore FOLDER: the database and every attachment file, together.

A backup is a folder `jianxi-backup-<time>` holding the database (SQLite: a copy made with SQLite's
online backup API, consistent while the app keeps writing; PostgreSQL: `pg_dump --format=custom`,
one consistent snapshot), `files.tar` (the attachment store, local or S3, streamed a file at a time)
and `manifest.json`. The database is copied first: a file uploaded meanwhile is an extra that
clean-uploads removes later, never a row without its file.

Restoring replaces the database and puts the files back. Stop the app servers first.
"""
import json
import mimetypes
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path

import click
from flask import current_app

from ..db import db
from ..services import clock
from . import storage as storages

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(click.ClickException):
    """A clear message instead of a traceback: what is wrong and what to do."""


def _engine(url: str) -> str:
    scheme = url.split("://", 1)[0].split("+")[0]
    if scheme in ("postgres", "postgresql"):
        return "postgresql"
    if scheme == "sqlite":
        return "sqlite"
    raise BackupError(f"不支持的数据库：{scheme}")


def _sqlite_path(url: str) -> str:
    return url.split("://", 1)[1].removeprefix("/")


def _postgres_url(url: str) -> str:
    """pg_dump reads a libpq URL: postgresql://… without peewee's +pool."""
    return "postgresql://" + url.split("://", 1)[1]


def _run(command: list[str]) -> None:
    if not shutil.which(command[0]):
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（apt-get install -y postgresql-client）")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()}")


def backup(directory: Path) -> Path:
    """Write a new backup folder under `directory`; returns it."""
    url = current_app.config["DATABASE_URL"]
    engine = _engine(url)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    folder = directory / f"jianxi-backup-{stamp}-{secrets.token_hex(2)}"
    folder.mkdir(parents=True)
    target = folder / DATABASE_FILES[engine]
    if engine == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _postgres_url(url)])
    files = _save_files(storages.current(), folder / "files.tar")
    manifest = {"created_at": clock.now().isoformat(timespec="seconds"), "engine": engine,
                "database": target.name, "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return folder


def _sqlite_copy(source, target) -> None:
    """SQLite's online backup API in one step: a single read snapshot of the whole database, taken
    while other connections keep writing (they wait at most for the copy, never see it half done)."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _save_files(store, archive: Path) -> int:
    count = 0
    with tarfile.open(archive, "w") as tar:
        for name, modified in store.listing():
            # A member needs its size first; a file is spooled (to disk past 1 MB), never kept whole.
            with tempfile.SpooledTemporaryFile(max_size=CHUNK) as spool:
                try:
                    with store.open(name) as source:
                        shutil.copyfileobj(source, spool, CHUNK)
                except FileNotFoundError:
                    continue  # removed since it was listed (clean-uploads): nothing refers to it
                member = tarfile.TarInfo(name)
                member.size, member.mtime = spool.tell(), int(modified)
                spool.seek(0)
                tar.addfile(member, spool)
            count += 1
    return count


def restore(folder: Path) -> dict:
    """Put the database and the files of a backup folder back; returns its manifest."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(f"{folder} 不是完整的备份（缺少 manifest.json）") from None
    url = current_app.config["DATABASE_URL"]
    if manifest["engine"] != _engine(url):
        raise BackupError(f"这是 {manifest['engine']} 的备份，不能恢复到 {_engine(url)} 数据库")
    source = folder / manifest["database"]
    db.close()  # this process's own connections must not hold the old database open
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()
    if manifest["engine"] == "sqlite":
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _postgres_url(url), str(source)])
    _restore_files(storages.current(), folder / "files.tar")
    return manifest


def _restore_files(store, archive: Path) -> None:
    with tarfile.open(archive, "r") as tar:
        for member in tar:
            if not member.isfile() or "/" in member.name or member.name.startswith("."):
                continue  # only plain names, as the store writes them; nothing outside it
            # Named like the file, so that a local store's part sits in the file's own folder.
            part = store.incoming(Path(member.name).stem + "-" + secrets.token_hex(4))
            with tar.extractfile(member) as source, part.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            content_type = mimetypes.guess_type(member.name)[0] or "application/octet-stream"
            store.keep(part, member.name, content_type)
