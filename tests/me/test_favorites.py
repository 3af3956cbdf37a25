"""见习岗位录入及维护 over HTTP (me/favorites.py): the jurisdiction's positions, 收藏 / 取消收藏, refusals, 我的收藏."""
import re
import threading
from urllib.parse import quote

import pytest

from jianxi.db import db
from jianxi.models import Favorite, Position
from jianxi.services import review
from tests import clock
from tests.factories import make_application, make_position, make_user, valid_id_number
from tests.servers import Browser, gunicorn
from tests.support import text


def approve(app, user, jurisdiction="140105"):
    with app.app_context(), db.connection_context():
        application = make_application(user, jurisdiction=jurisdiction)
        office = make_user(f"office{user.id}", role="reviewer", jurisdiction=jurisdiction)
        review.decide(office, application.id, review.Decision(True), clock.now())


@pytest.fixture
def shelf(app):
    """Five open positions in 小店区, one in 迎泽区."""
    with app.app_context(), db.connection_context():
        here = [make_position(title=f"小店岗位{i}", region="140105") for i in range(5)]
        there = make_position(title="迎泽岗位", region="140106")
    return here, there


@pytest.fixture
def trainee(app, auth, shelf):
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    approve(app, user)
    return user


def add(client, position_id, **extra):
    return client.post(f"/me/positions/{position_id}/favorite", data={"action": "add", **extra})


def favorites_of(user):
    return [f.position_id for f in Favorite.select().where(Favorite.user == user).order_by(Favorite.id)]


def test_way_in_from_personal_services(client, trainee):
    assert 'href="/me/positions/"' in text(client.get("/personal/"))
    assert 'href="/me/positions/"' in text(client.get("/me/"))


def test_list_shows_only_the_jurisdictions_open_positions_without_place_filters(client, trainee, shelf):
    here, there = shelf
    body = text(client.get("/me/positions/?city=140200&county=140106"))
    assert all(p.title in body for p in here) and there.title not in body
    assert 'id="city"' not in body and 'id="county"' not in body and 'id="education"' in body
    assert "太原市 小店区" in body and f'href="/me/positions/{here[0].id}"' in body


def test_list_fragments_and_paging_use_the_trainee_urls(hx, app, trainee):
    with app.app_context(), db.connection_context():
        for i in range(20):
            make_position(title=f"更多岗位{i}", region="140105")
    r = hx.get("/me/positions/?sort=deadline", target="results")
    assert text(r).lstrip().startswith('<section id="results"') and {"HX-Request", "HX-Target"} <= set(r.vary)
    assert 'href="/me/positions/?sort=deadline&amp;page=2"' in text(r)
    more = text(hx.get("/me/positions/?page=2&sort=deadline", target="more"))
    assert 'data-hx-swap-oob="beforeend:#result-list"' in more and "/me/positions/" in more


def test_detail_toggle_without_js_comes_back_to_the_same_page(client, trainee, shelf):
    here, _ = shelf
    detail = f"/me/positions/{here[0].id}?q={quote('小店')}"
    page = text(client.get(detail))
    assert ">收藏</button>" in page and "我的收藏 0/3" in page
    assert f'href="/me/positions/?q={quote("小店")}#p-{here[0].id}">返回</a>' in page, "返回 to the same results"
    r = add(client, here[0].id, next=detail)
    assert r.status_code == 303 and r.headers["Location"] == detail
    page = text(client.get(detail))
    assert ">取消收藏</button>" in page and "我的收藏 1/3" in page
    assert "已收藏</span>" in text(client.get("/me/positions/")), "the list marks it"
    r = client.post(f"/me/positions/{here[0].id}/favorite", data={"action": "remove", "next": detail})
    assert r.status_code == 303 and favorites_of(trainee) == []


def test_toggle_with_htmx_swaps_the_widget(hx, trainee, shelf):
    here, _ = shelf
    r = hx.post(f"/me/positions/{here[0].id}/favorite", target=f"favorite-{here[0].id}", data={"action": "add"})
    body = text(r)
    assert body.lstrip().startswith(f'<div class="favorite" id="favorite-{here[0].id}">')
    assert "取消收藏" in body and "我的收藏 1/3" in body and "<html" not in body
    r = hx.post(f"/me/positions/{here[0].id}/favorite", data={"action": "remove"})
    assert ">收藏</button>" in text(r) and "我的收藏 0/3" in text(r)


def test_fourth_is_refused_listing_the_three_with_a_way_to_remove_one(client, hx, trainee, shelf):
    here, _ = shelf
    for p in here[:3]:
        add(client, p.id)
    r = add(client, here[3].id)
    body = text(r)
    assert r.status_code == 409 and "最多收藏3个岗位" in body
    assert all(p.title in body for p in here[:3]) and body.count('name="action" value="remove"') == 3
    r = hx.post(f"/me/positions/{here[3].id}/favorite", data={"action": "add"})
    assert r.status_code == 200 and "最多收藏3个岗位" in text(r)
    assert favorites_of(trainee) == [p.id for p in here[:3]]


def test_pending_applicant_is_told_not_a_trainee_with_the_status(client, hx, app, auth, shelf):
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    with app.app_context(), db.connection_context():
        make_application(user)
    here, _ = shelf
    assert here[0].title in text(client.get("/me/positions/")), "a pending applicant may look"
    r = add(client, here[0].id)
    assert r.status_code == 403 and "该人员不是就业见习人员" in text(r) and "目前是“未审核”" in text(r)
    assert 'href="/me/applications"' in text(r)
    r = hx.post(f"/me/positions/{here[0].id}/favorite", data={"action": "add"})
    assert r.status_code == 200 and "该人员不是就业见习人员" in text(r)
    assert not Favorite.select().exists()


def test_no_application_gets_a_page_that_explains(client, auth, shelf):
    auth.login()
    body = text(client.get("/me/positions/"))
    assert "您还没有申请成为就业见习人员" in body and 'href="/apply/"' in body
    assert text(client.get(f"/me/positions/{shelf[0][0].id}")) == body


def test_closed_position_cannot_be_added_and_a_favorite_of_it_stays_as_ended(client, trainee, shelf):
    here, _ = shelf
    add(client, here[0].id)
    Position.update(status="closed").where(Position.id.in_([here[0].id, here[1].id])).execute()
    r = add(client, here[1].id)
    assert r.status_code == 409 and "该岗位已结束招募，不能收藏" in text(r)
    page = text(client.get(f"/me/positions/{here[0].id}"))
    assert "该岗位已结束招募" in page and ">取消收藏</button>" in page and ">收藏</button>" not in page
    me = text(client.get("/me/"))
    ended = me[me.index("<h3>已结束</h3>"):]
    assert "已收藏 1/3" in me and here[0].title in ended
    assert here[1].title not in text(client.get("/me/positions/")), "closed ones leave the list"


def test_outside_the_jurisdiction_is_refused_even_by_a_hand_made_post(client, trainee, shelf):
    _, there = shelf
    assert client.get(f"/me/positions/{there.id}").status_code == 404
    assert add(client, there.id).status_code == 404 and favorites_of(trainee) == []
    assert client.post(f"/me/positions/{there.id}/favorite", data={"action": "jump"}).status_code == 400


def test_my_favorites_in_me_in_the_order_added(client, trainee, shelf):
    here, _ = shelf
    for i in (2, 0, 4):
        add(client, here[i].id)
    me = text(client.get("/me/"))
    assert "我的收藏" in me and "已收藏 3/3" in me
    assert re.findall(r">(小店岗位\d)</a>", me[me.index("我的收藏"):]) == ["小店岗位2", "小店岗位0", "小店岗位4"]
    r = client.post(f"/me/positions/{here[0].id}/favorite", data={"action": "remove", "next": "/me/"})
    assert r.headers["Location"] == "/me/" and favorites_of(trainee) == [here[2].id, here[4].id]


def test_remove_never_redirects_off_site(client, trainee, shelf):
    here, _ = shelf
    r = client.post(f"/me/positions/{here[0].id}/favorite", data={"action": "remove", "next": "//evil.example/"})
    assert r.headers["Location"] == "/me/"


def test_csrf_favorite_needs_the_token(client, trainee, shelf, app):
    here, _ = shelf
    page = text(client.get(f"/me/positions/{here[0].id}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert add(client, here[0].id).status_code == 400 and favorites_of(trainee) == []
        assert add(client, here[0].id, csrf_token=token).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_fifty_simultaneous_requests_to_gunicorn_keep_three(app, database_url, tmp_path, auth, shelf):
    """One person, 50 requests at once over two worker processes: three favorites, never a fourth."""
    user = auth.login(id_number=valid_id_number(birth="20030512"), password="secret-pass-1")
    approve(app, user)
    with app.app_context(), db.connection_context():
        targets = shelf[0] + [make_position(title=f"更多{i}", region="140105") for i in range(5)]
    with gunicorn(database_url, tmp_path) as base:
        person = Browser(base)
        assert person.sign_in("zhangsan", "secret-pass-1").status == 303
        token = person.csrf_token("/me/")
        barrier, statuses = threading.Barrier(50), []

        def shortlist(position):
            barrier.wait()
            r = person.post(f"/me/positions/{position.id}/favorite", {"action": "add", "csrf_token": token})
            statuses.append(r.status)

        threads = [threading.Thread(target=shortlist, args=(targets[i % len(targets)],)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(set(statuses)) == [303, 409], statuses
    rows = list(Favorite.select().where(Favorite.user == user))
    assert len(rows) == 3 and len({r.position_id for r in rows}) == 3 and {r.slot for r in rows} == {1, 2, 3}


def test_a_keyword_keeps_the_trainees_county(client, trainee, app):
    with app.app_context(), db.connection_context():
        here = make_position(title="会计助理（小店）", region="140105")
        sibling = make_position(title="会计助理（迎泽）", region="140106")
        city_level = make_position(title="会计助理（市本级）", region="140100")
    body = text(client.get(f"/me/positions/?q={quote('会计')}"))
    assert here.title in body and sibling.title not in body and city_level.title not in body


# -- 学历要求: by default the positions the person's education meets (issue 19, point 8e) -----------


@pytest.fixture
def by_education(app):
    """One open position in 小店区 for each of four 学历要求."""
    with app.app_context(), db.connection_context():
        return {level: make_position(title=f"{label}岗位", region="140105", education=level)
                for level, label in (("any", "不限"), ("college", "大专"), ("bachelor", "本科"), ("master", "硕士"))}


@pytest.fixture
def college_trainee(app, auth, by_education):
    """An approved trainee whose application says 大学专科."""
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    with app.app_context(), db.connection_context():
        application = make_application(user, jurisdiction="140105", education="college")
        office = make_user("office-college", role="reviewer", jurisdiction="140105")
        review.decide(office, application.id, review.Decision(True), clock.now())
    return user


def titles_listed(body: str) -> set[str]:
    return set(re.findall(r'<li class="card" id="p-\d+">\s*<h3><a href="[^"]+">([^<]+)</a>', body))


def test_list_defaults_to_positions_the_persons_education_meets(client, college_trainee):
    body = text(client.get("/me/positions/"))
    assert titles_listed(body) == {"不限岗位", "大专岗位"}
    assert '<option value="">符合我学历的岗位</option>' in body and '<option value="all">全部</option>' in body
    assert "大学专科" in body, "the page says which education it went by"


def test_list_shows_every_position_or_one_level_when_asked(client, hx, college_trainee):
    every = text(client.get("/me/positions/?education=all"))
    assert titles_listed(every) == {"不限岗位", "大专岗位", "本科岗位", "硕士岗位"}
    assert '<option value="all" selected>全部</option>' in every
    assert titles_listed(text(client.get("/me/positions/?education=master"))) == {"硕士岗位"}
    fragment = text(hx.get("/me/positions/?education=all", target="results"))
    assert fragment.lstrip().startswith('<section id="results"') and len(titles_listed(fragment)) == 4


def test_list_with_a_nonsense_education_keeps_the_default_and_says_so(client, college_trainee):
    body = text(client.get("/me/positions/?education=phd"))
    assert "学历要求无效，已显示符合您学历的岗位。" in body and titles_listed(body) == {"不限岗位", "大专岗位"}


def test_detail_back_link_keeps_the_education_choice_page_and_card(client, college_trainee, by_education):
    master = by_education["master"]
    body = text(client.get(f"/me/positions/{master.id}?education=all&page=2&shown=2"))
    assert f'<a class="back" href="/me/positions/?education=all&amp;page=2&amp;shown=2#p-{master.id}">返回</a>' in body


def test_the_public_search_keeps_every_education(client, by_education):
    body = text(client.get("/positions/?city=140100&county=140105"))
    assert titles_listed(body) == {"不限岗位", "大专岗位", "本科岗位", "硕士岗位"}
    assert "学历要求无效" in text(client.get("/positions/?education=all")), "全部 is the trainee's choice only"
