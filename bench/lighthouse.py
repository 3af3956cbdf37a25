"""Issue 25: Lighthouse's four scores (mobile, simulated throttling) on the pages people land on.

A pinned Lighthouse (bench/lighthouse/package.json, installed with `npm ci` on the first run)
drives Debian's Chromium against the app under gunicorn on a throw-away SQLite database filled by
`flask seed-demo`. The signed-in pages get the session cookie of a real sign-in through the login
form: the demo applicant for /apply/ and /me/, the demo office clerk of 小店区 for /review/
(measured as a desk, `--preset=desktop`: the office works at desks). Every score and every
audit that lost points go into the section "## Lighthouse (issue 25)" of bench/RESULTS.md.
Without Node and npm it says so and does nothing (exit 0).

Each page is measured --runs times and the run with the median performance score is kept, as
Lighthouse's docs advise: on a busy machine one run's performance varies by several points.

    .venv/bin/python bench/lighthouse.py [--positions 2000] [--runs 3] [--output bench/RESULTS.md] [--keep DIR]
"""
import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import databases
import sections
from servers import ROOT, machine, start_gunicorn, stop

RESULTS = ROOT / "bench" / "RESULTS.md"
PACKAGE = ROOT / "bench" / "lighthouse"
LIGHTHOUSE_CLI = PACKAGE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# jianxi/ops/demo: the applicant with no application yet (so /apply/ shows the form) and the
# clerk of 小店区's office.
DEMO_PASSWORD = "jianxi2026"
APPLICANT, CLERK = "demo", "xiaodian"
POSITION_LINK = re.compile(r'href="(/positions/\d+)[^"]*"')
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=2000, help="positions seed-demo makes (default 2000)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the file to write (default bench/RESULTS.md)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page, the median kept (default 3)")
    parser.add_argument("--keep", type=Path, help="also copy Lighthouse's JSON reports into this folder")
    return parser.parse_args()


def node_tools() -> tuple[str, str] | None:
    node, npm = shutil.which("node"), shutil.which("npm")
    return (node, npm) if node and npm else None


def install_lighthouse(npm: str) -> None:
    """`npm ci` once: again only when package-lock.json changed since the last install."""
    installed = PACKAGE / "node_modules" / ".package-lock.json"
    lock = PACKAGE / "package-lock.json"
    if LIGHTHOUSE_CLI.exists() and installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    print("lighthouse: npm ci in bench/lighthouse", flush=True)
    if subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PACKAGE, check=False).returncode != 0:
        sys.exit("lighthouse: `npm ci` in bench/lighthouse failed (is the npm registry reachable?)")


def signed_in_cookie(base: str, username: str) -> str:
    """The Cookie header of a session made through the real login form, CSRF token and all."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=60) as response:
        page = response.read().decode()
    found = CSRF_FIELD.search(page)
    if not found:
        sys.exit("lighthouse: no csrf_token on /login")
    form = urllib.parse.urlencode({"csrf_token": found.group(1) or found.group(2),
                                   "username": username, "password": DEMO_PASSWORD}).encode()
    with opener.open(base + "/login", data=form, timeout=60) as response:
        if urllib.parse.urlsplit(response.url).path == "/login":
            sys.exit(f"lighthouse: signing in as {username} failed")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def first_position(base: str) -> str:
    with urllib.request.urlopen(base + "/positions/", timeout=60) as response:
        found = POSITION_LINK.search(response.read().decode())
    if not found:
        sys.exit("lighthouse: /positions/ lists no position")
    return found.group(1)


def pages(base: str) -> list[dict]:
    """(label, path, who, desktop) of the seven pages issue 25 names."""
    applicant, clerk = signed_in_cookie(base, APPLICANT), signed_in_cookie(base, CLERK)
    return [
        {"label": "首页", "path": "/", "cookie": None, "desktop": False},
        {"label": "见习岗位查询", "path": "/positions/", "cookie": None, "desktop": False},
        {"label": "岗位详情", "path": first_position(base), "cookie": None, "desktop": False},
        {"label": "登录", "path": "/login", "cookie": None, "desktop": False},
        {"label": "申请（已登录）", "path": "/apply/", "cookie": applicant, "desktop": False},
        {"label": "个人中心（已登录）", "path": "/me/", "cookie": applicant, "desktop": False},
        {"label": "审核（经办人员，桌面）", "path": "/review/", "cookie": clerk, "desktop": True},
    ]


def run_lighthouse(node: str, url: str, page: dict, report: Path, log: Path) -> dict:
    command = [node, str(LIGHTHOUSE_CLI), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
               "--throttling-method=simulate"]
    if page["desktop"]:
        command.append("--preset=desktop")
    if page["cookie"]:
        command.append("--extra-headers=" + json.dumps({"Cookie": page["cookie"]}))
    env = {**os.environ, "CHROME_PATH": CHROME}
    with log.open("a") as out:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse: {url} failed (exit {done.returncode}):\n{log.read_text()[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(result: dict) -> list[str]:
    """The audits that count towards a category and scored below 1, as `id` (title, value)."""
    lost = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = f", {audit['displayValue']}" if audit.get("displayValue") else ""
                lost.append(f"`{ref['id']}` ({audit['title']}{value})")
    return lost


def median_run(results: list[dict]) -> dict:
    """The run whose performance score is the median (the lower middle one of an even number)."""
    ranked = sorted(results, key=lambda result: result["categories"]["performance"]["score"] or 0)
    return ranked[(len(ranked) - 1) // 2]


def score(result: dict, category: str) -> str:
    value = result["categories"][category]["score"]
    return "–" if value is None else str(round(value * 100))


def performance_range(results: list[dict]) -> str:
    scores = sorted(int(score(result, "performance")) for result in results)
    return f"{scores[0]}–{scores[-1]}" if scores[0] != scores[-1] else str(scores[0])


def section_body(rows: list[tuple[dict, list[dict]]], version: str, settings: dict) -> str:
    head = ["page", "URL", "form factor", "performance", "accessibility", "best practices", "SEO",
            f"performance in {settings['runs']} runs"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|---:|---:|---:|---:|---:|"]
    for page, results in rows:
        result = median_run(results)
        cells = [page["label"], f"`{page['path']}`", "desktop" if page["desktop"] else "mobile",
                 *(score(result, c) for c in CATEGORIES), performance_range(results)]
        lines.append("| " + " | ".join(cells) + " |")
    medians = [(page, median_run(results)) for page, results in rows]
    losses = [f"- {page['label']} `{page['path']}`: " + "; ".join(lost)
              for page, result in medians if (lost := lost_points(result))]
    blocked = [page["path"] for page, result in medians if result["audits"]["is-crawlable"]["score"] == 0]
    # A machine busy with other work makes Lighthouse warn that its CPU is slow: the
    # performance figures then say more about the machine than about the page.
    warnings = sorted({" ".join(w.split()) for _, results in rows for result in results
                       for w in result.get("runWarnings", [])})
    return "\n".join([
        f"Lighthouse {version}, simulated throttling, {settings['chromium']}; the app under gunicorn on "
        f"a SQLite database of `flask seed-demo --positions {settings['positions']}`. "
        f"{settings['date']}, CPUs: {settings['cpus']}, Python {settings['python']}. "
        f"Each page {settings['runs']} times; the scores are those of the run with the median performance.",
        "Signed-in pages: the demo applicant (`demo`) and the clerk of 小店区 (`xiaodian`), signed in "
        "through the login form; `/review/` with `--preset=desktop`. `.venv/bin/python bench/lighthouse.py`.",
        "",
        *lines,
        "",
        "Audits that lost points (in the median run):" if losses else "No audit lost points.",
        *([""] + losses if losses else []),
        *(["", f"`is-crawlable` fails on {', '.join(f'`{p}`' for p in blocked)}: /robots.txt disallows "
               "them, and Lighthouse counts any Disallow of the page itself against SEO, even for a page "
               "only a signed-in person can open."] if blocked else []),
        *(["", "Lighthouse warned:", ""] + [f"- {w}" for w in warnings] if warnings else []),
    ])


def main() -> None:
    args = parse_args()
    if args.runs < 1:
        sys.exit("lighthouse: --runs must be at least 1")
    tools = node_tools()
    if not tools:
        print("lighthouse: Node.js and npm are not installed; skipped (apt-get install -y nodejs npm).")
        return
    if not Path(CHROME).exists():
        print(f"lighthouse: no Chromium at {CHROME}; skipped (apt-get install -y chromium, or set CHROME_PATH).")
        return
    node, npm = tools
    install_lighthouse(npm)
    version = json.loads((LIGHTHOUSE_CLI.parent.parent / "package.json").read_text())["version"]
    settings = {**machine(), "positions": args.positions, "runs": args.runs,
                "chromium": subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()}
    with tempfile.TemporaryDirectory(prefix="jianxi-lighthouse-") as name:
        tmp = Path(name)
        print(f"lighthouse: seeding {args.positions} positions", flush=True)
        env = databases.seeded_sqlite(tmp, args.positions)
        server, base = start_gunicorn("wsgi:app", env, tmp / "app.log")
        try:
            rows = []
            for number, page in enumerate(pages(base)):
                results = []
                for run in range(args.runs):
                    print(f"lighthouse: {page['path']} ({run + 1}/{args.runs})", flush=True)
                    report = tmp / f"{number}-{run}.json"
                    result = run_lighthouse(node, base + page["path"], page, report, tmp / "lighthouse.log")
                    results.append(result)
                    print("   " + "  ".join(f"{c} {score(result, c)}" for c in CATEGORIES), flush=True)
                    if args.keep:
                        args.keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy(report, args.keep / report.name)
                rows.append((page, results))
        finally:
            stop(server)
    sections.write(args.output, sections.LIGHTHOUSE, section_body(rows, version, settings))
    print(f"lighthouse: written to {args.output}")


if __name__ == "__main__":
    main()
