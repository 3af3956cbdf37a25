"""Issue 25, point 4: the office side at a province's scale, on SQLite and PostgreSQL.

For each engine: bench/office_seed.py fills a throw-away database (a SQLite file in a temp dir, or
the PostgreSQL database jianxi_office_bench on 127.0.0.1:5432, made anew and dropped at the end)
with 1,000,000 applications, 200,000 positions, 20,000 units and 100,000 placements (times
--scale), timed; the app runs under gunicorn (bench/servers.py); a county clerk (小店区) and a
city clerk (太原市市本级) sign in through the real login form and ask, one request at a time, for
the queue's first page with the filters clerks use, applications' pages, the roster, the claim list
and claims' pages (p50 and p99 of the wall clock, and the app's Server-Timing), /review/stats for
the city, and one export of the queue (about 100,000 rows at full scale): time to first byte, rows/s
and the serving worker's RSS (/proc/<pid>/status) before and at its peak.

The section "## The office side at a province's scale (issue 25)" of bench/RESULTS.md is written (or
replaced). With --before <git revision>, the same data is first measured with that revision's code
on the schema before migrations 013 and 014 (their indexes undone), then migrated (timed) and measured again.

    .venv/bin/python bench/office.py [--scale 0.01] [--engines sqlite,postgres] [--samples 100]
                                     [--before 44dc6fd] [--output bench/RESULTS.md]
"""
import argparse
import datetime
import http.cookiejar
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import databases
import sections
from servers import BIN, ROOT, machine, start_gunicorn, stop

RESULTS = ROOT / "bench" / "RESULTS.md"
DATABASE = "jianxi_office_bench"
PAGE_P50, PAGE_P99, STATS_MS = 20.0, 100.0, 100.0
FIRST_BYTE_S, ROWS_PER_S, RSS_GROWTH_MB = 1.0, 20_000, 50
COUNTY, CITY = "140105", "140100"
WARMUP = 2
BUDGET_S, MIN_SAMPLES = 20, 5  # per row


def database_url(engine: str, tmp: Path) -> str:
    if engine == "sqlite":
        return f"sqlite:///{tmp / 'office.sqlite3'}"
    databases.postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    databases.postgres(f'CREATE DATABASE "{DATABASE}"')
    return f"{databases.POSTGRES_SERVER}/{DATABASE}"


def query(url: str, sql: str) -> list[tuple]:
    """Rows straight from the database: which ids the clerks' pages will open."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute(sql).fetchall()
    import psycopg2
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


class Clerk:
    """A reviewer's browser: cookies, and the real login form."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        from office_seed import PASSWORD
        form = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": PASSWORD}).encode()
        landed = self.opener.open(base + "/login", form)
        if "/login" in landed.geturl():
            sys.exit(f"bench: {username} could not sign in")

    def get(self, path: str) -> tuple[float, float | None, bytes]:
        """(wall ms, app ms, body) of one GET that must answer 200 on the page asked for."""
        started = time.perf_counter()
        with self.opener.open(self.base + path, timeout=120) as response:
            body = response.read()
            timing = re.search(r"app;dur=([\d.]+)", response.headers.get("Server-Timing", ""))
            if response.status != 200 or "/login" in response.geturl():
                sys.exit(f"bench: {path} answered {response.status} at {response.geturl()}")
        return (time.perf_counter() - started) * 1000, float(timing.group(1)) if timing else None, body


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def measure(clerk: Clerk, paths: list[str], samples: int) -> dict:
    """p50 and p99 of `samples` sequential requests going round `paths` (after a few discarded), or
    of as many as BUDGET_S allows (a page of seconds gets a few samples, not a quarter of an hour)."""
    for path in paths[:WARMUP]:
        clerk.get(path)
    walls, apps = [], []
    started = time.perf_counter()
    for n in range(samples):
        wall, app, _ = clerk.get(paths[n % len(paths)])
        walls.append(wall)
        apps.append(app or 0.0)
        if n + 1 >= MIN_SAMPLES and time.perf_counter() - started > BUDGET_S:
            break
    return {"p50": percentile(walls, 0.5), "p99": percentile(walls, 0.99), "app50": percentile(apps, 0.5),
            "app99": percentile(apps, 0.99), "n": len(walls)}


def pages(url: str, samples: int) -> dict[str, dict[str, list[str]]]:
    """{target: {office: [paths]}}: what each clerk opens, several ids each where a page is one object."""
    city = [row[0] for row in query(url, f"SELECT code FROM region WHERE code = '{CITY}' OR city_id = '{CITY}'")]
    month = (datetime.date(2026, 12, 1) - datetime.timedelta(days=90)).strftime("%Y-%m")
    name = query(url, f"SELECT name FROM application WHERE jurisdiction_id = '{COUNTY}' ORDER BY id LIMIT 1")[0][0]
    found = {}
    for office, codes in (("county", [COUNTY]), ("city", city)):
        within = ", ".join(f"'{code}'" for code in codes)
        apps = [row[0] for row in query(url, f"SELECT id FROM application WHERE jurisdiction_id IN ({within}) "
                                             f"ORDER BY id DESC LIMIT {samples}")]
        claims = [row[0] for row in query(url, f"SELECT id FROM claim WHERE region_id IN ({within}) "
                                               f"ORDER BY id DESC LIMIT {samples}")]
        queue = ["/review/", "/review/?status=pending", f"/review/?status=approved&month={month}"]
        if office == "city":
            queue.append(f"/review/?county={COUNTY}")
        found.setdefault("审核工作台（首页，状态、月份、属地筛选）", {})[office] = queue
        references = [row[0] for row in query(url, f"SELECT reference FROM application WHERE jurisdiction_id IN "
                                                   f"({within}) ORDER BY id LIMIT 5")]
        found.setdefault("审核工作台（按申报编号、姓名查找）", {})[office] = [
            f"/review/?q={reference}" for reference in references] + ["/review/?q=" + urllib.parse.quote(name)]
        found.setdefault("申请详情", {})[office] = [f"/review/applications/{i}" for i in apps]
        found.setdefault("花名册", {})[office] = ["/review/roster/", "/review/roster/?state=working",
                                                f"/review/roster/?month={month}"]
        found.setdefault("补贴申请列表", {})[office] = ["/review/claims/", "/review/claims/?status=submitted"]
        found.setdefault("补贴申请详情", {})[office] = [f"/review/claims/{i}" for i in claims] or ["/review/claims/"]
    return found


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def memory_kb(pid: int) -> dict[str, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    return {key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE).group(1)) for key in ("VmRSS", "VmHWM")}


def export(clerk: Clerk, master: int, path: str) -> dict:
    """One export: seconds to the first byte, rows/s over the whole body, and the serving worker's
    RSS before and at its highest while streaming (sampled every 20 ms)."""
    workers = worker_pids(master)
    before = {pid: memory_kb(pid)["VmRSS"] for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def watch():
        while not done.is_set():
            for pid in workers:
                peak[pid] = max(peak[pid], memory_kb(pid)["VmRSS"])
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    try:
        with clerk.opener.open(clerk.base + path, timeout=600) as response:
            first = response.read(1)
            first_byte = time.perf_counter() - started
            lines = (first + response.read()).count(b"\n")
    finally:
        done.set()
        watcher.join()
    total = time.perf_counter() - started
    served_by = max(workers, key=lambda pid: peak[pid] - before[pid])
    rows = max(0, lines - 1)
    return {"path": path, "rows": rows, "first_byte": first_byte, "seconds": total, "rows_per_s": rows / total,
            "rss_before": before[served_by] / 1024, "rss_peak": peak[served_by] / 1024,
            "growth": (peak[served_by] - before[served_by]) / 1024}


# What migrations 013 and 014 change, undone after seeding to measure the code before them.
BEFORE_MIGRATIONS = (
    "DROP INDEX application_jurisdiction_id_status_submitted_at",
    "DROP INDEX application_jurisdiction_id_submitted_month_status",
    "DROP INDEX placement_region_id_status_start_date_end_date_employer_id",
    "CREATE INDEX placement_region_id_status_start_date ON placement (region_id, status, start_date)",
    "DROP INDEX claim_region_id_status_submitted_at",
    "CREATE INDEX claim_region_id_status ON claim (region_id, status)",
    "DELETE FROM migratehistory WHERE name IN ('013_office_indexes', '014_office_claims_index')",
    "ANALYZE",
)


def older_tree(revision: str, tmp: Path) -> Path:
    """The app as it was at `revision` (git archive), with this tree's virtualenv."""
    tree = tmp / "before"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    (tree / ".venv").symlink_to((ROOT / ".venv").resolve())
    return tree


def run(command: list[str], env: dict, log: Path) -> float:
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        sys.exit(f"bench: {' '.join(command)} failed:\n{log.read_text()[-3000:]}")
    print(log.read_text(), flush=True)
    return time.perf_counter() - started


def unmigrate(url: str) -> None:
    """Back to the schema before 013 and 014: their indexes and history undone, statistics anew."""
    statements = BEFORE_MIGRATIONS
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            for statement in statements:
                connection.execute(statement)
        return
    import psycopg2
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def measure_all(engine: str, env: dict, url: str, tmp: Path, samples: int, label: str) -> dict:
    targets = pages(url, samples)
    proc, base = start_gunicorn("wsgi:app", env, tmp / f"gunicorn-{engine}-{label}.log")
    try:
        from office_seed import CITY_CLERK, COUNTY_CLERK
        clerks = {"county": Clerk(base, COUNTY_CLERK), "city": Clerk(base, CITY_CLERK)}
        figures = {}
        for target, by_office in targets.items():
            for office, paths in by_office.items():
                figures[(target, office)] = measure(clerks[office], paths, samples)
                print(f"{engine} {label}: {target} {office}: {figures[(target, office)]}", flush=True)
        figures[("统计（/review/stats）", "city")] = measure(clerks["city"], ["/review/stats"], samples)
        print(f"{engine} {label}: stats: {figures[('统计（/review/stats）', 'city')]}", flush=True)
        exported = export(clerks["city"], proc.pid, "/review/export.csv?status=approved")
        print(f"{engine} {label}: export: {exported}", flush=True)
    finally:
        stop(proc)
    return {"figures": figures, "export": exported}


def run_engine(engine: str, tmp: Path, scale: float, samples: int, before: Path | None) -> dict:
    """{label: figures}: 'before' (the older tree, the schema before 013 and 014) when asked, then 'after'."""
    url = database_url(engine, tmp)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16), "UPLOAD_DIR": str(tmp / "up")}
    print(f"{engine}: seeding at scale {scale} ...", flush=True)
    try:
        seeded = run([str(BIN / "python"), str(ROOT / "bench" / "office_seed.py"), "--scale", str(scale)], env,
                     tmp / f"seed-{engine}.log")
        found = {}
        if before is not None:
            unmigrate(url)
            # gunicorn imports the app from --chdir: the older tree.
            found["before"] = measure_all(engine, {**env, "GUNICORN_CMD_ARGS": f"--chdir {before}"}, url, tmp,
                                          samples, "before")
            migrated = run([str(BIN / "flask"), "--app", "wsgi", "init-db"], env, tmp / f"migrate-{engine}.log")
            found["migration"] = migrated
        found["after"] = measure_all(engine, env, url, tmp, samples, "after")
        found["seeded"] = seeded
        return found
    finally:
        if engine == "postgres":
            databases.postgres(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


ENGINE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
OFFICE_NAMES = {"county": "县（小店区）", "city": "市本级（太原市）"}


def table(results: dict, label: str, samples: int) -> list[str]:
    engines = list(results)
    head = "| 页面 | 机构 | " + " | ".join(f"{ENGINE_NAMES[e]} p50 / p99 ms（应用 p50）" for e in engines) + " | 目标 | 达到 |"
    lines = [head, "|" + "---|" * (len(engines) + 4)]
    for key in results[engines[0]][label]["figures"]:
        target, office = key
        stats = target.startswith("统计")
        cells, met = [], True
        for engine in engines:
            f = results[engine][label]["figures"][key]
            cells.append(f"{f['p50']:.1f} / {f['p99']:.1f} ({f['app50']:.1f})" + (
                f" n={f['n']}" if f["n"] < samples else ""))
            met &= (f["p99"] <= STATS_MS) if stats else (f["p50"] <= PAGE_P50 and f["p99"] <= PAGE_P99)
        goal = f"≤ {STATS_MS:.0f} ms (p99)" if stats else f"p50 ≤ {PAGE_P50:.0f}, p99 ≤ {PAGE_P99:.0f}"
        lines.append(f"| {target} | {OFFICE_NAMES[office]} | " + " | ".join(cells) + f" | {goal} | {'是' if met else '否'} |")
    lines += ["", "| 导出（市本级，审核通过） | " + " | ".join(ENGINE_NAMES[e] for e in engines) + " | 目标 |",
              "|" + "---|" * (len(engines) + 2)]
    rows = (("行数", lambda x: f"{x['rows']:,}", ""),
            ("首字节 s", lambda x: f"{x['first_byte']:.2f}", f"≤ {FIRST_BYTE_S:.0f}"),
            ("行/秒", lambda x: f"{x['rows_per_s']:,.0f}", f"≥ {ROWS_PER_S:,}"),
            ("进程 RSS 前 → 峰值 MB（增长）",
             lambda x: f"{x['rss_before']:.0f} → {x['rss_peak']:.0f} (+{x['growth']:.0f})", f"增长 < {RSS_GROWTH_MB}"))
    for name, show, goal in rows:
        lines.append(f"| {name} | " + " | ".join(show(results[e][label]["export"]) for e in engines) + f" | {goal} |")
    return lines


def body(results: dict, scale: float, samples: int, before: str | None) -> str:
    engines = list(results)
    lines = []
    if before:
        lines += [f"### Before: the code of {before}, on the schema before migrations 013 and 014", "",
                  *table(results, "before", samples), ""]
    lines += ["### After" if before else "### Now", "", *table(results, "after", samples), "",
              "| 数据 | " + " | ".join(ENGINE_NAMES[e] for e in engines) + " |", "|" + "---|" * (len(engines) + 1),
              "| 生成数据 s（目标：几分钟） | " + " | ".join(f"{results[e]['seeded']:.0f}" for e in engines) + " |"]
    if before:
        lines.append("| 迁移 013、014 s（建索引） | "
                     + " | ".join(f"{results[e]['migration']:.0f}" for e in engines) + " |")
    m = machine()
    lines += ["", f"{m['date']}; {m['cpus']}, shared with other work while measured; Python {m['python']}, "
              f"gunicorn {m['gunicorn']}; scale {scale}; {samples} sequential requests per row (n= fewer, when "
              f"{BUDGET_S} s ran out), going round the pages bench/office.py lists; the export is "
              "`/review/export.csv?status=approved` of 太原市市本级."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--before", help="a git revision to measure first, before migrations 013 and 014")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="office-bench-"))
    try:
        before = older_tree(args.before, tmp) if args.before else None
        results = {}
        for engine in args.engines.split(","):
            results[engine] = run_engine(engine, tmp, args.scale, args.samples, before)
            # Written after each engine, so a run cut short keeps what it measured.
            text = body(results, args.scale, args.samples, args.before)
            sections.write(args.output, sections.OFFICE, INTRO + "\n\n" + text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(text)


INTRO = ("Written by `bench/office.py` (`make bench` should also run `$(PY) bench/office.py`; "
         "`--before <revision>` adds the figures of older code on the same data).")


if __name__ == "__main__":
    main()
