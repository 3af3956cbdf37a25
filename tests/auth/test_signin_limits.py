"""Issue 18: the sign-in and registration limits (services/signin.py) hold when guesses arrive all
at once, over two gunicorn worker processes (each with four threads, so that eight requests are judged
together as on a production server's many workers).

A guess counts as judged when its password was checked: its answer then says 用户名或密码不正确 (a
422, or a 429 when that failure completes a lock). A guess the limit refuses unjudged answers 429
with the lock's message only. Each judged guess leaves one LoginAttempt row and a refused one none,
so the rows are counted too."""
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from jianxi.db import db
from jianxi.models import LoginAttempt, RegistrationAttempt
from jianxi.services import signin
from jianxi.services.errors import ServiceError, Throttled
from tests import clock
from tests.factories import PASSWORD, make_user, valid_id_number
from tests.servers import from_address, gunicorn

WRONG = "用户名或密码不正确"
LOCKED = "登录失败次数过多"
# The registration form's verdict on the password (its hint says the same words, outside the error).
PASSWORD_JUDGED = re.compile(r'id="password-error">.*?不能全是数字', re.S)
# Requests a served app judges at the same time: four threads in each of two worker processes.
IN_FLIGHT = 8


@pytest.fixture
def served(database_url, tmp_path, app):
    # Each worker takes at most four connections, so neither takes a whole burst.
    threads = "--threads 4 --worker-connections 4 --keep-alive 0"
    with gunicorn(database_url, tmp_path, TRUST_PROXY_HEADERS="1", GUNICORN_CMD_ARGS=threads) as base:
        yield base


def all_at_once(browsers, form_for, path):
    """The browsers post their forms in waves as large as the server judges at once, each wave at
    the same moment (every browser has fetched its CSRF token first). More at a time would only
    wait in the server's queue, where a slow machine can outlast the client's timeout."""
    forms = [{**form_for(i), "csrf_token": browser.csrf_token(path)} for i, browser in enumerate(browsers)]
    answers = []
    for start in range(0, len(browsers), IN_FLIGHT):
        wave = range(start, min(start + IN_FLIGHT, len(browsers)))
        barrier = threading.Barrier(len(wave))

        def send(i):
            barrier.wait()
            return browsers[i].post(path, forms[i])

        with ThreadPoolExecutor(max_workers=len(wave)) as pool:
            answers += pool.map(send, wave)
    return answers


def guesses_at_once(base, addresses, username="zhangsan", password="guess-guess"):
    browsers = [from_address(base, address) for address in addresses]
    return all_at_once(browsers, lambda i: {"username": username, "password": password}, "/login")


def judged_and_refused(answers):
    assert {r.status for r in answers} <= {422, 429}, [r.status for r in answers]
    judged = [r for r in answers if WRONG in r.text]
    refused = [r for r in answers if r.status == 429 and LOCKED in r.text and WRONG not in r.text]
    assert len(judged) + len(refused) == len(answers), "every answer is one or the other"
    return judged, refused


def posts_answered_by(instance, path):
    """The worker processes that answered POSTs to `path` (the access log names them)."""
    lines = [line.split() for line in (instance / "access.log").read_text().splitlines()]
    return {pid for pid, method, logged, *_ in lines if method == "POST" and logged == path}


def login_attempts(app, **where):
    with app.app_context(), db.connection_context():
        query = LoginAttempt.select()
        for field, value in where.items():
            query = query.where(getattr(LoginAttempt, field) == value)
        return query.count()


def test_twenty_guesses_at_once_from_one_address_get_five_judged(served, app, tmp_path):
    with app.app_context(), db.connection_context():
        make_user()
    answers = guesses_at_once(served, ["198.51.100.1"] * 20)
    assert login_attempts(app) == 5, "one row per judged guess, none for a refused one"
    judged, refused = judged_and_refused(answers)
    assert (len(judged), len(refused)) == (5, 15)
    assert len(posts_answered_by(tmp_path, "/login")) == 2, "both workers judged and counted alike"

    owner_there = from_address(served, "198.51.100.1").sign_in("zhangsan", PASSWORD)
    assert owner_there.status == 429 and WRONG not in owner_there.text, "locked there: not even judged"
    assert from_address(served, "198.51.100.2").sign_in("zhangsan", PASSWORD).status == 303, \
        "a right password from an address inside the limits signs in"
    assert login_attempts(app, address="198.51.100.2") == 0, "its counted attempt went when it got in"


def test_forty_guesses_at_once_from_forty_addresses_get_thirty_judged(served, app, tmp_path):
    with app.app_context(), db.connection_context():
        make_user()
    owner = from_address(served, "203.0.113.7")
    assert owner.sign_in("zhangsan", PASSWORD).status == 303, "signs in once: the browser is now known"
    owner.post("/logout", {"csrf_token": owner.csrf_token("/me/")})

    answers = guesses_at_once(served, [f"198.51.100.{i}" for i in range(40)])
    assert login_attempts(app, username="zhangsan") == 30
    judged, refused = judged_and_refused(answers)
    assert (len(judged), len(refused)) == (30, 10)
    assert len(posts_answered_by(tmp_path, "/login")) == 2

    assert from_address(served, "198.51.100.200").sign_in("zhangsan", PASSWORD).status == 429, \
        "unknown browsers wait: the account's ceiling was reached"
    assert owner.sign_in("zhangsan", PASSWORD).status == 303, "the owner's known browser is still let in"


def test_guesses_at_once_from_a_known_browser_get_five_judged(served, app):
    """The device cookie's own limit: copies of the owner's browser (a stolen cookie) guessing at once."""
    with app.app_context(), db.connection_context():
        make_user()
    owner = from_address(served, "203.0.113.7")
    assert owner.sign_in("zhangsan", PASSWORD).status == 303
    owner.post("/logout", {"csrf_token": owner.csrf_token("/me/")})
    copies = []
    for _ in range(12):
        copy = from_address(served, "203.0.113.7")
        copy.cookies = {name: value for name, value in owner.cookies.items() if name != "session"}
        copies.append(copy)
    answers = all_at_once(copies, lambda i: {"username": "zhangsan", "password": "guess-guess"}, "/login")
    assert login_attempts(app, username="zhangsan") == 5
    judged, refused = judged_and_refused(answers)
    assert (len(judged), len(refused)) == (5, 7)
    assert from_address(served, "203.0.113.8").sign_in("zhangsan", PASSWORD).status == 303, \
        "another browser is not held by the known browser's lock"


def test_fifteen_registrations_at_once_from_one_address_get_ten_looked_at(served, app):
    """Forms with a mistake, answered without hashing a password: many are counted at the same time."""
    browsers = [from_address(served, "192.0.2.1") for _ in range(15)]

    def form(i):
        return {"username": f"burst{i:02d}", "password": "12345678", "confirm_password": "12345678", "real_name": "王五",
                "id_number": valid_id_number(sequence=f"{i:03d}"), "mobile": "13912345678"}

    answers = all_at_once(browsers, form, "/register")
    with app.app_context(), db.connection_context():
        assert RegistrationAttempt.select().count() == 10
    looked_at = [r for r in answers if r.status == 422 and PASSWORD_JUDGED.search(r.text)]
    refused = [r for r in answers if r.status == 429 and "注册尝试过于频繁" in r.text and not PASSWORD_JUDGED.search(r.text)]
    assert (len(looked_at), len(refused)) == (10, 5)


def test_a_registration_arriving_while_the_tenth_is_counted_is_refused(dbc, monkeypatch):
    """The eleventh attempt comes between the tenth's count and its row: it must wait for the row."""
    now = clock.now()
    for _ in range(9):
        signin.check_registration_allowed("10.0.0.1", now)
    tenth_thread, eleventh = threading.current_thread(), {}
    count = signin._locked

    def eleventh_attempt():
        with db.connection_context():  # its own connection, as another worker would have
            try:
                signin.check_registration_allowed("10.0.0.1", now)
                eleventh["answer"] = "let in"
            except Throttled as error:
                eleventh["answer"] = error

    def counted_then_another_arrives(*args):
        ends = count(*args)
        if threading.current_thread() is tenth_thread and not eleventh:
            other = threading.Thread(target=eleventh_attempt)
            other.start()
            # Unlocked, the eleventh gets through meanwhile; locked, it waits for the tenth's row.
            other.join(timeout=1)
            eleventh.setdefault("answer", "waiting")
            eleventh["thread"] = other
        return ends

    monkeypatch.setattr(signin, "_locked", counted_then_another_arrives)
    signin.check_registration_allowed("10.0.0.1", now)
    eleventh["thread"].join()
    assert isinstance(eleventh["answer"], Throttled), eleventh["answer"]
    assert RegistrationAttempt.select().count() == 10


def test_a_guess_refused_by_the_limit_never_reaches_the_password_hash(dbc, monkeypatch):
    """A sixth guess arrives while the fifth is being judged: it must already count the fifth."""
    make_user()
    now = clock.now()
    for _ in range(4):
        with pytest.raises(ServiceError):
            signin.authenticate("zhangsan", "guess-guess", "10.0.0.1", now)
    judged, sixth = [], {}
    check = signin.check_password_hash

    def another_guess():
        with db.connection_context():  # its own connection, as another worker would have
            try:
                signin.authenticate("zhangsan", "sixth-guess", "10.0.0.1", now)
            except ServiceError as error:
                sixth["error"] = error

    def judging(password_hash, password):
        judged.append(password)
        if password == "fifth-guess":
            guess = threading.Thread(target=another_guess)
            guess.start()
            guess.join()
        return check(password_hash, password)

    monkeypatch.setattr(signin, "check_password_hash", judging)
    with pytest.raises(Throttled) as fifth:
        signin.authenticate("zhangsan", "fifth-guess", "10.0.0.1", now)
    assert judged == ["fifth-guess"], "the sixth guess was refused before any hash was checked"
    assert isinstance(sixth["error"], Throttled) and WRONG not in sixth["error"].message
    assert fifth.value.message.startswith(f"{WRONG}。{LOCKED}"), "the fifth was judged, then locked"
    assert LoginAttempt.select().count() == 5
