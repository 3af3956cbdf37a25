"""The public search over HTTP (positions/views.py): the page and its htmx fragments, 加载更多 and the
pager, notices for unusable filters, a position's page with 返回 to the same cards, and caching."""
import datetime
import re

import pytest

from tests import clock
from tests.factories import make_position
from tests.support import text

TODAY = clock.today()


def test_index_full_page_has_form_results_and_navigation(client, many):
    r = client.get("/positions/")
    body = text(r)
    assert r.status_code == 200
    assert body.startswith("<!doctype html>") and 'lang="zh-CN"' in body
    assert 'action="/positions/"' in body and 'method="get"' in body
    assert "共找到 <strong>25</strong> 个岗位" in body
    assert body.count('class="card"') == 20
    for crumb in ("首页", "公共就业", "创业指导", "见习岗位查询"):
        assert crumb in body
    assert " hx-" not in body, "bare hx-* attributes fail the W3C checker"


def test_index_results_fragment_for_htmx(hx, many):
    r = hx.get("/positions/?city=140100", target="results")
    body = text(r)
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body and "<form" not in body
    assert "共找到 <strong>25</strong> 个岗位" in body
    assert {"HX-Request", "HX-Target"} <= set(r.vary)


def test_index_more_fragment_appends_next_page(hx, many):
    r = hx.get("/positions/?page=2", target="more")
    body = text(r)
    assert body.lstrip().startswith('<ol data-hx-swap-oob="beforeend:#result-list">')
    assert body.count('class="card"') == 5
    assert 'id="more"' in body and "加载更多" not in body  # last page: no further button
    assert "<html" not in body


def test_index_first_page_links_to_next_with_and_without_js(client, many):
    body = text(client.get("/positions/?city=140100"))
    assert 'data-hx-get="/positions/?city=140100&amp;page=2&amp;shown=2"' in body, "加载更多 adds page 2 to page 1"
    assert 'data-hx-replace-url="true"' in body, "and the address then says so"
    assert '<a href="/positions/?city=140100&amp;page=2">下一页</a>' in body


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true", "HX-Target": "somewhere-else"},
        {"HX-Request": "true"},
        {"HX-Request": "true", "HX-Target": "results", "HX-History-Restore-Request": "true"},
        {"HX-Request": "true", "HX-Target": "results", "HX-Boosted": "true"},
    ],
)
def test_index_unknown_target_boost_or_history_restore_gets_full_page(client, many, headers):
    body = text(client.get("/positions/", headers=headers))
    assert body.startswith("<!doctype html>")


def test_counties_fragment_lists_city_level_then_counties(client):
    r = client.get("/positions/counties?city=140100")
    body = text(r)
    assert r.status_code == 200 and "<html" not in body
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', body)
    assert options[0] == ("", "全部县区")
    assert options[1] == ("140100", "市本级")
    assert ("140105", "小店区") in options and len(options) == 2 + 10
    assert r.headers["HX-Trigger-After-Swap"] == "citychanged"


def test_counties_fragment_unknown_city_gives_empty_choice(client):
    body = text(client.get("/positions/counties?city=abc"))
    assert "请先选择市" in body and "140105" not in body


def test_index_without_js_shows_counties_of_chosen_city(client, many):
    body = text(client.get("/positions/?city=140100&county=140105"))
    assert '<option value="140105" selected>小店区</option>' in body


@pytest.mark.parametrize(
    "query, notice",
    [
        ("city=999999", "没有找到所选的市，已显示全省岗位。"),
        ("city=140200&county=140105", "所选县区不属于该市，已显示全市岗位。"),
        ("page=-1", "页码无效，已显示第1页。"),
        ("page=abc", "页码无效，已显示第1页。"),
        ("q=" + "长" * 10000, "关键词最多50个字"),
        ("education=%3Cscript%3E", "学历要求无效"),
        ("page=99", "没有第99页，已显示最后一页。"),
    ],
)
def test_index_bad_parameters_give_page_with_notice(client, many, query, notice):
    r = client.get(f"/positions/?{query}")
    assert r.status_code == 200
    assert notice in text(r)
    assert "<script>" not in text(r)


def test_detail_shows_fields_and_back_link_to_same_results(client, dbc):
    p = make_position(title="出纳见习生", openings=3, monthly_subsidy=1880, major="会计学")
    r = client.get(f"/positions/{p.id}?city=140100&q=出纳&sort=deadline&page=2")
    body = text(r)
    assert r.status_code == 200
    for field in ("出纳见习生", "招收人数", "3人", "1880元/月", "会计学", "有效期至", "招募中", "太原市 小店区"):
        assert field in body
    assert ('<a class="back" href="/positions/?city=140100&amp;q=%E5%87%BA%E7%BA%B3&amp;sort=deadline&amp;page=2'
            f'#p-{p.id}">返回</a>') in body, "返回 to the same page, at the position's card"


def test_detail_back_link_ignores_foreign_parameters(client, dbc):
    p = make_position()
    body = text(client.get(f"/positions/{p.id}?next=https://evil.example&city=//evil"))
    assert "evil" not in body


def test_detail_of_closed_position_says_so(client, dbc):
    p = make_position(status="closed")
    body = text(client.get(f"/positions/{p.id}"))
    assert "该岗位已结束招募" in body


@pytest.mark.parametrize("url", ["/positions/999999", "/positions/abc", "/positions/-1"])
def test_detail_missing_gives_chinese_404_page(client, dbc, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "页面不存在" in text(r) and "Traceback" not in text(r)


def test_public_pages_revalidate_with_etag(client, many):
    first = client.get("/positions/", headers={"Accept-Encoding": "br"})
    assert first.headers["Cache-Control"] == "public, no-cache" and first.headers["ETag"]
    again = client.get("/positions/", headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = client.get("/positions/")
    assert client.get("/positions/", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_signed_in_pages_are_private(client, auth):
    auth.login()
    assert client.get("/positions/").headers["Cache-Control"] == "private, no-cache"


def test_county_fragment_may_be_cached_for_a_day(client):
    assert client.get("/positions/counties?city=140100").headers["Cache-Control"] == "public, max-age=86400"


def test_index_says_more_than_the_counting_limit_and_pages_only_that_far(client, many, monkeypatch):
    from jianxi.search import planner as finding

    monkeypatch.setattr(finding, "COUNT_LIMIT", 20)
    body = text(client.get("/positions/"))
    assert "找到 <strong>20</strong> 个以上岗位，只显示前20个；可加上县区、学历要求或关键词缩小范围" in body
    assert "共找到" not in body and "最多显示" not in body
    assert "第1页，共1页" in body and "下一页" not in body and "加载更多" not in body
    beyond = text(client.get("/positions/?page=2"))
    assert "没有第2页：只显示前20个岗位（共1页），已显示第1页。" in beyond and beyond.count('class="card"') == 20


def test_a_keyword_in_a_county_finds_that_countys_positions_only(client, dbc):
    """The same keyword in the county, its sibling county, the city's 市本级 and another city."""
    here = make_position(title="会计助理（小店）", region="140105")
    sibling = make_position(title="会计助理（迎泽）", region="140106")
    city_level = make_position(title="会计助理（市本级）", region="140100")
    other_city = make_position(title="会计助理（大同）", region="140213")
    in_county = text(client.get("/positions/?city=140100&county=140105&q=会计"))
    assert here.title in in_county
    assert all(p.title not in in_county for p in (sibling, city_level, other_city))
    in_city = text(client.get("/positions/?city=140100&q=会计"))
    assert all(p.title in in_city for p in (here, sibling, city_level)) and other_city.title not in in_city


def test_closing_soon_is_marked_in_the_public_search_and_detail(client, dbc):
    soon = make_position(title="快截止岗位", deadline=TODAY + datetime.timedelta(days=7))
    make_position(title="慢截止岗位", deadline=TODAY + datetime.timedelta(days=8))
    body = text(client.get("/positions/?q=截止岗位"))
    assert body.count("即将截止") == 1 and body.index("即将截止") > body.index("快截止岗位")
    assert "即将截止" in text(client.get(f"/positions/{soon.id}"))


# -- 返回 to the same cards, one pager in plain words (issue 19, point 8) -----------------------


def card_links(body: str) -> dict[int, str]:
    """Each card's id and the link on its title."""
    return {int(i): href for i, href in re.findall(r'<li class="card" id="p-(\d+)">\s*<h3><a href="([^"]+)"', body)}


def test_index_cards_have_ids_and_links_carry_the_page_they_are_on(client, many):
    links = card_links(text(client.get("/positions/?city=140100&page=2")))
    assert len(links) == 5
    assert all(href == f"/positions/{i}?city=140100&amp;page=2" for i, href in links.items())


def test_detail_back_link_returns_to_that_page_at_the_card(client, many):
    body = text(client.get(f"/positions/{many[0].id}?city=140100&page=2"))
    assert f'<a class="back" href="/positions/?city=140100&amp;page=2#p-{many[0].id}">返回</a>' in body


def test_index_shown_lists_the_pages_loaded_together(client, many):
    body = text(client.get("/positions/?page=2&shown=2"))
    links = card_links(body)
    assert len(links) == 25 and set(links) == {p.id for p in many}, "pages 1 and 2, as 加载更多 left them"
    first_page, second_page = list(links.items())[:20], list(links.items())[20:]
    assert all(href == f"/positions/{i}" for i, href in first_page)
    assert all(href == f"/positions/{i}?page=2&amp;shown=2" for i, href in second_page)
    assert "第1至2页，共2页" in body and "加载更多" not in body and "上一页" not in body


def test_more_fragment_carries_how_far_the_list_was_loaded(hx, many):
    body = text(hx.get("/positions/?page=2&shown=2", target="more"))
    links = card_links(body)
    assert len(links) == 5 and all(href.endswith("?page=2&amp;shown=2") for href in links.values())
    assert "第1至2页，共2页" in body


def test_detail_of_a_card_loaded_with_more_returns_to_all_the_cards_loaded(client, many):
    body = text(client.get(f"/positions/{many[0].id}?page=2&shown=2"))
    assert f'<a class="back" href="/positions/?page=2&amp;shown=2#p-{many[0].id}">返回</a>' in body


def test_one_pager_in_plain_words_with_and_without_js(client, many):
    body = text(client.get("/positions/"))
    assert body.count('aria-label="分页"') == 1 and "<noscript>" not in body
    assert "第1页，共2页" in body and '<a href="/positions/?page=2">下一页</a>' in body
    assert re.search(r'<a class="button secondary needs-script" href="/positions/\?page=2&amp;shown=2"[^>]*>加载更多</a>', body)
    second = text(client.get("/positions/?page=2"))
    assert "第2页，共2页" in second and '<a href="/positions/">上一页</a>' in second


def test_load_more_stops_at_the_most_pages_shown_and_next_page_goes_on(client, many, monkeypatch):
    from jianxi.search import results as positions

    monkeypatch.setattr(positions, "MAX_SHOWN", 1)
    body = text(client.get("/positions/"))
    assert "加载更多" not in body and '<a href="/positions/?page=2">下一页</a>' in body


@pytest.mark.parametrize(
    "query, notice",
    [
        ("page=2&shown=abc", "显示页数无效，已只显示一页。"),
        ("page=2&shown=0", "显示页数无效，已只显示一页。"),
        ("page=2&shown=-2", "显示页数无效，已只显示一页。"),
        ("page=2&shown=99", "一次最多显示5页（100个岗位）。"),
    ],
)
def test_index_nonsense_shown_gives_a_notice(client, many, query, notice):
    r = client.get(f"/positions/?{query}")
    assert r.status_code == 200 and notice in text(r)


def test_index_county_select_asks_for_a_city_first(client, many):
    body = text(client.get("/positions/"))
    field = body[body.index('<select id="county"'):body.index("</select>", body.index('<select id="county"'))]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", field) == ["请先选择市"]


def test_detail_says_how_to_apply_and_links_the_phone(client, dbc):
    p = make_position(contact="王老师 0351-1234567，李老师 13912345678 <b>")
    body = text(client.get(f"/positions/{p.id}"))
    assert "如何申请" in body and '<a href="/apply/">申请成为就业见习人员</a>' in body
    assert '<a href="/me/positions/">见习岗位录入及维护</a>中收藏本岗位' in body
    assert ('王老师 <a href="tel:03511234567">0351-1234567</a>，李老师 <a href="tel:13912345678">13912345678</a>'
            " &lt;b&gt;") in body
