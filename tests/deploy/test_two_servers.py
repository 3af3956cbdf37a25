"""Two app servers behind nginx (deploy/run-local): one person's walk and one office's review go
to whichever server nginx picks, turn about, and work as on one server; sign-in failures count
across both."""
import os
import re
import uuid
from collections import Counter
from itertools import pairwise

from jianxi.services.signin import MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS as LIMIT
from tests import clock
from tests.factories import valid_id_number

PASSWORD = "good-pass-1"
TODAY = clock.today()
FILES = {  # random middles, so the bytes downloaded can only be the bytes uploaded
    "id_front": ("身份证人像面.jpg", b"\xff\xd8\xff\xe0" + os.urandom(40_000) + b"\xff\xd9"),
    "id_back": ("身份证国徽面.png", b"\x89PNG\r\n\x1a\n" + os.urandom(40_000)),
    # Larger than nginx keeps in memory: it goes through nginx's temporary file on the way in.
    "diploma": ("毕业证.pdf", b"%PDF-1.4\n" + os.urandom(300_000) + b"\n%%EOF"),
}


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def assert_alternating(servers: list[int]) -> None:
    """Round robin with one request at a time: each request on the other server than the last."""
    assert len(set(servers)) == 2 and all(a != b for a, b in pairwise(servers)), servers


def test_apply_and_review_walk_with_each_request_on_the_other_server(site):
    site.flask("create-user", "--role", "reviewer", "--jurisdiction", "140105", "--username", "xiaodian",
               "--password", PASSWORD, "--real-name", "赵敏", "--mobile", "13800000001")
    first = len(site.sent)

    person = site.browser()
    r = person.post("/register", {
        "username": "liming", "password": PASSWORD, "confirm_password": PASSWORD, "real_name": "李明",
        "mobile": "13912345678",
        "id_number": valid_id_number(birth=f"{TODAY.year - 23}0512"), "csrf_token": person.csrf_token("/register"),
    })
    assert r.status == 303, r.text
    token = csrf_token(person.get("/apply/").text)
    chosen, uploaded_by = {}, {}
    for kind, (name, data) in FILES.items():
        r = person.upload(f"/apply/attachments/{kind}", {"csrf_token": token}, {f"file_{kind}": (name, data)},
                          headers={"HX-Request": "true", "HX-Target": f"row-{kind}"})
        assert r.status == 200 and "is-done" in r.text, r.text
        chosen[f"attachment_{kind}"] = re.search(rf'name="attachment_{kind}" value="(\d+)"', r.text).group(1)
        uploaded_by[kind] = site.sent[-1][0]
    r = person.post("/apply/", {
        "ethnicity": "01", "education": "bachelor", "school": "山西大学", "major": "会计学",
        "graduation_month": f"{TODAY.year - 1}-06", "category": "graduate", "employment_card_no": "",
        "mobile": "13912345678", "household": "山西省太原市小店区", "address": "太原市小店区长风街1号",
        "city": "140100", "jurisdiction": "140105", "submission_key": str(uuid.uuid4()), "csrf_token": token,
        **chosen,
    })
    assert r.status == 303 and r.headers["Location"].startswith("/apply/done/"), r.text
    done = person.get(r.headers["Location"]).text
    assert "申报成功" in done
    reference = re.search(r"申报编号：<strong>([^<]+)</strong>", done).group(1)

    office = site.browser()
    assert office.sign_in("xiaodian", PASSWORD).status == 303
    queue = office.get("/review/").text
    application = re.search(rf'href="(/review/applications/\d+)[^"]*">{reference}</a>', queue).group(1)
    page = office.get(application).text
    r = office.post(f"{application}/approve", {"csrf_token": csrf_token(page)})
    assert r.status == 303
    page = office.get(application).text
    assert 'class="status-approved">审核通过' in page
    diploma = re.search(r'href="(/files/\d+)">学历证明：毕业证.pdf', page).group(1)
    # Twice in a row: once from each server, whichever of them took the upload.
    downloads = [office.get(diploma), office.get(diploma)]
    assert [d.body for d in downloads] == [FILES["diploma"][1]] * 2

    walk = [request_id for request_id, _, _ in site.sent[first:]]
    servers = dict(zip(walk, site.servers_of(walk)))
    assert_alternating(list(servers.values()))
    uploaded_on = servers[uploaded_by["diploma"]]
    downloaded_from = {servers[request_id] for request_id, _, _ in site.sent[-2:]}
    assert downloaded_from == set(site.app_ports), f"uploaded through {uploaded_on}, downloaded through both"


def test_sign_in_failures_from_both_servers_add_up_to_one_lock(site):
    site.flask("create-user", "--username", "wangfang", "--password", PASSWORD, "--real-name", "王芳",
               "--mobile", "13800000002", "--id-number", valid_id_number(birth=f"{TODAY.year - 22}0301"))
    stranger = site.browser()  # has never signed in: counted by username and address
    token = stranger.csrf_token("/login")
    first = len(site.sent)

    def attempt(password: str, i: int):
        # A made-up X-Forwarded-For changes nothing: the app takes the address nginx saw.
        return stranger.post("/login", {"username": "wangfang", "password": password, "csrf_token": token},
                             headers={"X-Forwarded-For": f"203.0.113.{i}"})

    wrong = [attempt("wrong-pass-1", i) for i in range(LIMIT)]
    assert [r.status for r in wrong] == [422] * (LIMIT - 1) + [429]
    right = [attempt(PASSWORD, i) for i in range(2)]
    assert [r.status for r in right] == [429, 429] and all("登录失败次数过多" in r.text for r in right)

    servers = site.servers_of([request_id for request_id, _, _ in site.sent[first:]])
    assert_alternating(servers)
    # Each server saw only about half the failures: the lock came from their sum, in the database.
    assert max(Counter(servers[:LIMIT]).values()) < LIMIT
    assert set(servers[LIMIT:]) == set(site.app_ports), "and it holds on both"
