"""services.lists: how every list reads its filters and pages, and what it says about a page past
the last one; and each of the five lists built on it, called as its view calls it."""
import datetime

from jianxi.models import Region
from jianxi.search import filters as search_filters
from jianxi.search import results
from jianxi.services import applications, employers, lists, positions, review
from tests import clock
from tests.factories import make_application, make_employer, make_position, make_user, valid_id_number

TODAY = clock.today()
PAST_THE_LAST = "没有第99页，已显示最后一页。"


def test_the_reader_drops_what_it_cannot_use_and_says_so():
    read = lists.Reader({"status": "nonsense", "q": "  两个   词  ", "page": "abc"})
    assert read.choice("status", {"open", "closed"}, "状态无效") == ""
    assert read.text("q") == "两个 词" and read.text("q", 2) == "两个"
    assert read.page() == 1
    assert read.notices == ["状态无效", lists.BAD_PAGE]


def test_the_reader_keeps_what_it_can_use_without_a_notice():
    read = lists.Reader({"status": "open", "page": "3"})
    assert read.choice("status", {"open", "closed"}, "状态无效") == "open"
    assert read.page() == 3 and read.notices == []


def test_a_page_past_the_last_shows_the_last_and_says_so(dbc):
    query = Region.select().where(Region.city.is_null())  # Shanxi's 11 cities: one page
    filters, rows, total = lists.page_of(query, lists.Filters(page=99), Region.code)
    assert (filters.page, total, len(rows)) == (1, 11, 11)
    assert filters.notices == (PAST_THE_LAST,)
    counties = Region.select().where(Region.city.is_null(False))  # 117 counties: 6 pages of 20
    filters, rows, total = lists.page_of(counties, lists.Filters(page=6), Region.code)
    assert (filters.page, len(rows), filters.notices) == (6, 117 - 5 * 20, ())


def test_every_list_says_the_same_of_a_page_past_its_last(dbc):
    reviewer = make_user("reviewer1", role="reviewer", jurisdiction="140105")
    applicant = make_user("zhangsan", id_number=valid_id_number())
    make_position(region="140105")
    make_employer(region="140105")
    make_application(applicant)
    past = {"page": "99"}
    listed = {
        "public search": results.search(search_filters.parse_filters(past), TODAY),
        "review queue": review.queue(reviewer, review.parse_filters(reviewer, past)),
        "employers": employers.search(reviewer, employers.parse_filters(past)),
        "positions": positions.search(reviewer, positions.parse_filters(reviewer, past), TODAY),
        "我的办件": applications.mine(applicant, applications.parse_mine(applicant, past)),
    }
    for name, page in listed.items():
        assert page.page == 1 and page.total >= 1, name
        assert PAST_THE_LAST in page.filters.notices, name


def test_my_applications_come_twenty_a_page_newest_first(dbc):
    applicant = make_user("zhangsan", id_number=valid_id_number())
    made = []
    for day in range(1, 23):  # 22 applications, each withdrawn before the next (one active at a time)
        application = make_application(applicant, now=datetime.datetime(2026, 10, day, 9))
        applications.withdraw(applicant, application.id, datetime.datetime(2026, 10, day, 10))
        made.append(application.reference)
    first = applications.mine(applicant, applications.parse_mine(applicant, {}))
    second = applications.mine(applicant, applications.parse_mine(applicant, {"page": "2"}))
    assert first.total == 22 and first.pages == 2 and first.has_next and not first.has_previous
    assert [a.reference for a in first.items + second.items] == made[::-1]
    assert second.has_previous and not second.has_next


def test_my_applications_filters_drop_a_month_i_never_applied_in(dbc):
    applicant = make_user("zhangsan", id_number=valid_id_number())
    make_application(applicant, now=datetime.datetime(2026, 10, 8, 9))
    filters = applications.parse_mine(applicant, {"month": "2020-01", "status": "pending"})
    assert (filters.month, filters.status) == ("", "pending")
    assert filters.notices == ("申办月份无效，已显示全部月份。",)
