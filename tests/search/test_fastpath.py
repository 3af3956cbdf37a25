"""Repeated anonymous visits to a public page are answered before Flask is entered, with the same
bytes and headers, and never after a write or on another day (search/fastpath.py)."""
import logging

import pytest

from jianxi.models import Position
from jianxi.search.caches import Bounded
from jianxi.services import clock
from tests.factories import make_position
from tests.support import text

PER_REQUEST = {"X-Request-ID", "Server-Timing", "Date"}


@pytest.fixture
def entered(app):
    """The requests that reached Flask, by path."""
    seen = []
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: seen.append(_path()) and None)
    return seen


def _path():
    from flask import request

    return request.full_path


def headers(response) -> dict:
    return {name: value for name, value in response.headers.items() if name not in PER_REQUEST}


def test_a_repeated_visit_is_answered_without_entering_the_app(client, many, entered, caplog):
    first = client.get("/positions/?q=岗位", headers={"Accept-Encoding": "br", "X-Request-ID": "first-1"})
    with caplog.at_level(logging.INFO, logger="jianxi.requests"):
        again = client.get("/positions/?q=岗位", headers={"Accept-Encoding": "br", "X-Request-ID": "again-2"})
    assert len(entered) == 1, "the second visit never reached Flask"
    assert again.status_code == 200 and again.data == first.data and headers(again) == headers(first)
    assert again.headers["X-Request-ID"] == "again-2" and again.headers["Server-Timing"].startswith("app;dur=")
    assert "again-2 GET /positions/?q 200" in caplog.text, "one log line, without the keyword typed"
    assert "public" in again.headers["Cache-Control"] and again.headers["Content-Encoding"] == "br"


def test_after_a_write_the_next_visit_gets_the_new_page(client, many, entered):
    assert "共找到 <strong>25</strong>" in text(client.get("/positions/"))
    assert "共找到 <strong>25</strong>" in text(client.get("/positions/"))
    make_position(title="刚发布的岗位")
    assert "共找到 <strong>26</strong>" in text(client.get("/positions/"))
    assert len(entered) == 2
    Position.update(status="closed").where(Position.title == "刚发布的岗位").execute()
    assert "共找到 <strong>25</strong>" in text(client.get("/positions/")), "a write by hand counts too"


def test_a_page_made_for_another_day_is_not_given_again(client, many, entered, monkeypatch):
    import datetime

    from jianxi.search import page_cache as public_cache

    with monkeypatch.context() as tomorrow:
        tomorrow.setattr(public_cache.clock, "today", lambda: clock.now().date() + datetime.timedelta(days=1))
        client.get("/positions/")
    client.get("/positions/")
    assert len(entered) == 2, "made for tomorrow, so not the page of today"


def test_visits_with_cookies_go_through_the_app(client, many, entered):
    client.get("/positions/")
    client.set_cookie("session", "x")  # someone who may be signed in
    client.get("/positions/")
    assert len(entered) == 2


def test_visits_with_validators_go_through_the_app(client, many, entered):
    first = client.get("/positions/")
    again = client.get("/positions/", headers={"If-None-Match": first.headers["ETag"]})
    assert len(entered) == 2 and again.status_code == 304, "the app works out the 304"


def test_a_fragment_and_a_page_are_kept_apart(client, many, entered):
    page = client.get("/positions/?city=140100")
    fragment = client.get("/positions/?city=140100", headers={"HX-Request": "true", "HX-Target": "results"})
    again = client.get("/positions/?city=140100", headers={"HX-Request": "true", "HX-Target": "results"})
    assert len(entered) == 2 and again.data == fragment.data != page.data
    assert text(again).lstrip().startswith('<section id="results"')


def test_signed_in_pages_are_never_kept(app, client, many, auth, entered):
    auth.login(role="applicant")
    client.get("/positions/")
    client.get("/positions/")
    assert len(entered) >= 3 and app.wsgi_app.kept.held[0] == 0


def test_what_is_kept_is_bounded(app, client, many):
    app.wsgi_app.kept = Bounded(40_000, getsizeof=lambda kept: kept.size)
    for page in range(60):
        assert client.get(f"/positions/?q=岗位{page}").status_code == 200
    entries, size = app.wsgi_app.kept.held
    assert 0 < entries < 60 and size <= 40_000


def test_when_the_database_is_down_the_app_answers_with_its_own_page(app, client, many, entered, monkeypatch):
    from peewee import OperationalError

    from jianxi.search import catalog

    client.get("/positions/")

    def down():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(catalog, "version", down)
    response = client.get("/positions/")
    assert len(entered) == 2 and response.status_code == 500 and "系统繁忙" in text(response)


def test_pages_shown_together_are_kept_apart_from_one_page(client, many, entered):
    one = client.get("/positions/?page=2")
    together = client.get("/positions/?page=2&shown=2")
    again = client.get("/positions/?page=2&shown=2")
    assert len(entered) == 2 and again.data == together.data
    assert text(one).count('class="card"') == 5 and text(again).count('class="card"') == 25
