"""A PostgreSQL server of the benchmark's own, configured by deploy/postgresql.conf, so that its
figures describe the server the deploy documentation asks for, not however the machine's own
server was left (which tests and other work share, and which is never touched here).

Debian's binaries initdb a cluster in a temp dir (as the `postgres` OS user when run as root:
PostgreSQL refuses to run as root), include the deploy file, listen on a free port of 127.0.0.1
with its socket in that dir, and are stopped, the dir removed, when the run ends.
"""
import contextlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import ROOT, free_port

PG_BIN = Path(os.environ.get("BENCH_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
DEPLOY_CONF = ROOT / "deploy" / "postgresql.conf"
# What the Settings table reports: the deploy file's settings, as the server reads them back.
REPORTED = ("shared_buffers", "effective_cache_size", "random_page_cost", "work_mem",
            "maintenance_work_mem", "max_wal_size", "jit", "shared_preload_libraries")


def _as_owner(command: list) -> list:
    """The command as the cluster's owner: `postgres` when we are root, else ourselves."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command: list, what: str) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: {what} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


@contextlib.contextmanager
def own_server():
    """Start the server; yield its URL without a database (postgresql://postgres@127.0.0.1:PORT)."""
    if not (PG_BIN / "initdb").exists():
        sys.exit(f"bench: {PG_BIN}/initdb is missing; install it with: apt-get install -y postgresql-15")
    home = Path(tempfile.mkdtemp(prefix="jianxi-bench-pg-"))
    data, port = home / "data", free_port()
    owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    if owner:
        os.chown(home, owner.pw_uid, owner.pw_gid)
    started = False
    try:
        # C.UTF-8 and UTF8: as the machine's server, so both sort and compare text alike.
        _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth", "trust",
              "-E", "UTF8", "--locale", "C.UTF-8"], "initdb")
        conf = data / "jianxi.conf"
        shutil.copyfile(DEPLOY_CONF, conf)  # by us: the owner may not be able to read the checkout
        if owner:
            os.chown(conf, owner.pw_uid, owner.pw_gid)
        with (data / "postgresql.conf").open("a") as main_conf:  # the owner's file; we are root or the owner
            main_conf.write("\ninclude 'jianxi.conf'\n")
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={home}"
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(home / "server.log"), "-w", "-t", "60",
              "-o", options, "start"], f"starting PostgreSQL (log: {home / 'server.log'})")
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        if started:
            _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], "stopping PostgreSQL")
        shutil.rmtree(home, ignore_errors=True)

