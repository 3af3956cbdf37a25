"""The durability run's traffic: virtual users over plain HTTP, and the ledger of what the app
acknowledged.

Each virtual user is one thread with one connection at a time (gunicorn's sync workers close
every connection after its answer), choosing one of the app servers at random per request, as
a load balancer would. Three kinds:
- searchers: the public search with filters and keywords, and position pages;
- applicants, in journeys: register -> sign in -> the form -> attachments -> submit, then
  sometimes 撤回 and apply again with the same attachments;
- reviewers: signed in as the demo offices, deciding 未审核 applications of their queue.

A write is acknowledged when the app answers it with success: 303 after registration, sign-in,
submission, 撤回 and a decision; for an attachment row's upload (htmx), 200 with the row showing
the kept file's id. The ledger keeps what each acknowledged write must have left in the
database, and what each write dropped by the connection (a killed worker) might have left.
"""
import datetime
import hashlib
import http.client
import itertools
import os
import random
import re
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

TIMEOUT = 120  # seconds; 64 connections queue for a few workers, and nothing may time out early
PASSWORD = "durable-2026"
# Offices the reviewers sign in as (seed-demo's accounts) and the 业务办理属地 applicants choose,
# so that every application lands in a queue someone works through.
REVIEWERS = (("xiaodian", "140105", {"status": "pending"}),
             ("taiyuan", "140100", {"status": "pending", "county": "140100"}))
DEMO_PASSWORD = "jianxi2026"
GROUNDS = ("unclear_files", "in_school")
KEYWORDS = ("会计", "销售", "助理", "行政", "教师", "技术", "护理", "电商", "设计", "太原", "文员", "工程")
CITIES = ("140100", "140200", "140400", "140700", "141000")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡郭"
GIVEN = ("晓明", "丽华", "建国", "思远", "雨涵", "子轩", "欣怡", "浩然", "佳琪", "文博")
FILE_KINDS = (  # (magic bytes, extension, content type): what the app accepts
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
    (b"%PDF-1.4\n", ".pdf", "application/pdf"),
)
REQUIRED = {"graduate": ("id_front", "id_back", "diploma"), "youth": ("id_front", "id_back", "employment_card")}
# Statuses that answer a request as the app means to, race losers included: 撤回 after the
# office decided, or a decision after 撤回 or after the other reviewer of the office, is 409.
EXPECTED = {"withdraw": {303, 409}, "decision": {303, 409}, "upload": {200}, "register": {303},
            "sign in": {303}, "reviewer sign in": {303}, "submit": {303}, "submit (files in form)": {303}}


class Dropped(Exception):
    """The connection failed before a whole answer came (a killed worker): unacknowledged."""


class GaveUp(Exception):
    """This journey cannot go on (a dropped write, an unexpected answer); start another."""


@dataclass
class Answer:
    status: int
    location: str
    text: str


@dataclass
class Ledger:
    """Everything the virtual users saw; shared by all threads (appends under one lock)."""

    latencies: dict = field(default_factory=dict)   # kind -> [ms]
    statuses: dict = field(default_factory=dict)    # kind -> {status or "dropped": count}
    acked: list = field(default_factory=list)       # acknowledged writes
    unacked: list = field(default_factory=list)     # writes whose connection dropped
    unexpected: list = field(default_factory=list)  # answers no request should get
    sent_hashes: set = field(default_factory=set)   # sha256 of every file body sent
    client_errors: list = field(default_factory=list)  # mistakes of this script, not of the app
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answered(self, kind: str, status, ms: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(ms)
            counts = self.statuses.setdefault(kind, {})
            counts[status] = counts.get(status, 0) + 1

    def add(self, listing: str, entry: dict) -> None:
        with self.lock:
            getattr(self, listing).append(entry)

    def sent(self, digest: str) -> None:
        with self.lock:
            self.sent_hashes.add(digest)


class Client:
    """One browser: its cookies and its address (X-Forwarded-For), a new connection per request."""

    request_ids = itertools.count(1)

    def __init__(self, run: "Run", address: str, rng: random.Random):
        self.hosts = [urlsplit(url).netloc for url in run.servers]
        self.address, self.ledger, self.stop, self.rng = address, run.ledger, run.stop, rng
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None, headers: dict | None = None) -> Answer:
        if self.stop.is_set():  # the run is over: no new request, whatever step a journey is at
            raise GaveUp("stopped")
        request_id = f"dur-{next(self.request_ids)}"
        all_headers = {"X-Forwarded-For": self.address, "X-Request-ID": request_id, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            all_headers["Content-Type"] = content_type
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.rng.choice(self.hosts), timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException) as error:
            self.ledger.answered(kind, "dropped", (time.perf_counter() - started) * 1000)
            raise Dropped(f"{type(error).__name__}: {error}") from None
        finally:
            connection.close()
        self.ledger.answered(kind, response.status, (time.perf_counter() - started) * 1000)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        answer = Answer(response.status, response.headers.get("Location", ""), text)
        if answer.status not in EXPECTED.get(kind, {200}):
            self.ledger.add("unexpected", {"kind": kind, "method": method, "path": path, "status": answer.status,
                                           "request_id": request_id, "at": time.time(), "body": text[:400]})
        return answer

    def get(self, kind: str, path: str, **params) -> Answer:
        query = urlencode({k: v for k, v in params.items() if v not in ("", None)}, doseq=True)
        return self.request(kind, "GET", path + (f"?{query}" if query else ""))

    def post(self, kind: str, path: str, form: dict, headers: dict | None = None) -> Answer:
        return self.request(kind, "POST", path, urlencode(form, doseq=True).encode(),
                            "application/x-www-form-urlencoded", headers)

    def post_files(self, kind: str, path: str, form: dict, files: dict, headers: dict | None = None) -> Answer:
        body, content_type = multipart(form, files)
        return self.request(kind, "POST", path, body, content_type, headers)


def multipart(form: dict, files: dict) -> tuple[bytes, str]:
    """multipart/form-data: `form` {name: value}, `files` {name: (filename, bytes, content type)}."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in form.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden(page: str, name: str) -> str | None:
    """The value of the form field `name` in a page (whatever the order of the tag's attributes)."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else None


def expect(answer: Answer, status: int) -> Answer:
    if answer.status != status:
        raise GaveUp(f"answered {answer.status}")
    return answer


# --- the people ----------------------------------------------------------------------------

class People:
    """New applicants: unique usernames and valid, unique ID numbers (GB 11643), aged 17-23."""

    def __init__(self, run_tag: str):
        self.run_tag = run_tag
        self.numbers = itertools.count()
        self.lock = threading.Lock()

    def next(self, rng: random.Random) -> dict:
        from jianxi.services.idcard import check_digit

        with self.lock:
            n = next(self.numbers)
        # 140402 (长治市潞州区) as the place of birth: seed-demo's people are born in 140105/140100.
        birth = datetime.date(2003, 1, 1) + datetime.timedelta(days=n // 900)
        first17 = f"140402{birth:%Y%m%d}{100 + n % 900:03d}"
        return {
            "username": f"d{self.run_tag}{n:06d}",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
            "real_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "id_number": first17 + check_digit(first17),
            "mobile": f"139{rng.randint(10_000_000, 99_999_999)}",
        }


def new_file(rng: random.Random) -> tuple[str, bytes, str]:
    """(filename, bytes, content type): a real file's first bytes, then random ones, 8-512 KB."""
    magic, extension, content_type = rng.choice(FILE_KINDS)
    data = magic + os.urandom(rng.randint(8 * 1024, 512 * 1024))
    return f"证件{extension}", data, content_type


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def application_form(rng: random.Random, category: str) -> dict:
    jurisdiction = rng.choice(REVIEWERS)[1]
    return {
        "ethnicity": "01", "education": "bachelor", "school": "山西大学", "major": "会计学",
        "graduation_month": "2025-06", "category": category, "employment_card_no": "",
        "mobile": f"139{rng.randint(10_000_000, 99_999_999)}", "household": "山西省长治市潞州区",
        "address": "太原市小店区长风街1号", "city": "140100", "jurisdiction": jurisdiction,
    }


# --- the virtual users ---------------------------------------------------------------------

@dataclass
class Run:
    """What every virtual user shares."""

    servers: list[str]
    ledger: Ledger
    people: People
    stop: threading.Event
    addresses: itertools.count = field(default_factory=lambda: itertools.count(1))

    def address(self) -> str:
        """A fake client address of its own: the throttles count per address, and all of this
        load comes from one machine."""
        n = next(self.addresses)
        return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def searcher(run: Run, rng: random.Random) -> None:
    client = Client(run, run.address(), rng)
    while not run.stop.is_set():
        city = rng.choice(("",) + CITIES)
        filters = {"city": city, "q": rng.choice(("",) + KEYWORDS) if rng.random() < 0.6 else "",
                   "education": rng.choice(("", "", "bachelor", "college", "any")),
                   "sort": rng.choice(("", "", "deadline")), "page": rng.choice(("", "", "2"))}
        if city == "140100" and rng.random() < 0.5:
            filters["county"] = "140105"
        try:
            page = client.get("search", "/positions/", **filters)
            ids = re.findall(r'href="/positions/(\d+)', page.text)
            if ids and rng.random() < 0.3:
                client.get("detail", f"/positions/{rng.choice(ids)}")
        except (Dropped, GaveUp):
            continue


def applicant(run: Run, rng: random.Random) -> None:
    while not run.stop.is_set():
        try:
            journey(run, rng)
        except (Dropped, GaveUp):
            continue


def journey(run: Run, rng: random.Random) -> None:
    """One new person from registration to a submitted application, sometimes withdrawn and
    submitted again with the attachments kept the first time."""
    person = run.people.next(rng)
    address = run.address()
    register(run, Client(run, address, rng), person)
    client = Client(run, address, rng)  # another browser: signs in itself
    sign_in(client, "sign in", person["username"], person["password"])
    username, category = person["username"], rng.choice(("graduate", "graduate", "youth"))
    form = application_form(rng, category)
    page = form_page(client)
    if rng.random() < 0.25:
        files = submit_with_files(run, client, rng, username, category, form, page)
    else:
        kinds = REQUIRED[category] + (("other",) if rng.random() < 0.2 else ())
        files = {kind: upload(run, client, rng, username, kind, page.token) for kind in kinds}
        submit(run, client, username, form, files, page)
    if run.stop.is_set() or rng.random() > 0.4:
        return
    if withdraw(run, client, username) and rng.random() < 0.5 and not run.stop.is_set():
        again = form_page(client)  # pre-filled, offering the kept attachments
        files = {kind: {**f, "id": f["id"] or again.attachments.get(kind)} for kind, f in files.items()}
        submit(run, client, username, form, files, again)


@dataclass
class FormPage:
    token: str
    key: str
    attachments: dict  # kind -> id of the kept file the form offers


def form_page(client: Client) -> FormPage:
    """/apply/ as the browser loads it once: its CSRF token, its submission key, the kept files."""
    page = client.get("apply form", "/apply/").text
    token, key = hidden(page, "csrf_token"), hidden(page, "submission_key")
    if not (token and key):
        raise GaveUp("no application form on /apply/ (an application is active already?)")
    kept = dict(re.findall(r'name="attachment_(\w+)" value="(\d+)"', page))
    return FormPage(token, key, {kind: int(value) for kind, value in kept.items()})


def register(run: Run, client: Client, person: dict) -> None:
    token = hidden(client.get("register form", "/register").text, "csrf_token")
    write = {"write": "register", "username": person["username"], "id_number": person["id_number"]}
    try:
        answer = client.post("register", "/register", {**person, "csrf_token": token})
    except Dropped as error:
        run.ledger.add("unacked", {**write, "error": str(error)})
        raise
    expect(answer, 303)
    run.ledger.add("acked", write)


def sign_in(client: Client, kind: str, username: str, password: str) -> None:
    token = hidden(client.get(f"{kind} form", "/login").text, "csrf_token")
    expect(client.post(kind, "/login", {"username": username, "password": password, "csrf_token": token}), 303)


def upload(run: Run, client: Client, rng: random.Random, username: str, kind: str, token: str) -> dict:
    """One attachment row's upload as htmx sends it; tried twice, as a person would."""
    filename, data, content_type = new_file(rng)
    digest = sha256(data)
    run.ledger.sent(digest)
    write = {"write": "upload", "username": username, "kind": kind, "size": len(data), "sha256": digest}
    for attempt in (1, 2):
        try:
            answer = client.post_files("upload", f"/apply/attachments/{kind}", {"csrf_token": token},
                                       {f"file_{kind}": (filename, data, content_type)},
                                       {"HX-Request": "true", "HX-Target": f"row-{kind}"})
        except Dropped as error:
            run.ledger.add("unacked", {**write, "error": str(error)})
            if attempt == 2:
                raise
            continue
        attachment_id = hidden(expect(answer, 200).text, f"attachment_{kind}")
        if not attachment_id:
            raise GaveUp("the upload row came back without the kept file")
        run.ledger.add("acked", {**write, "id": int(attachment_id)})
        return {"id": int(attachment_id), "size": len(data), "sha256": digest}
    raise AssertionError("unreachable")


def submit(run: Run, client: Client, username: str, form: dict, files: dict, page: FormPage) -> None:
    """提交 with the rows' attachment ids, as the form sends it after its uploads."""
    fields = {**form, "csrf_token": page.token, "submission_key": page.key,
              **{f"attachment_{kind}": f["id"] for kind, f in files.items() if f["id"]}}
    submitted(run, username, page.key, files, lambda: client.post("submit", "/apply/", fields))


def submit_with_files(run: Run, client: Client, rng: random.Random, username: str, category: str,
                      form: dict, page: FormPage) -> dict:
    """提交 without JavaScript: the files come with the form, in one multipart request."""
    uploads = {kind: new_file(rng) for kind in REQUIRED[category]}
    files = {kind: {"id": None, "size": len(data), "sha256": sha256(data)} for kind, (_, data, _) in uploads.items()}
    for f in files.values():
        run.ledger.sent(f["sha256"])
    fields = {**form, "csrf_token": page.token, "submission_key": page.key}
    parts = {f"file_{kind}": upload for kind, upload in uploads.items()}
    submitted(run, username, page.key, files,
              lambda: client.post_files("submit (files in form)", "/apply/", fields, parts))
    return files


def submitted(run: Run, username: str, key: str, files: dict, send) -> None:
    """Send a submission; after a dropped connection send it again, as a person pressing 提交
    again would: the same submission key must find the first one, never make a second."""
    write = {"write": "submit", "username": username, "key": key, "files": files}
    for attempt in (1, 2, 3):
        try:
            answer = send()
        except Dropped as error:
            run.ledger.add("unacked", {**write, "error": str(error)})
            if attempt == 3:
                raise
            continue
        done = re.search(r"/apply/done/(\w+)", expect(answer, 303).location)
        if not done:
            raise GaveUp(f"submit went to {answer.location}")
        run.ledger.add("acked", {**write, "reference": done.group(1), "attempt": attempt})
        return


def withdraw(run: Run, client: Client, username: str) -> bool:
    """撤回 the 未审核 application from 个人中心, confirmed on its page. True when acknowledged."""
    link = re.search(r"/me/applications/(\d+)/withdraw", client.get("my page", "/me/").text)
    if not link:
        return False  # decided already
    application_id = int(link.group(1))
    token = hidden(client.get("withdraw page", link.group(0)).text, "csrf_token")
    write = {"write": "withdraw", "username": username, "application": application_id}
    try:
        answer = client.post("withdraw", link.group(0), {"csrf_token": token})
    except Dropped as error:
        run.ledger.add("unacked", {**write, "error": str(error)})
        raise
    if answer.status == 303:
        run.ledger.add("acked", write)
        return True
    return False  # 409: the office decided first


def reviewer(run: Run, rng: random.Random, office: tuple) -> None:
    username, _, queue = office
    client = Client(run, run.address(), rng)
    signed_in = False
    while not run.stop.is_set():
        try:
            if not signed_in:
                sign_in(client, "reviewer sign in", username, DEMO_PASSWORD)
                signed_in = True
            decide_one(run, client, rng, username, queue)
        except (Dropped, GaveUp):
            continue


def decide_one(run: Run, client: Client, rng: random.Random, username: str, queue: dict) -> None:
    """Open one of the first page's 未审核 applications (not always the oldest, so two reviewers
    of one office race only sometimes) and decide it: mostly 审核通过."""
    listed = re.findall(r"/review/applications/(\d+)", expect(client.get("review queue", "/review/", **queue), 200).text)
    if not listed:
        time.sleep(0.2)  # nothing to decide yet
        return
    application_id = int(rng.choice(listed[:5]))
    page = client.get("review page", f"/review/applications/{application_id}").text
    token = hidden(page, "csrf_token")
    approve = rng.random() < 0.7
    write = {"write": "decision", "reviewer": username, "application": application_id,
             "outcome": "approved" if approve else "rejected"}
    if approve:
        path, form = f"/review/applications/{application_id}/approve", {"csrf_token": token}
    else:
        path = f"/review/applications/{application_id}/reject"
        form = {"csrf_token": token, "grounds": list(GROUNDS), "details": "材料不清晰", "confirmed": "1"}
    try:
        answer = client.post("decision", path, form)
    except Dropped as error:
        run.ledger.add("unacked", {**write, "error": str(error)})
        return
    if answer.status == 303:
        run.ledger.add("acked", write)


def guarded(run: Run, body) -> None:
    """Run a virtual user; a mistake of this script is recorded (and the user starts over)
    rather than silently ending its share of the load."""
    while not run.stop.is_set():
        try:
            body()
        except Exception:  # noqa: BLE001 - reported with the results
            run.ledger.add("client_errors", traceback.format_exc())
            time.sleep(0.5)


def roles_of(connections: int) -> dict[str, int]:
    """How many virtual users of each kind: a reviewer per 16 connections (at least one), a
    third of the rest applicants (at least one), the others searchers."""
    reviewers = max(1, connections // 16)
    applicants = max(1, (connections - reviewers) // 3)
    return {"searchers": connections - reviewers - applicants, "applicants": applicants, "reviewers": reviewers}


def start(run: Run, connections: int, seed: int) -> list[threading.Thread]:
    """One thread per connection, each a virtual user (roles_of)."""
    counts = roles_of(connections)
    roles = ([("reviewer", REVIEWERS[i % len(REVIEWERS)]) for i in range(counts["reviewers"])]
             + [("applicant", None)] * counts["applicants"] + [("searcher", None)] * counts["searchers"])
    threads = []
    for number, (role, office) in enumerate(roles):
        rng = random.Random(seed * 1000 + number)
        body = {"reviewer": lambda r=rng, o=office: reviewer(run, r, o),
                "applicant": lambda r=rng: applicant(run, r),
                "searcher": lambda r=rng: searcher(run, r)}[role]
        thread = threading.Thread(target=guarded, args=(run, body), name=f"{role}-{number}", daemon=True)
        thread.start()
        threads.append(thread)
    return threads

