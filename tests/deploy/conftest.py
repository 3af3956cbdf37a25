"""The production layout, started by deploy/run-local: nginx in front of two gunicorn app servers
on a PostgreSQL database of its own (jianxi_deploy, made afresh each run) and a SeaweedFS bucket.

Each request the tests send carries its own X-Request-ID; nginx passes it on and the app logs it,
so each server's log (STATE_DIR/app-PORT.log) tells which server answered which request."""
import http.client
import itertools
import os
import re
import secrets
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import pytest

from tests.servers import ROOT, Browser, free_port, seaweedfs

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "jianxi_deploy"  # never `test`, which the suite on PostgreSQL empties at will


def _recreate(database: str, drop_only: bool = False) -> None:
    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run inside a transaction
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if not drop_only:
            cursor.execute(f"CREATE DATABASE {database}")
    connection.close()


@pytest.fixture(scope="session")
def database_url():
    try:
        _recreate(DATABASE)
    except psycopg2.OperationalError as error:
        pytest.fail(f"tests/deploy need PostgreSQL at {POSTGRES} (user postgres, trust): {error}")
    yield f"{POSTGRES}/{DATABASE}"
    _recreate(DATABASE, drop_only=True)


@pytest.fixture(scope="session")
def storage_url(tmp_path_factory):
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as url:
        yield url


@dataclass
class Site:
    """The running layout: its address, the environment its servers got, and what was sent to it."""

    url: str
    env: dict
    app_ports: tuple[int, int]
    state: Path
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # (request id, method, path)

    def browser(self) -> "TaggedBrowser":
        return TaggedBrowser(self)

    def flask(self, *args: str) -> str:
        """A CLI command on the site's database, as an operator would run it."""
        done = subprocess.run(
            [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def servers_of(self, request_ids: list[str]) -> list[int]:
        """The port of the app server whose log holds each request id (each in exactly one)."""
        where: dict[str, list[int]] = {}
        for port in self.app_ports:
            for line in (self.state / f"app-{port}.log").read_text().splitlines():
                words = line.split()
                if "jianxi.requests" in words:
                    where.setdefault(words[words.index("jianxi.requests") + 1], []).append(port)
        assert all(len(where.get(rid, [])) == 1 for rid in request_ids), "each request in one server's log"
        return [where[rid][0] for rid in request_ids]


class TaggedBrowser(Browser):
    """tests.servers.Browser through the site, with an X-Request-ID of its own on every request,
    multipart uploads, and each response's bytes kept as `body`."""

    _numbers = itertools.count(1)

    def __init__(self, site: Site):
        super().__init__(site.url)
        self.site = site

    def request(self, method, path, form=None, headers=None, files=None):
        request_id = f"deploy-{next(self._numbers):03d}-{secrets.token_hex(4)}"
        self.site.sent.append((request_id, method, path))
        all_headers = {**self.headers, **(headers or {}), "X-Request-ID": request_id}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files is not None:
            body, all_headers["Content-Type"] = _multipart(form or {}, files)
        elif form is not None:
            body, all_headers["Content-Type"] = urlencode(form, doseq=True), "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, timeout=30)
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.body = response.read()
        response.text = response.body.decode("utf-8", errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        assert response.headers["X-Request-ID"] == request_id, "nginx passes the client's request id on"
        return response

    def upload(self, path: str, form: dict, files: dict, headers: dict | None = None):
        return self.request("POST", path, form, headers, files)


def _multipart(form: dict, files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body: `files` maps a field to (file name, bytes)."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in form.items()
    ]
    for name, (filename, data) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="session")
def site(database_url, storage_url, tmp_path_factory):
    state = tmp_path_factory.mktemp("run-local")
    app_ports = (free_port(), free_port())
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STORAGE_URL": storage_url,
        "SECRET_KEY": secrets.token_hex(32),
        "PORT": str(free_port()),
        "APP_PORTS": " ".join(map(str, app_ports)),
        "STATE_DIR": str(state),
        "JIANXI_WORKERS": "2",
    }
    # Its own session, so that even if it is killed outright its servers can be stopped together.
    process = subprocess.Popen(
        [str(ROOT / "deploy/run-local")], env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        for line in process.stdout:  # ends if run-local exits; it gives up by itself after 30 s
            if found := re.search(r"serving (http://\S+?)/? ", line):
                break
        else:
            pytest.fail(f"deploy/run-local exited with {process.wait()}; logs in {state}")
        yield Site(found.group(1), env, app_ports, state)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
