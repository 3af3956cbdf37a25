"""Issue 19: the bytes a phone photo costs on the apply form, before and after the browser shrinks it.

The app runs on a throwaway SQLite database behind a relay that counts every byte the browser
sends it. Debian's Chromium, at phone size, signs in and chooses a generated 4,000 × 3,000 photo
in the 身份证人像面 row of /apply/, three ways:

- before: JavaScript on, static/js/upload.js answered empty (the app as it was before issue 19);
- after: JavaScript on, as served now;
- JavaScript off: the plain form, the file sent with 提交 (unchanged by issue 19).

For each it records the bytes the browser sent for the upload (as the relay counted them on
their way to the server), the time from choosing the file to the upload request leaving the
browser (the shrinking), what the server kept (size and pixels), and what the row said. The
upload time on a weak link is computed from the bytes (DESIGN.md's 400 kbit/s), not measured.
The section "## Photos on weak data (issue 19)" of bench/RESULTS.md is written (or replaced);
`make bench` (bench/report.py) rewrites that file keeping only its own sections, so run this again
after it.

    .venv/bin/python bench/photo_upload.py [--output bench/RESULTS.md]
"""
import argparse
import io
import os
import random
import re
import secrets
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sections  # noqa: E402  (bench/, the script's own folder)
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from jianxi import create_app  # noqa: E402
from jianxi.db import db  # noqa: E402
from jianxi.models import Attachment  # noqa: E402
from jianxi.ops import storage  # noqa: E402
from jianxi.ops.schema import create_tables  # noqa: E402
from jianxi.services import accounts, attachments, idcard  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = sections.PHOTOS
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}
WEAK_LINK_BITS = 400_000  # DESIGN.md's weak mobile link, bits per second
PASSWORD = "photo-bench-1"
UPLOAD_SCRIPT = re.compile(r"/static/js/upload\.[0-9a-f]+\.js$")
WAYS = {
    "before": {"java_script_enabled": True, "without_upload_js": True},
    "after": {"java_script_enabled": True, "without_upload_js": False},
    "JavaScript off": {"java_script_enabled": False, "without_upload_js": False},
}


def phone_photo(size: tuple[int, int], seed: int, quality: int) -> bytes:
    """Photo-like: gradients, blotches and fine detail at several scales and sensor noise, so
    JPEG finds in it about as much to keep as in a phone's photo of a document on a desk."""
    rng = random.Random(seed)
    width, height = size

    def noise(scale: int) -> Image.Image:
        w, h = width // scale, height // scale
        return Image.frombytes("RGB", (w, h), rng.randbytes(w * h * 3)).resize(size, Image.BICUBIC)

    gradient = Image.merge("RGB", [
        Image.linear_gradient("L").resize(size),
        Image.linear_gradient("L").rotate(90).resize(size),
        Image.radial_gradient("L").resize(size),
    ])
    image = Image.blend(Image.blend(gradient, noise(16), 0.5), noise(3), 0.3)
    image = Image.blend(image, noise(1), 0.16)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


class CountingRelay:
    """127.0.0.1:port → the app, counting the bytes that go towards the app."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._sent = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        with self._lock:
            self._sent = 0

    @property
    def sent(self) -> int:
        with self._lock:
            return self._sent

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            app = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pump, args=(client, app, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(app, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, towards_app: bool) -> None:
        try:
            while data := source.recv(65536):
                if towards_app:
                    with self._lock:
                        self._sent += len(data)
                target.sendall(data)
            target.shutdown(socket.SHUT_WR)
        except OSError:
            source.close()
            target.close()

    def close(self) -> None:
        self.listener.close()


@dataclass
class Outcome:
    photo: str
    way: str
    chosen: int
    sent: int
    prepare_ms: float | None
    row: str
    stored: str


def serve(workdir: Path):
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))  # nothing written to instance/
    app = create_app({"DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "UPLOAD_DIR": str(workdir / "uploads")})
    with app.app_context():
        create_tables()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server


def new_applicant(app, number: int) -> str:
    """A person of their own for each upload, so the row starts empty (the form offers the last file)."""
    first17 = f"14010520030512{900 + number:03d}"
    username = f"photobench{number}"
    with app.app_context(), db.connection_context():
        accounts.create_user(accounts.NewUser(
            username, PASSWORD, "张晓雨", f"139{number:08d}", first17 + idcard.check_digit(first17)
        ))
    return username


def stored_description(app, attachment_id: str | None) -> str:
    if not attachment_id:
        return "nothing"
    with app.app_context(), db.connection_context():
        attachment = Attachment.get_by_id(int(attachment_id))
        with storage.current().open(attachment.stored_name) as body, Image.open(body) as image:
            return f"{attachment.size:,} B, {image.width} × {image.height}"


def upload_once(browser, app, relay: CountingRelay, photo: Path, way: str, username: str) -> Outcome:
    options = WAYS[way]
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=f"http://127.0.0.1:{relay.port}",
                                  java_script_enabled=options["java_script_enabled"])
    if options["without_upload_js"]:
        context.route(UPLOAD_SCRIPT, lambda route: route.fulfill(body="", content_type="text/javascript"))
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/$"))
    page.goto("/apply/")
    page.wait_for_load_state("load")
    started = []
    page.on("request", lambda r: r.method == "POST" and "/apply/" in r.url and started.append(time.monotonic()))
    row = page.locator("#row-id_front")

    relay.reset()
    chosen_at = time.monotonic()
    page.locator("#file_id_front").set_input_files(photo)
    if options["java_script_enabled"]:
        page.wait_for_function("() => document.querySelector('#row-id_front').matches('.is-done, .is-error')"
                               " && !document.querySelector('#row-id_front.is-uploading')", polling=100,
                               timeout=300_000)
    else:
        with page.expect_navigation(timeout=300_000):
            page.get_by_role("button", name="提交", exact=True).click()
    sent = relay.sent
    said = " ".join(row.locator(".upload-status, .upload-note, .error-message").all_inner_texts())
    hidden = row.locator("input[type=hidden][name=attachment_id_front]")
    attachment_id = hidden.get_attribute("value") if hidden.count() else None
    context.close()
    prepare_ms = (started[0] - chosen_at) * 1000 if started and options["java_script_enabled"] else None
    said = re.sub(r"\s+", " ", said.replace("错误：\n", "错误："))
    return Outcome(photo.name, way, photo.stat().st_size, sent, prepare_ms, said,
                   stored_description(app, attachment_id))


def megabytes(size: int) -> str:
    """In the app's megabytes (1,048,576 bytes, as its 5MB limit and the rows count)."""
    return f"{size / 1024 / 1024:.2f} MB"


def section(outcomes: list[Outcome], photos: dict[str, str], load: str) -> str:
    rows = ["| photo | way | bytes sent | at 400 kbit/s | until sent | server kept | the row says |",
            "| --- | --- | ---: | ---: | ---: | --- | --- |"]
    for o in outcomes:
        until_sent = f"{o.prepare_ms:,.0f} ms" if o.prepare_ms is not None else "–"
        rows.append(f"| {o.photo} | {o.way} | {o.sent:,} ({megabytes(o.sent)}) | {o.sent * 8 / WEAK_LINK_BITS:,.0f} s "
                    f"| {until_sent} | {o.stored} | {o.row} |")
    described = "\n".join(f"- `{name}`: {text}" for name, text in photos.items())
    return f"""{HEADING}

{summary(outcomes)}

Written by `bench/photo_upload.py` (Debian's Chromium at 360 px, the app on SQLite behind a relay
that counts the bytes the browser sends; {load}). The photos, generated (4,000 × 3,000 JPEG,
gradients, blotches and detail at several scales and sensor noise):

{described}

{chr(10).join(rows)}

- **way**: *before* is the app as it was before issue 19 (JavaScript on, `static/js/upload.js`
  answered empty): the row uploads the photo as chosen. *after* is the app now: the browser checks
  the file, shrinks a photo to a long side of at most 2,000 px at JPEG quality 0.85 and sends that.
  *JavaScript off*: the plain form, the file sent with 提交 (unchanged by issue 19).
- **bytes sent**: every byte the browser sent the server from choosing the file to the answer
  (the multipart body, its headers and the request line). The server refuses an upload over 5 MB
  by its declared length, but a phone has sent it by then: the relay shows the whole body went.
- **at 400 kbit/s**: bytes sent × 8 ÷ 400,000: the time on DESIGN.md's weak link, computed, not
  measured (a real link adds latency and slow start).
- **until sent**: from choosing the file (Playwright handing it to the page) to the upload request
  leaving the browser: *before*, the handing over alone; *after*, also the check of the bytes and
  the shrinking, on this machine's CPU (a cheap phone takes several times as long).
- MB here are the app's (1,048,576 bytes), as in its 5MB limit and in what the rows say.
"""


def summary(outcomes: list[Outcome]) -> str:
    """The first photo's before and after, in one sentence."""
    before, after = (next(o for o in outcomes if o.photo == outcomes[0].photo and o.way == way)
                     for way in ("before", "after"))
    kept = after.stored.split(", ")[-1]
    return (f"A {megabytes(before.chosen)} phone photo: before, the browser sent {megabytes(before.sent)} "
            f"({before.sent * 8 / WEAK_LINK_BITS:,.0f} s at 400 kbit/s) to be refused; now it sends "
            f"{megabytes(after.sent)} ({after.sent * 8 / WEAK_LINK_BITS:,.0f} s), "
            f"{before.sent / after.sent:.1f}× fewer bytes, and the photo is kept at {kept} pixels.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=RESULTS, help="the file whose section to write")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="photo-bench-") as temp:
        workdir = Path(temp)
        photos = {
            "photo-over-limit.jpg": phone_photo((4000, 3000), seed=19, quality=92),
            "photo-under-limit.jpg": phone_photo((4000, 3000), seed=20, quality=85),
        }
        described = {}
        for name, data in photos.items():
            (workdir / name).write_bytes(data)
            verdict = "over the 5 MB limit" if len(data) > attachments.MAX_BYTES else "under the limit"
            described[name] = f"{len(data):,} bytes ({megabytes(len(data))}), {verdict}"
        load = "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
        app, server = serve(workdir)
        relay = CountingRelay(server.server_port)
        outcomes = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                     args=CHROMIUM_ARGS)
                for name in photos:
                    for way in WAYS:
                        username = new_applicant(app, len(outcomes) + 1)
                        outcome = upload_once(browser, app, relay, workdir / name, way, username)
                        print(f"{name:16} {way:15} sent {outcome.sent:>10,}  kept {outcome.stored:28} {outcome.row}")
                        outcomes.append(outcome)
                browser.close()
        finally:
            relay.close()
            server.shutdown()
    sections.write(args.output, HEADING, section(outcomes, described, load).split("\n", 1)[1])
    print(f"written: {args.output} ({HEADING})")


if __name__ == "__main__":
    main()
