"""Issue 25, point 1: first paint of five pages on an emulated Slow 3G link, cold cache, phone size.

A throw-away SQLite database is seeded with `flask seed-demo` and served under gunicorn (the
settings of bench/servers.py). Debian's Chromium, 360 × 740, visits each page once unmeasured (the
first request compiles its templates) and then five times, each in a new browser context (a cold cache), with DevTools' network emulation at 400 ms latency and
50,000 bytes/s each way. For each visit it reads first-contentful-paint from the page's
performance entries and adds up what went over the wire (`Network.loadingFinished`'s
encodedDataLength, headers included) and the requests made (data: URLs are none); a table gives the medians against
issue 25's target (≤ 600 ms, ≤ 24 KB). /apply/ is visited signed in as the demo applicant: the
cookies of one sign-in are carried into each new context, the cache is not.

The section "## First paint on weak data (issue 25)" of bench/RESULTS.md is written (or
replaced) with the run's table under its label; the other `### ` sub-sections already there (other
labels, a hand-written "### Why") are kept, so `--label before` on the old code and then a run with
the default label `after` leave both side by side.

    .venv/bin/python bench/firstpaint.py [--label after] [--runs 5] [--positions 2000] [--output bench/RESULTS.md]
"""
import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path

import databases
import sections
from playwright.sync_api import sync_playwright
from servers import ROOT, machine, start_gunicorn, stop

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = sections.FIRST_PAINT
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
# DevTools' "Slow 3G" as issue 25 words it: 400 ms latency, 400 kbit/s down and up.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
TARGET_MS = 600
TARGET_BYTES = 24 * 1024
DEMO_APPLICANT, DEMO_PASSWORD = "demo", "jianxi2026"  # jianxi/ops/demo's DEMO_ACCOUNTS
LABEL_HEADING = re.compile(r"^### (.+)$", re.MULTILINE)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", default="after", help="the name of this run's table (default: after)")
    parser.add_argument("--runs", type=int, default=5, help="cold visits per page (default 5)")
    parser.add_argument("--positions", type=int, default=2000, help="positions seed-demo makes (default 2000)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the file to write (default bench/RESULTS.md)")
    args = parser.parse_args()
    if args.runs < 1 or not args.label.strip() or "\n" in args.label:
        parser.error("--runs must be at least 1 and --label one line")
    return args


def a_position_url(base: str) -> str:
    """The first position the public search lists."""
    with urllib.request.urlopen(base + "/positions/", timeout=30) as response:
        html = response.read().decode()
    found = re.search(r'href="(/positions/\d+)', html)
    if not found:
        sys.exit("bench: /positions/ lists no position to open")
    return found.group(1)


def signed_in_state(browser, base: str) -> dict:
    """The cookies of the demo applicant's sign-in, to carry into cold contexts."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=base)
    page = context.new_page()
    page.goto("/login")
    page.locator("#username").fill(DEMO_APPLICANT)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    if page.get_by_role("button", name="退出").count() == 0:
        sys.exit(f"bench: could not sign in as {DEMO_APPLICANT}")
    state = context.storage_state()
    context.close()
    return state


def cold_visit(browser, base: str, path: str, state: dict | None) -> dict:
    """One visit in a new context (nothing cached) over the emulated link: FCP, bytes, requests."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=base, storage_state=state)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    finished, failed, requested = [], [], []
    # A data: URL (a form control's built-in icon) is no trip over the network.
    cdp.on("Network.requestWillBeSent",
           lambda event: event["request"]["url"].startswith("data:") or requested.append(event["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda event: finished.append(event["encodedDataLength"]))
    cdp.on("Network.loadingFailed", lambda event: failed.append(event["requestId"]))
    response = page.goto(path, wait_until="load", timeout=60_000)
    if response is None or response.status != 200:
        sys.exit(f"bench: {path} answered {response.status if response else 'nothing'}, expected 200")
    # Whatever the page starts after load (the favicon) counts too: wait until the network is quiet.
    page.wait_for_load_state("networkidle", timeout=60_000)
    fcp = page.evaluate("""() => new Promise(resolve => {
        const read = () => performance.getEntriesByName('first-contentful-paint')[0];
        if (read()) return resolve(read().startTime);
        new PerformanceObserver(() => read() && resolve(read().startTime)).observe({type: 'paint', buffered: true});
    })""")
    context.close()
    if failed:
        sys.exit(f"bench: {len(failed)} request(s) of {path} failed")
    return {"fcp": fcp, "bytes": sum(finished), "requests": len(requested)}


def measure(base: str, pages: dict[str, str], runs: int) -> dict[str, dict]:
    medians = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        state = signed_in_state(browser, base)
        for name, path in pages.items():
            page_state = state if name == "/apply/" else None
            # One visit left out: the first request of a page compiles its templates and fills caches.
            cold_visit(browser, base, path, page_state)
            visits = [cold_visit(browser, base, path, page_state) for _ in range(runs)]
            medians[name] = {key: statistics.median(v[key] for v in visits) for key in ("fcp", "bytes", "requests")}
            medians[name]["fcps"] = [v["fcp"] for v in visits]
            m = medians[name]
            print(f"  {name:<16} FCP {m['fcp']:6.0f} ms  {m['bytes'] / 1024:5.1f} KB  {m['requests']:.0f} requests"
                  f"  (FCPs {', '.join(f'{f:.0f}' for f in m['fcps'])})", flush=True)
        browser.close()
    return medians


def table(label: str, medians: dict[str, dict], runs: int, when: dict, load: tuple[float, float]) -> str:
    # The machine's load moves first paint by a few hundred ms (Chromium lays out on the same cores).
    rows = [f"### {label}", "",
            f"{when['date']}, {when['cpus']}, load average {load[0]:.1f} at the start and {load[1]:.1f} at the end; "
            f"median of {runs} cold visits.", "",
            f"| page | first contentful paint | over the wire | requests | ≤ {TARGET_MS} ms | ≤ 24 KB |",
            "| --- | ---: | ---: | ---: | --- | --- |"]
    for name, m in medians.items():
        rows.append(f"| {name} | {m['fcp']:,.0f} ms | {m['bytes'] / 1024:.1f} KB ({m['bytes']:,.0f} B) "
                    f"| {m['requests']:.0f} | {'met' if m['fcp'] <= TARGET_MS else 'not met'} "
                    f"| {'met' if m['bytes'] <= TARGET_BYTES else 'not met'} |")
    return "\n".join(rows)


def earlier_tables(output: Path, label: str) -> dict[str, str]:
    """The tables of other labels in the present section, by label, to keep beside this run's."""
    body = sections.read(output.read_text(encoding="utf-8"), HEADING) if output.exists() else ""
    parts = LABEL_HEADING.split(body)
    return {parts[i].strip(): f"### {parts[i].strip()}\n\n{parts[i + 1].strip()}"
            for i in range(1, len(parts) - 1, 2) if parts[i].strip() != label}


def intro() -> str:
    return ("Issue 25, point 1, by `bench/firstpaint.py` (`.venv/bin/python bench/firstpaint.py --label <name>`): "
            "seed-demo's 2,000 positions on SQLite under gunicorn, one unmeasured visit per page first; Debian's Chromium at 360 × 740, a new context "
            "(cold cache) per visit, DevTools network emulation at 400 ms latency and 50,000 bytes/s each way. "
            "First contentful paint from `performance.getEntriesByType('paint')`; over the wire is the sum of "
            "`Network.loadingFinished.encodedDataLength` (headers included) of every request until the network is "
            "quiet. /apply/ is visited signed in as the demo applicant (cookies kept, cache cold). "
            f"Target: first text within {TARGET_MS} ms, first visit ≤ 24 KB (24,576 B).")


def main() -> None:
    args = parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="jianxi-firstpaint-"))
    print(f"seeding {args.positions:,} positions ...", flush=True)
    env = databases.seeded_sqlite(tmp, args.positions)
    server, base = start_gunicorn("wsgi:app", env, tmp / "app.log")
    try:
        pages = {"/": "/", "/positions/": "/positions/", "a position": a_position_url(base),
                 "/login": "/login", "/apply/": "/apply/"}
        load_before = os.getloadavg()[0]
        medians = measure(base, pages, args.runs)
        load = (load_before, os.getloadavg()[0])
    finally:
        stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
    kept = earlier_tables(args.output, args.label)
    kept[args.label] = table(args.label, medians, args.runs, machine(), load)
    # "before", then "after", then other labels and hand-written sub-sections (kept as they were).
    order = sorted(kept, key=lambda label: {"before": 0, "after": 1}.get(label, 2))
    sections.write(args.output, HEADING, intro() + "\n\n" + "\n\n".join(kept[label] for label in order))
    print(f"wrote {HEADING!r} in {args.output}")


if __name__ == "__main__":
    main()
