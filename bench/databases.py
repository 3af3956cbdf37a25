"""The throw-away databases of a benchmark run: a SQLite file in the run's temp dir, or a
PostgreSQL database of the benchmark's own on the local server, made anew for every size
(seed-demo refuses to seed positions twice into one database) and dropped at the end."""
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from servers import BIN, ROOT, stop

ENGINES = ("sqlite", "postgres")
# The local server; the database name is fixed and never one that others use.
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432")
POSTGRES_DATABASE = "jianxi_bench"
SEED = 2026


def fresh_database(engine: str, tmp: Path, size: int) -> str:
    """The URL of an empty database for this engine and size."""
    if engine == "sqlite":
        path = tmp / f"bench-{size}.sqlite3"
        return f"sqlite:///{path}"
    drop_postgres()
    postgres(f'CREATE DATABASE "{POSTGRES_DATABASE}"')
    return f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"


def discard_database(engine: str, tmp: Path, size: int) -> None:
    """Free the disk a size's database took (a million positions is several hundred MB)."""
    if engine == "sqlite":
        for path in tmp.glob(f"bench-{size}.sqlite3*"):  # the -wal and -shm files too
            path.unlink()
    else:
        drop_postgres()


def drop_postgres() -> None:
    """Drop the benchmark's own database (WITH FORCE: a server stopped mid-run may hold on)."""
    postgres(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')


def postgres(statement: str):
    """Run one statement in the server's maintenance database; its first row, if any."""
    import psycopg2  # only needed when PostgreSQL is measured

    try:
        connection = psycopg2.connect(f"{POSTGRES_SERVER}/postgres")
    except psycopg2.OperationalError as error:
        sys.exit(f"bench: cannot reach PostgreSQL at {POSTGRES_SERVER}: {error}")
    connection.autocommit = True  # CREATE/DROP DATABASE refuse to run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def seed(env: dict, size: int, log: Path) -> float:
    """Run `flask seed-demo` for `size` positions; its wall time in seconds."""
    command = [str(BIN / "flask"), "--app", "wsgi", "seed-demo", "--positions", str(size), "--seed", str(SEED)]
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            report_at = 30
            while proc.poll() is None:
                time.sleep(0.2)
                if time.perf_counter() - started >= report_at:
                    print(f"    ... still seeding, {report_at} s", flush=True)
                    report_at += 30
        finally:
            stop(proc)  # on Ctrl-C or an error: no orphan keeps writing
    if proc.returncode != 0:
        sys.exit(f"bench: seed-demo failed:\n{log.read_text()[-3000:]}")
    return time.perf_counter() - started


def describe(engine: str) -> str:
    """The engine and its version (for PostgreSQL this also checks the server answers)."""
    if engine == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (WAL, a file in a temp dir)"
    version = postgres("SHOW server_version")[0].split()[0]
    return f"PostgreSQL {version} at {POSTGRES_SERVER.rsplit('@', 1)[-1]}, database {POSTGRES_DATABASE}"
