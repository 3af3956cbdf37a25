"""The throw-away databases of a benchmark run: a SQLite file in the run's temp dir, or a
PostgreSQL database of the benchmark's own, made anew for every size (seed-demo refuses to seed
positions twice into one database) and dropped at the end. bench/run.py's server is its own
(bench/postgres_server.py); bench/durability.py uses the local one (POSTGRES_SERVER)."""
import os
import secrets
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


# What bench/run.py reports of its server: deploy/postgresql.conf's settings, as the server has them.
REPORTED_SETTINGS = ("shared_buffers", "effective_cache_size", "random_page_cost", "work_mem",
                     "maintenance_work_mem", "max_wal_size", "jit", "shared_preload_libraries")
# The search reads these, scattered; the rest of the demo data it reads by index only, or not at all.
SEARCHED_TABLES = ("position", "employer")


def fresh_database(engine: str, tmp: Path, size: int, server: str = POSTGRES_SERVER) -> str:
    """The URL of an empty database for this engine and size."""
    if engine == "sqlite":
        path = tmp / f"bench-{size}.sqlite3"
        return f"sqlite:///{path}"
    drop_postgres(server)
    postgres(f'CREATE DATABASE "{POSTGRES_DATABASE}"', server)
    return f"{server}/{POSTGRES_DATABASE}"


def discard_database(engine: str, tmp: Path, size: int, server: str = POSTGRES_SERVER) -> None:
    """Free the disk a size's database took (a million positions is several hundred MB)."""
    if engine == "sqlite":
        for path in tmp.glob(f"bench-{size}.sqlite3*"):  # the -wal and -shm files too
            path.unlink()
    else:
        drop_postgres(server)


def drop_postgres(server: str = POSTGRES_SERVER) -> None:
    """Drop the benchmark's own database (WITH FORCE: a server stopped mid-run may hold on)."""
    postgres(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)', server)


def prewarm(server: str) -> str:
    """Read the searched tables and their indexes into the server's buffers, as they are on a
    server that has been answering searches (and, through autoprewarm, after its restarts):
    a bulk load and VACUUM pass through a small ring of buffers and leave them nearly empty.
    What was read, for the report."""
    names = ", ".join(f"'{table}'" for table in SEARCHED_TABLES)
    row = postgres(f"""
        SELECT sum(pg_prewarm(c.oid)) * current_setting('block_size')::bigint
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND (c.relname IN ({names}) OR c.oid IN (
            SELECT indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname IN ({names})))""", server, POSTGRES_DATABASE, "CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    return f"{row[0] / 2**20:,.0f} MB"


def postgres(statement: str, server: str = POSTGRES_SERVER, database: str = "postgres", *before: str):
    """Run a statement in one of the server's databases (its maintenance database unless told),
    after the statements `before`; its first row, if any."""
    import psycopg2  # only needed when PostgreSQL is measured

    try:
        connection = psycopg2.connect(f"{server}/{database}")
    except psycopg2.OperationalError as error:
        sys.exit(f"bench: cannot reach PostgreSQL at {server}: {error}")
    connection.autocommit = True  # CREATE/DROP DATABASE refuse to run in a transaction
    try:
        with connection.cursor() as cursor:
            for earlier in before:
                cursor.execute(earlier)
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


def describe(engine: str, server: str = POSTGRES_SERVER) -> str:
    """The engine and its version (for PostgreSQL this also checks the server answers)."""
    if engine == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (WAL, a file in a temp dir)"
    version = postgres("SHOW server_version", server)[0].split()[0]
    return f"PostgreSQL {version} at {server.rsplit('@', 1)[-1]}, database {POSTGRES_DATABASE}"


def server_settings(server: str) -> str:
    """The settings of deploy/postgresql.conf as the server reports them."""
    return ", ".join(f"{name} {postgres(f'SHOW {name}', server)[0]}" for name in REPORTED_SETTINGS)


def seeded_sqlite(tmp: Path, positions: int) -> dict:
    """The environment of an app on a SQLite file in `tmp` that seed-demo has filled with
    `positions` positions (bench/firstpaint.py and bench/lighthouse.py measure such a one)."""
    env = {**os.environ, "DATABASE_URL": fresh_database("sqlite", tmp, positions),
           "SECRET_KEY": secrets.token_hex(32), "UPLOAD_DIR": str(tmp / "uploads")}
    seed(env, positions, tmp / "seed.log")
    return env
