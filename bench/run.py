"""`make bench`: requests/s and latency of the public position pages, measured with wrk.

Seeds a throw-away database with 100 000 positions, serves the app and a hello-world
Flask app (bench/hello.py) under gunicorn with identical settings, loads each endpoint
in turn from 127.0.0.1 for a fixed time, prints a table and writes bench/RESULTS.md.

    .venv/bin/python bench/run.py [--duration 10s] [--positions 100000]

SQLite in a temporary directory by default. To measure PostgreSQL, name a throw-away database
in BENCH_DATABASE_URL: its tables are DROPPED first. DATABASE_URL is never used, so a bench run
cannot empty the database the app itself uses.
"""
import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "RESULTS.md"

# One sync worker per core: the work (SQLite in-process, Jinja, brotli) is CPU-bound, so
# more workers than cores only adds context switches -- and wrk shares these cores too.
WORKERS = os.cpu_count() or 1
# Both servers get exactly these settings; only the WSGI app differs.
# --no-control-socket: gunicorn >= 25 opens ~/.gunicorn/gunicorn.ctl by default, and two
# masters would fight over that one path.
GUNICORN_SETTINGS = [
    "--workers", str(WORKERS), "--worker-class", "sync",
    "--no-control-socket", "--log-level", "warning", "--graceful-timeout", "5",
]
WRK_THREADS, WRK_CONNECTIONS = 2, 16
# A slow page queues for seconds behind 16 connections on 2 workers; wrk must not drop those
# requests as timeouts (it leaves them out of its latency figures).
WRK_TIMEOUT = "20s"
WARMUP = "2s"  # per endpoint, discarded: first requests compile templates, warm caches
# What a phone sends; responses over 512 bytes are then brotli-compressed, a real cost.
ACCEPT = {"Accept-Encoding": "br, gzip"}
HELLO = "hello world (baseline)"
HTMX_COUNTY = {"HX-Request": "true", "HX-Target": "county-field"}
FILTERED = "/positions/?" + urllib.parse.urlencode(
    {"city": "140100", "county": "140105", "education": "bachelor", "sort": "deadline", "q": "助理"}
)
# Dropping the app's tables on PostgreSQL, the way tests/conftest.py does.
RESET_POSTGRES = """
from jianxi import create_app
from jianxi.extensions import db
from jianxi.models import ALL
create_app()
with db.connection_context():
    db.drop_tables(list(reversed(ALL)), cascade=True, safe=True)
"""


def ensure_wrk() -> str:
    if not shutil.which("wrk") and os.geteuid() == 0:
        print("wrk is missing; trying: apt-get install -y wrk")
        # The package lists may be empty on a fresh machine: update once and retry.
        if subprocess.run(["apt-get", "install", "-y", "wrk"]).returncode != 0:
            subprocess.run(["apt-get", "update"])
            subprocess.run(["apt-get", "install", "-y", "wrk"])
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("bench: wrk is not installed. Install it with: apt-get install -y wrk")
    return wrk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict | None = None) -> bytes:
    """GET url; anything but 200 stops the benchmark (measuring errors would be meaningless)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status == 200:
                return response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    sys.exit(f"bench: {url} answered {status}, expected 200")


def start_gunicorn(app: str, env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [str(BIN / "gunicorn"), *GUNICORN_SETTINGS, "--bind", f"127.0.0.1:{port}", app]
    # A session of its own, so Ctrl-C reaches only us and we stop it in order.
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"bench: gunicorn {app} exited:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            return proc, base
        except urllib.error.HTTPError:
            return proc, base  # it answers, even if / is not a page of this app
        except OSError:
            time.sleep(0.2)
    sys.exit(f"bench: gunicorn {app} did not answer within 30 s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # the master stops its workers gracefully
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(wrk: str, url: str, headers: dict, duration: str) -> dict:
    command = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}",
               "--timeout", WRK_TIMEOUT, "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    drain(url, headers)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    latency = {p: to_ms(v, u) for p, v, u in re.findall(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    if not rps or set(latency) != {"50", "99"}:
        sys.exit(f"bench: could not read wrk's output:\n{out}")
    # Timeouts, resets and non-2xx/3xx answers are left out of wrk's figures: count them.
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {"rps": float(rps.group(1)), "p50": latency["50"], "p99": latency["99"], "errors": errors}


def drain(url: str, headers: dict) -> None:
    """Wait for the requests wrk abandoned at its deadline.

    The sync workers still serve the up to -c requests queued when wrk stops; on a slow page
    that is seconds of work that would count against the next run. Each fetch waits behind
    that queue (the kernel hands out connections in order), one per worker to be sure.
    """
    for _ in range(WORKERS):
        fetch(url, headers)


def prepare_database(tmp: Path) -> tuple[str, str]:
    """The database URL and a description of its engine."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url.startswith("postgres"):
        print("bench: BENCH_DATABASE_URL is PostgreSQL -- dropping the app's tables there first")
        subprocess.run([str(BIN / "python"), "-c", RESET_POSTGRES], cwd=ROOT, check=True,
                       env={**os.environ, "SECRET_KEY": "bench"})
        return url, "PostgreSQL"
    return f"sqlite:///{tmp / 'bench.sqlite3'}", f"SQLite {sqlite3.sqlite_version} (WAL, file in a temp dir)"


def machine_facts() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    gunicorn_version = subprocess.run([str(BIN / "gunicorn"), "--version"], capture_output=True, text=True).stdout
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": f"{os.cpu_count()} ({cpu})",
        "python": platform.python_version(),
        "gunicorn": gunicorn_version.strip().removeprefix("gunicorn (version ").rstrip(")"),
        "wrk": wrk_version.split("Copyright")[0].strip(),
    }


def table(rows: list[tuple[str, dict]]) -> list[list[str]]:
    hello = dict(rows)[HELLO]["rps"]
    lines = [["endpoint", "requests/s", "p50 ms", "p99 ms", "× hello", "errors"]]
    for name, r in rows:
        ratio = r["rps"] / hello
        lines.append([name, f"{r['rps']:.0f}" if r["rps"] >= 100 else f"{r['rps']:.1f}",
                      f"{r['p50']:.1f}", f"{r['p99']:.1f}",
                      f"{ratio:.2f}×" if ratio >= 0.1 else f"{ratio:.3f}×", str(r["errors"])])
    return lines


def markdown(lines: list[list[str]], settings: dict) -> str:
    def row(cells):
        return "| " + " | ".join(cells) + " |"

    body = [row(lines[0]), row(["---"] + ["---:"] * (len(lines[0]) - 1)), *map(row, lines[1:])]
    facts = "\n".join(f"- {key}: {value}" for key, value in settings.items())
    return f"""# Benchmark results

Written by `make bench` (`bench/run.py`); the figures below are from one real run.

{chr(10).join(body)}

## Settings

{facts}

## What the numbers mean

- **requests/s**: complete responses per second with {WRK_CONNECTIONS} connections kept busy for
  the whole run (wrk, closed loop). It includes the query, the template, brotli compression
  (wrk sends `Accept-Encoding: br, gzip`, as browsers do) and gunicorn. wrk runs on the same
  cores as the server, so this is a floor for the machine, not a capacity figure for production.
- **p50 / p99 ms**: the median and 99th-percentile time from request sent to response read.
  With {WRK_CONNECTIONS} connections and {WORKERS} sync workers most of it is queueing: latency ≈
  connections ÷ requests/s. One request's own service time is about workers ÷ requests/s.
- **× hello**: requests/s as a fraction of a hello-world Flask app under the same gunicorn in
  the same run. 1.00× would mean the page costs nothing beyond Flask and gunicorn; 0.10× means
  a request of that page costs about ten times the framework's floor. The ratio travels better
  between machines than the absolute numbers, which only compare runs on the same machine
  (check the load average: other work during the run lowers every row).
- **errors**: socket errors, timeouts (> {WRK_TIMEOUT}) and non-2xx/3xx answers during the run; wrk leaves
  them out of its figures, so anything but 0 makes that row suspect.
- The filtered search is `{FILTERED}` (太原市 小店区, 本科, by deadline, keyword 助理).
  The county fragment is sent as htmx sends it (`HX-Request`, `HX-Target: county-field`).
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", default="10s", help="wrk run per endpoint (default 10s)")
    parser.add_argument("--positions", type=int, default=100_000, help="positions to seed")
    args = parser.parse_args()
    # `kill` should clean up like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    load_before = os.getloadavg()  # other work on the machine skews every row: record it
    wrk = ensure_wrk()
    if not (BIN / "gunicorn").exists():
        sys.exit(f"bench: {BIN / 'gunicorn'} is missing; run `make bench` (it installs the requirements)")
    tmp = Path(tempfile.mkdtemp(prefix="jianxi-bench-"))
    servers = []
    try:
        database_url, engine = prepare_database(tmp)
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32),
               "UPLOAD_DIR": str(tmp / "uploads")}  # keep the run out of instance/

        print(f"Seeding {args.positions} positions ...", flush=True)
        started = time.perf_counter()
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "seed-demo", "--positions", str(args.positions)],
                       cwd=ROOT, env=env, check=True)
        seed_seconds = time.perf_counter() - started
        print(f"Seeded in {seed_seconds:.1f} s", flush=True)

        app, app_url = start_gunicorn("wsgi:app", env, tmp / "app.log")
        servers.append(app)
        hello, hello_url = start_gunicorn("bench.hello:app", env, tmp / "hello.log")
        servers.append(hello)

        # An existing open position: the first one the search lists (works on any engine).
        first = re.search(rb'href="/positions/(\d+)', fetch(app_url + "/positions/"))
        if not first:
            sys.exit("bench: /positions/ lists no position to open")
        endpoints = [
            (HELLO, hello_url + "/", ACCEPT),
            ("search /positions/", app_url + "/positions/", ACCEPT),
            ("filtered search", app_url + FILTERED, ACCEPT),
            ("county fragment (htmx)", app_url + "/positions/counties?city=140100", {**ACCEPT, **HTMX_COUNTY}),
            (f"detail /positions/{first.group(1).decode()}", app_url + f"/positions/{first.group(1).decode()}", ACCEPT),
        ]
        for _, url, headers in endpoints:
            fetch(url, headers)

        rows = []
        for name, url, headers in endpoints:
            print(f"wrk {args.duration}: {name} ...", flush=True)
            run_wrk(wrk, url, headers, WARMUP)
            rows.append((name, run_wrk(wrk, url, headers, args.duration)))
    finally:
        for proc in servers:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)

    lines = table(rows)
    settings = {
        **machine_facts(),
        "load average (1, 5, 15 min) at start": " ".join(f"{x:.2f}" for x in load_before),
        "gunicorn settings (both apps)": " ".join(GUNICORN_SETTINGS) + " --bind 127.0.0.1:<free port>",
        "load": f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration} --timeout {WRK_TIMEOUT} --latency "
                f"-H 'Accept-Encoding: br, gzip', after a discarded {WARMUP} warm-up, one endpoint at a time",
        "database": engine,
        "positions": f"{args.positions} (flask seed-demo, seed 2026), seeded in {seed_seconds:.1f} s",
    }
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    print()
    for line in lines:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths))))
    print()
    for key, value in settings.items():
        print(f"{key}: {value}")
    RESULTS.write_text(markdown(lines, settings), encoding="utf-8")
    print(f"\nWrote {RESULTS.relative_to(ROOT)}")
    if any(r["errors"] for _, r in rows):
        print("bench: some runs had errors (see the errors column)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the servers and temp dir are already gone (finally)
        sys.exit("bench: interrupted")
