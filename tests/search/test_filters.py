"""What a search asks for (search/filters.py): each unusable filter in the URL dropped with a notice,
and only what differs from the defaults written back into links."""
from jianxi.search import filters as search_filters
from tests.support import filters


def test_parse_filters_unknown_city_dropped_with_notice():
    f = filters(city="999999", county="140105")
    assert f.city == "" and f.county == ""
    assert any("市" in n for n in f.notices)


def test_parse_filters_county_of_another_city_dropped():
    f = filters(city="140200", county="140105")
    assert f.city == "140200" and f.county == ""
    assert "所选县区不属于该市，已显示全市岗位。" in f.notices


def test_parse_filters_city_code_is_its_own_city_level_office():
    assert filters(city="140100", county="140100").county == "140100"


def test_parse_filters_bad_pages_fall_back_to_first():
    for raw in ("-1", "abc", "0", "1.5", "9" * 20):
        f = filters(page=raw)
        assert f.page == 1 and "页码无效，已显示第1页。" in f.notices


def test_parse_filters_long_keyword_truncated():
    f = filters(q="岗" * 10000)
    assert len(f.q) == search_filters.KEYWORD_MAX and f.notices


def test_parse_filters_unknown_education_and_sort():
    f = filters(education="phd!", sort="random")
    assert f.education == "" and f.sort == "newest" and len(f.notices) == 2


def test_query_args_leave_out_defaults():
    assert filters(city="140100", sort="newest").query_args() == {"city": "140100"}
    assert filters(sort="deadline").query_args(page=2) == {"sort": "deadline", "page": 2}
