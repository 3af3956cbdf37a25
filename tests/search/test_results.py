"""The public search's answer (search/results.py): open positions only, within the place asked,
matched by keyword and 学历要求, sorted, in pages of twenty."""
import datetime

from jianxi.search import results as service
from tests import clock
from tests.factories import make_employer, make_position
from tests.support import filters

TODAY = clock.today()


def test_search_hides_closed_and_expired(dbc):
    make_position(title="在招岗位")
    make_position(title="已结束岗位", status="closed")
    make_position(title="过期岗位", deadline=TODAY - datetime.timedelta(days=1))
    make_position(title="今天截止岗位", deadline=TODAY)
    titles = {p.title for p in service.search(filters(), TODAY).positions}
    assert titles == {"在招岗位", "今天截止岗位"}


def test_search_city_includes_city_level_and_counties_county_only_its_own(dbc):
    make_position(title="小店", region="140105")
    make_position(title="太原市本级", region="140100")
    make_position(title="大同", region="140213")
    assert {p.title for p in service.search(filters(city="140100"), TODAY).positions} == {"小店", "太原市本级"}
    assert [p.title for p in service.search(filters(city="140100", county="140105"), TODAY).positions] == ["小店"]
    assert [p.title for p in service.search(filters(city="140100", county="140100"), TODAY).positions] == ["太原市本级"]


def test_search_keyword_matches_title_or_employer(dbc):
    make_position(title="护理见习生", employer=make_employer(name="小店区人民医院"))
    make_position(title="会计助理", employer=make_employer(name="山西晋阳会计师事务所"))
    assert [p.title for p in service.search(filters(q="人民医院"), TODAY).positions] == ["护理见习生"]
    assert [p.title for p in service.search(filters(q="会计"), TODAY).positions] == ["会计助理"]


def test_search_keyword_wildcards_are_literal(dbc):
    make_position(title="会计助理")
    assert service.search(filters(q="%"), TODAY).total == 0
    assert service.search(filters(q="_"), TODAY).total == 0


def test_search_education_filter(dbc):
    make_position(title="大专岗", education="college")
    make_position(title="本科岗", education="bachelor")
    assert [p.title for p in service.search(filters(education="college"), TODAY).positions] == ["大专岗"]


def test_search_sorts_newest_or_deadline(dbc):
    now = datetime.datetime.combine(TODAY, datetime.time(9))
    make_position(title="旧", published_at=now - datetime.timedelta(days=5), deadline=TODAY + datetime.timedelta(days=3))
    make_position(title="新", published_at=now, deadline=TODAY + datetime.timedelta(days=60))
    assert [p.title for p in service.search(filters(), TODAY).positions] == ["新", "旧"]
    assert [p.title for p in service.search(filters(sort="deadline"), TODAY).positions] == ["旧", "新"]


def test_search_pages_of_twenty_and_clamps_past_the_end(dbc):
    employer = make_employer()
    for i in range(45):
        make_position(employer=employer, title=f"岗位{i}")
    first = service.search(filters(), TODAY)
    assert (first.total, len(first.positions), first.pages, first.has_next) == (45, 20, 3, True)
    last = service.search(filters(page="3"), TODAY)
    assert len(last.positions) == 5 and not last.has_next and last.has_previous
    beyond = service.search(filters(page="9"), TODAY)
    assert beyond.filters.page == 3 and "没有第9页，已显示最后一页。" in beyond.filters.notices
    seen = {p.id for page in ("1", "2", "3") for p in service.search(filters(page=page), TODAY).positions}
    assert len(seen) == 45
