"""Search pages are not recomputed for every visitor, and never stale: cached per (question, data
version, today) in bounded per-process caches (search/page_cache.py, search/caches.py); a matching ETag
answers 304 without searching, and a public page sets no cookie that would keep proxies from it."""
import datetime

import pytest

from jianxi import create_app
from jianxi.db import db
from jianxi.models import Position
from jianxi.search import planner as finding
from jianxi.search.caches import Bounded
from jianxi.services import positions as office_positions
from jianxi.services import rules
from tests import clock
from tests.factories import GOOD_POSITION, make_position, make_user
from tests.support import text


@pytest.fixture
def searches(monkeypatch):
    """How many times the database was asked for matches (a count, a page)."""
    calls = []
    real = finding.filtered
    monkeypatch.setattr(finding, "filtered", lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_a_repeated_search_is_answered_from_the_cache(client, many, searches):
    first = client.get("/positions/?county=140105&city=140100", headers={"Accept-Encoding": "br"})
    asked = len(searches)
    again = client.get("/positions/?city=140100&county=140105", headers={"Accept-Encoding": "br"})
    assert asked >= 1 and len(searches) == asked, "the same question, asked again, costs no query"
    assert again.data == first.data and again.headers["Content-Encoding"] == "br"


def test_a_matching_etag_answers_304_without_searching(client, many, searches):
    first = client.get("/positions/?q=岗位", headers={"Accept-Encoding": "gzip"})
    searches.clear()
    again = client.get("/positions/?q=岗位", headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and searches == []
    other_encoding = client.get("/positions/?q=岗位", headers={"If-None-Match": first.headers["ETag"]})
    assert other_encoding.status_code == 200, "each encoding is its own representation"


def test_anonymous_pages_may_be_kept_by_a_proxy_signed_in_never(client, auth, many, app):
    anonymous = client.get("/positions/")
    assert anonymous.headers["Cache-Control"] == "public, no-cache"
    assert {"Accept-Encoding", "Cookie", "HX-Request", "HX-Target"} <= set(anonymous.vary)
    app.config["PUBLIC_SEARCH_MAX_AGE"] = 30
    assert client.get("/positions/?page=2").headers["Cache-Control"] == "public, max-age=30"
    auth.login()
    signed_in = client.get("/positions/")
    assert signed_in.headers["Cache-Control"] == "private, no-cache" and "张三" in text(signed_in)


def test_an_edit_shows_at_once_and_changes_the_etag(client, many):
    first = client.get("/positions/?q=岗位07")
    assert "岗位07" in text(first)
    office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
    data, _ = rules.parse_position({**GOOD_POSITION, "title": "改过的名称"}, clock.today())
    office_positions.update(office, many[7].id, many[7].employer_id, data, clock.now())
    after = client.get("/positions/?q=岗位07", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and "共找到 <strong>0</strong>" in text(after)
    assert "改过的名称" in text(client.get("/positions/?q=改过")) and "改过的名称" in text(client.get(f"/positions/{many[7].id}"))
    Position.update(status="closed").where(Position.id == many[7].id).execute()  # even a write by hand
    assert "共找到 <strong>0</strong>" in text(client.get("/positions/?q=改过"))


def test_a_write_through_one_app_is_seen_by_another_with_caches_of_its_own(client, many, database_url, tmp_path):
    """Another app on the same database, with caches of its own, reading the version per request as
    the tests do; real servers learning it by NOTIFY or polling: tests/search/test_version_watch.py."""
    ours = db.obj
    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "UPLOAD_DIR": str(tmp_path),
                        "CATALOG_VERSION_WATCH": "read"})
    db.initialize(ours)  # one database proxy per process: both apps reach the database through ours
    assert "共找到 <strong>25</strong>" in text(other.test_client().get("/positions/"))
    assert "共找到 <strong>25</strong>" in text(client.get("/positions/"))
    make_position(title="新岗位", region="140105")
    assert "共找到 <strong>26</strong>" in text(other.test_client().get("/positions/"))
    assert "共找到 <strong>26</strong>" in text(client.get("/positions/"))


def test_the_caches_are_bounded_whatever_the_number_of_questions(client, many, app):
    app.extensions["caches"]["results"] = Bounded(10)
    app.extensions["caches"]["pages"] = Bounded(200_000, getsizeof=lambda entry: entry.size)
    for i in range(60):
        assert client.get(f"/positions/?q=岗位{i:02d}").status_code == 200
    results, pages = app.extensions["caches"]["results"], app.extensions["caches"]["pages"]
    assert results.held[0] == 10 and 0 < pages.held[1] <= 200_000
    assert pages.held[0] < 60, "the oldest pages made room"


def test_a_new_day_is_a_new_page(client, many, monkeypatch):
    from jianxi.services import clock

    first = client.get("/positions/")
    tomorrow = clock.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    assert client.get("/positions/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_pages_shown_together_reuse_the_pages_loaded_one_by_one(client, hx, many, searches):
    client.get("/positions/?city=140100")
    hx.get("/positions/?city=140100&page=2&shown=2", target="more")
    asked = len(searches)
    back = client.get("/positions/?city=140100&page=2&shown=2")
    assert text(back).count('class="card"') == 25, "返回 after 加载更多 lists both pages"
    assert len(searches) == asked, "each page was found once, when it was loaded"


def test_pages_shown_is_part_of_the_cached_page_and_its_etag(client, many):
    alone = client.get("/positions/?page=2")
    together = client.get("/positions/?page=2&shown=2")
    assert text(alone).count('class="card"') == 5 and text(together).count('class="card"') == 25
    assert alone.headers["ETag"] != together.headers["ETag"]
    again = client.get("/positions/?page=2&shown=2", headers={"If-None-Match": together.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/positions/?page=2", headers={"If-None-Match": together.headers["ETag"]}).status_code == 200
    nonsense = client.get("/positions/?page=2&shown=x")
    assert "显示页数无效" in text(nonsense) and nonsense.headers["ETag"] != alone.headers["ETag"]


def test_public_page_does_not_set_a_cookie(client, dbc):
    make_position()
    r = client.get("/positions/")
    assert "Set-Cookie" not in r.headers
