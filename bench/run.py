"""`make bench`: issue 12's benchmark of the public position pages, on SQLite and PostgreSQL.

For each engine and size it seeds a throw-away database (`flask seed-demo`, timed), serves the
app and a hello-world Flask app (bench/hello.py) under gunicorn with identical settings, then
- loads hello-world, the unfiltered search, a city+county search, a keyword search, a detail
  page and the county fragment with wrk, one at a time (warm: cache hits after the first);
- asks a fixed list of cold queries, each once on a fresh connection, and reads the app's
  service time from its Server-Timing header.
It prints progress and tables as it goes, judges issue 12's targets and writes bench/RESULTS.md,
keeping the hand-written "## Why (filled in by hand)" section of the previous file.

    make bench                                  # the full matrix: about 15-20 minutes
    .venv/bin/python bench/run.py [--engines sqlite,postgres] [--sizes 10000,100000,1000000]
                                  [--duration 10s] [--cold 300] [--output bench/RESULTS.md]
    .venv/bin/python bench/run.py --sizes 10000 --duration 2s --cold 30     # a quick check

Anything less than the full matrix is marked in RESULTS.md as a format check, not figures.
SQLite files live in a temp dir; PostgreSQL runs on a server of the benchmark's own, configured
by deploy/postgresql.conf (bench/postgres_server.py: initdb in a temp dir, a free port, removed
at the end), in a database `jianxi_bench` created for each size; after seeding, the searched
tables are read into its buffers (pg_prewarm), as on a server that has been running. DATABASE_URL
is never used. Ctrl-C stops the servers and removes the temp dirs.
"""
import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import cold
import databases
import postgres_server
import report
from report import say
from servers import (
    ACCEPT,
    BIN,
    GUNICORN_SETTINGS,
    ROOT,
    WARMUP,
    WRK_CONNECTIONS,
    WRK_THREADS,
    WRK_TIMEOUT,
    ensure_wrk,
    fetch,
    machine,
    median_app_ms,
    run_wrk,
    start_gunicorn,
    stop,
    version_of,
)

RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULTS = {"engines": "sqlite,postgres", "sizes": "10000,100000,1000000", "duration": "10s", "cold": 300}
HTMX_COUNTY = {"HX-Request": "true", "HX-Target": "county-field"}
PLACE_URL = "/positions/?city=140100&county=140105"
KEYWORD_URL = "/positions/?q=%E4%BC%9A%E8%AE%A1"  # 会计
# The filter sets (city, county, keyword, education) the warm rows ask: never cold.
WARM_FILTERS = {("", "", "", ""), ("140100", "140105", "", ""), ("", "", "会计", "")}



def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default=DEFAULTS["engines"], help="comma-separated: sqlite, postgres")
    parser.add_argument("--sizes", default=DEFAULTS["sizes"], help="positions to seed, comma-separated")
    parser.add_argument("--duration", default=DEFAULTS["duration"], help="wrk run per endpoint (default 10s)")
    parser.add_argument("--cold", type=int, default=DEFAULTS["cold"], help="cold queries per engine and size")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the file to write (default bench/RESULTS.md)")
    args = parser.parse_args()
    args.engine_list = [e.strip() for e in args.engines.split(",") if e.strip()]
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    unknown = set(args.engine_list) - set(databases.ENGINES)
    if unknown or not args.engine_list or not args.size_list or args.cold < 1:
        parser.error(f"engines are {', '.join(databases.ENGINES)}; sizes and --cold must not be empty")
    if not re.fullmatch(r"\d+[smh]?", args.duration):
        parser.error("--duration is a wrk duration such as 10s")
    return args


def partial_note(args: argparse.Namespace) -> str:
    """Empty for the full matrix, else what this reduced run left out."""
    full = (sorted(args.engine_list) == sorted(DEFAULTS["engines"].split(","))
            and sorted(args.size_list) == sorted(int(s) for s in DEFAULTS["sizes"].split(","))
            and args.duration == DEFAULTS["duration"] and args.cold >= DEFAULTS["cold"])
    if full:
        return ""
    return (f"A reduced run: engines {', '.join(args.engine_list)}; sizes "
            f"{', '.join(report.number(s) for s in args.size_list)}; wrk {args.duration} per endpoint; "
            f"{args.cold} cold queries.")


def warm_endpoints(app_url: str, hello_url: str) -> tuple[dict, str]:
    """{row name: (url, headers)} and the detail page's path (the first position listed, open)."""
    body, _ = fetch(app_url + "/positions/")
    first = re.search(rb'href="/positions/(\d+)', body)
    if not first:
        sys.exit("bench: /positions/ lists no position to open")
    detail = f"/positions/{first.group(1).decode()}"
    return {
        report.HELLO: (hello_url + "/", ACCEPT),
        report.UNFILTERED: (app_url + "/positions/", ACCEPT),
        report.PLACE: (app_url + PLACE_URL, ACCEPT),
        report.KEYWORD: (app_url + KEYWORD_URL, ACCEPT),
        report.DETAIL: (app_url + detail, ACCEPT),
        report.COUNTY: (app_url + "/positions/counties?city=140100", {**ACCEPT, **HTMX_COUNTY}),
    }, detail


def measure_warm(wrk: str, endpoints: dict, duration: str) -> dict:
    for url, headers in endpoints.values():
        fetch(url, headers)  # each answers 200 before wrk counts anything
    rows = {}
    for name, (url, headers) in endpoints.items():
        say(f"  wrk {WARMUP} warm-up + {duration}: {name}")
        run_wrk(wrk, url, headers, WARMUP)
        rows[name] = run_wrk(wrk, url, headers, duration)
        rows[name]["app_ms"] = median_app_ms(url, headers, report.APP_SAMPLES)
    return rows


def serve_and_measure(env: dict, tmp: Path, wrk: str, args, cold_list: list) -> dict:
    """Start both servers, run the warm rows then the cold queries, stop the servers."""
    servers = []
    try:
        app, app_url = start_gunicorn("wsgi:app", env, tmp / "app.log")
        servers.append(app)
        hello, hello_url = start_gunicorn("bench.hello:app", env, tmp / "hello.log")
        servers.append(hello)
        endpoints, detail = warm_endpoints(app_url, hello_url)
        load_before_wrk = os.getloadavg()
        warm = measure_warm(wrk, endpoints, args.duration)
        say(f"  {len(cold_list)} cold queries, one at a time")
        timings = cold.measure(app_url, cold_list)
    finally:
        for proc in servers:
            stop(proc)
    return {"warm": warm, "detail": detail, "cold": cold.summary(timings), "load_before_wrk": load_before_wrk}


def measure_one(engine: str, size: int, tmp: Path, wrk: str, args, cold_list: list, server: str) -> dict:
    """Everything issue 12 asks for one engine and size."""
    say(f"{report.engine_name(engine)}, {report.number(size)} positions")
    load_before_seed = os.getloadavg()
    env = {**os.environ, "DATABASE_URL": databases.fresh_database(engine, tmp, size, server),
           "SECRET_KEY": secrets.token_hex(32), "UPLOAD_DIR": str(tmp / f"uploads-{engine}-{size}")}
    say(f"  seeding {report.number(size)} positions")
    seed_s = databases.seed(env, size, tmp / "seed.log")
    over = " -- OVER the 3-minute target" if size == report.COLD_SIZE and seed_s > report.MAX_SEED_S else ""
    say(f"  seeded in {seed_s:.1f} s{over}")
    try:
        if engine == "postgres":
            say(f"  read into the server's buffers: {databases.prewarm(server)}")
        run = serve_and_measure(env, tmp, wrk, args, cold_list)
    finally:
        databases.discard_database(engine, tmp, size, server)
    run.update(engine=engine, size=size, seed_s=seed_s, load_before_seed=load_before_seed)
    print_run(run)
    return run


def print_run(run: dict) -> None:
    print(report.console_table(report.warm_table(run)))
    c = run["cold"]
    print(f"cold ({c['count']} queries): p50 {c['p50']:.1f} ms, p90 {c['p90']:.1f} ms, "
          f"p99 {c['p99']:.1f} ms, max {c['max']:.1f} ms ({report.readable(c['slowest'][0]['path'])})\n",
          flush=True)


def settings(args, engines: dict[str, str]) -> dict:
    return {
        **machine(),
        "wrk": version_of(["wrk", "--version"]).split("Copyright")[0].strip(),
        **{f"database ({name})": description for name, description in engines.items()},
        "gunicorn settings (both apps)": " ".join(GUNICORN_SETTINGS) + " --bind 127.0.0.1:<free port>",
        "load": f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{args.duration} --timeout {WRK_TIMEOUT} --latency "
                f"-H 'Accept-Encoding: br, gzip', after a discarded {WARMUP} warm-up, one endpoint at a time",
        "cold queries": f"{args.cold} per engine and size (bench/cold.py), one at a time, each on a new connection",
        "run time": f"{(time.monotonic() - report.STARTED) / 60:.1f} min",
    }


def write_results(args, runs: list[dict], engines: dict[str, str]) -> None:
    previous = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    why = report.previous_why(previous)
    text = report.document(runs, args.engine_list, settings(args, engines), partial_note(args), why)
    args.output.write_text(text, encoding="utf-8")
    print(report.console_table(report.targets_table(runs, args.engine_list)))
    say(f"wrote {args.output}")


def main() -> int:
    args = parse_args()
    # Ctrl-C and `kill` clean up alike (SIGINT too: a launcher may have left it ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = ensure_wrk()
    if not (BIN / "gunicorn").exists():
        sys.exit(f"bench: {BIN / 'gunicorn'} is missing; run `make bench` (it installs the requirements)")
    cold_list = cold.queries(args.cold, WARM_FILTERS)
    say(f"engines {', '.join(args.engine_list)}; sizes {args.sizes}; wrk {args.duration}; {args.cold} cold queries")
    if os.getloadavg()[0] > 0.5:
        say(f"note: load average {os.getloadavg()[0]:.2f} at the start -- the machine is not quiet")
    runs = []
    with contextlib.ExitStack() as stack:
        server = ""
        if "postgres" in args.engine_list:
            server = stack.enter_context(postgres_server.own_server())
            say(f"PostgreSQL of the benchmark's own at {server.rsplit('@', 1)[-1]}, with deploy/postgresql.conf")
        engines = {engine: databases.describe(engine, server) for engine in args.engine_list}
        if server:
            engines["postgres server"] = (f"started by the bench (initdb, deploy/postgresql.conf included): "
                                          f"{databases.server_settings(server)}; after each seeding the "
                                          f"tables {' and '.join(databases.SEARCHED_TABLES)} and their indexes "
                                          "read into its buffers (pg_prewarm), as on a server that has been running")
        tmp = Path(tempfile.mkdtemp(prefix="jianxi-bench-"))
        try:
            for engine in args.engine_list:
                for size in args.size_list:
                    runs.append(measure_one(engine, size, tmp, wrk, args, cold_list, server))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    write_results(args, runs, engines)
    if any(r["errors"] for run in runs for r in run["warm"].values()):
        print("bench: some wrk runs had errors (see the errors column)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the servers, temp dir and database are already gone (finally)
        sys.exit("bench: interrupted")
