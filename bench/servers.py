"""The processes a benchmark run drives: gunicorn (the app and bench/hello.py) and wrk."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"

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


def ensure_wrk() -> str:
    if not shutil.which("wrk") and os.geteuid() == 0:
        print("wrk is missing; trying: apt-get install -y wrk")
        # The package lists may be empty on a fresh machine: update once and retry.
        if subprocess.run(["apt-get", "install", "-y", "wrk"], check=False).returncode != 0:
            subprocess.run(["apt-get", "update"], check=False)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("bench: wrk is not installed. Install it with: apt-get install -y wrk")
    return wrk


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict | None = None) -> tuple[bytes, dict]:
    """GET url on a new connection: (body, headers). Anything but 200 stops the benchmark
    (measuring errors would be meaningless)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            if response.status == 200:
                return response.read(), dict(response.headers)
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
    stop(proc)
    sys.exit(f"bench: gunicorn {app} did not answer within 30 s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a child started in a session of its own (gunicorn's master stops its workers)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(wrk: str, url: str, headers: dict, duration: str) -> dict:
    """requests/s, p50 and p99 (ms) and the error count of one closed-loop wrk run."""
    command = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}",
               "--timeout", WRK_TIMEOUT, "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    drain(url, headers)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    latency = {p: to_ms(v, u) for p, v, u in re.findall(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE)}
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


SERVER_TIMING = re.compile(r"\bapp;dur=([\d.]+)")


def app_ms(headers: dict) -> float | None:
    """The app's own service time from its `Server-Timing: app;dur=<ms>` header, if any."""
    found = SERVER_TIMING.search(headers.get("Server-Timing", ""))
    return float(found.group(1)) if found else None


def median_app_ms(url: str, headers: dict, samples: int) -> float | None:
    """The median service time over `samples` requests made one at a time."""
    times = [app_ms(fetch(url, headers)[1]) for _ in range(samples)]
    if None in times:
        return None
    return sorted(times)[len(times) // 2]


def version_of(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def machine() -> dict:
    """The settings every report starts with: when, on what, with which Python and gunicorn."""
    import datetime
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": f"{os.cpu_count()} ({cpu})",
        "python": platform.python_version(),
        "gunicorn": version_of([str(BIN / "gunicorn"), "--version"]).removeprefix("gunicorn (version ").rstrip(")"),
    }
