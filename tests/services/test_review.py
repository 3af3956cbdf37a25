import datetime

import pytest

from jianxi.models import Application, AuditLog
from jianxi.services import applications, review
from jianxi.services.errors import Conflict, ServiceError
from tests.concurrency import run_together
from tests.factories import APPROVE, make_application, make_user, person, reject, valid_id_number

NOW = datetime.datetime(2026, 11, 26, 10, 0)
TODAY = NOW.date()


@pytest.fixture
def reviewer(dbc):
    return make_user("reviewer1", role="reviewer", jurisdiction="140105", real_name="王建国")


@pytest.fixture
def queue_of_five(reviewer):
    """Five applications in 小店区 submitted on five days; the 2nd approved, the 4th withdrawn."""
    made = []
    for n in range(5):
        made.append(make_application(person(n, real_name=["赵一", "钱二", "孙三", "李四", "周五"][n]),
                                     now=NOW - datetime.timedelta(days=10 - n)))
    review.decide(reviewer, made[1].id, APPROVE, NOW)
    applications.withdraw(made[3].user, made[3].id, NOW)
    return made


def filters_for(user, **args):
    return review.parse_filters(user, args)


def test_queue_pending_first_oldest_first_with_counts(reviewer, queue_of_five):
    result = review.queue(reviewer, filters_for(reviewer))
    assert [a.id for a in result.items] == [queue_of_five[i].id for i in (0, 2, 4, 1, 3)]
    assert result.total == 5 and result.pending == 3


@pytest.mark.parametrize(
    "args, expected",
    [
        ({"status": "pending"}, [0, 2, 4]),
        ({"status": "approved"}, [1]),
        ({"q": "李四"}, [3]),
        ({"q": "李"}, [3]),
        ({"q": "%"}, []),
    ],
)
def test_queue_filters(reviewer, queue_of_five, args, expected):
    result = review.queue(reviewer, filters_for(reviewer, **args))
    assert [a.id for a in result.items] == [queue_of_five[i].id for i in expected]


def test_queue_search_by_reference_and_last_four_of_id_number(reviewer, queue_of_five):
    third = queue_of_five[2]
    assert [a.id for a in review.queue(reviewer, filters_for(reviewer, q=third.reference.lower())).items] == [third.id]
    assert [a.id for a in review.queue(reviewer, filters_for(reviewer, q=third.id_number[-4:])).items] == [third.id]


def test_queue_month_filter_and_months_of_the_jurisdiction(reviewer, queue_of_five):
    month = queue_of_five[0].submitted_month
    assert review.months(reviewer) == sorted({a.submitted_month for a in queue_of_five}, reverse=True)
    assert {a.submitted_month for a in review.queue(reviewer, filters_for(reviewer, month=month)).items} == {month}


def test_queue_bad_filters_are_dropped_with_notices(reviewer):
    f = filters_for(reviewer, status="bogus", month="2026-13", county="140106", page="x")
    assert (f.status, f.month, f.county, f.page) == ("", "", "", 1) and len(f.notices) == 4


def test_queue_pages_of_twenty(reviewer):
    for n in range(23):
        make_application(person(100 + n), now=NOW - datetime.timedelta(minutes=n))
    first = review.queue(reviewer, filters_for(reviewer))
    last = review.queue(reviewer, filters_for(reviewer, page="2"))
    assert len(first.items) == 20 and len(last.items) == 3 and first.has_next and not last.has_next
    beyond = review.queue(reviewer, filters_for(reviewer, page="9"))
    assert beyond.page == 2 and "没有第9页" in beyond.filters.notices[-1]


def test_queue_page_between_pending_and_decided_keeps_pending_first_then_oldest(reviewer):
    made = [make_application(person(200 + n), now=NOW - datetime.timedelta(hours=n)) for n in range(25)]
    for application in made[5:8]:
        review.decide(reviewer, application.id, APPROVE, NOW)
    decided = {a.id for a in made[5:8]}
    by_time = sorted(made, key=lambda a: (a.submitted_at, a.id))
    expected = [a.id for a in by_time if a.id not in decided] + [a.id for a in by_time if a.id in decided]
    pages = [review.queue(reviewer, filters_for(reviewer, page=str(n))) for n in (1, 2)]
    assert [a.id for page in pages for a in page.items] == expected
    assert [len(page.items) for page in pages] == [20, 5] and pages[1].pending == 22


def test_queue_finds_a_whole_reference_and_the_beginning_of_one(reviewer, queue_of_five):
    third = queue_of_five[2]
    assert [a.id for a in review.queue(reviewer, filters_for(reviewer, q=third.reference)).items] == [third.id]
    found = review.queue(reviewer, filters_for(reviewer, q=third.reference[:-3])).items
    assert third.id in [a.id for a in found]


def test_months_of_a_city_office_are_those_of_its_offices_newest_first(dbc):
    city = make_user("taiyuan", role="reviewer", jurisdiction="140100")
    for n, (code, when) in enumerate((("140105", NOW), ("140100", NOW - datetime.timedelta(days=40)),
                                     ("140105", NOW - datetime.timedelta(days=40)),
                                     ("140213", NOW - datetime.timedelta(days=90)))):
        make_application(person(300 + n), jurisdiction=code, now=when)
    assert review.months(city) == ["2026-11", "2026-10"]
    assert review.months(make_user("admin1", role="admin")) == ["2026-11", "2026-10", "2026-08"]


def test_city_office_chooses_among_its_offices(dbc):
    city = make_user("taiyuan", role="reviewer", jurisdiction="140100")
    county = make_user("xiaodian", role="reviewer", jurisdiction="140105")
    choices = review.county_choices(city)
    assert list(choices)[:2] == ["140100", "140105"] and choices["140105"] == "太原市 小店区"
    assert review.county_choices(county) == {}
    assert filters_for(city, county="140105").county == "140105"
    assert filters_for(city, county="140213").county == "", "a county of another city"


def test_next_pending_is_the_oldest_this_reviewer_decides(reviewer, queue_of_five):
    filters = filters_for(reviewer)
    assert review.next_pending(reviewer, filters, queue_of_five[0]).id == queue_of_five[2].id
    assert review.next_pending(reviewer, filters_for(reviewer, q="周五"), queue_of_five[0]).id == queue_of_five[4].id
    city = make_user("taiyuan", role="reviewer", jurisdiction="140100")
    assert review.next_pending(city, filters_for(city), queue_of_five[0]) is None, "it only views 小店区"


def test_facts_age_months_since_school_and_earlier_applications(reviewer, dbc):
    youth = make_user("young", id_number=valid_id_number(birth="20011201"))  # 25 on 2026-12-01
    first = make_application(youth, now=NOW - datetime.timedelta(days=90), category="youth", graduation_month="2019-06")
    review.decide(reviewer, first.id, reject("照片模糊"), NOW - datetime.timedelta(days=80))
    again = make_application(youth, now=NOW, category="youth", graduation_month="2019-06")
    facts = {f.label: f for f in review.facts(again, TODAY)}
    assert facts["今天的年龄"].value.startswith("24周岁") and facts["今天的年龄"].ok is True
    assert "已离校89个月" in facts["离校时间"].value and facts["离校时间"].ok is None
    later = {f.label: f for f in review.facts(again, datetime.date(2026, 12, 5))}
    assert later["今天的年龄"].value.startswith("25周岁") and later["今天的年龄"].ok is False
    assert first.reference in facts["以前的申请"].value and "审核不通过" in facts["以前的申请"].value


def test_timeline_has_submission_decision_and_file_views_with_names(reviewer, queue_of_five):
    approved = queue_of_five[1]
    review.record_file_view(reviewer, review.attachments_of(approved)[0], NOW + datetime.timedelta(minutes=5))
    events = review.timeline(approved)
    assert [(e.label, e.who) for e in events] == [("提交申请", "钱二"), ("审核通过", "王建国"), ("查看附件", "王建国")]
    assert "身份证人像面" in events[-1].detail


def test_decide_rejection_needs_a_known_ground_and_short_details(reviewer, queue_of_five):
    pending = queue_of_five[0]
    for decision in (reject("x", "no_such_ground"), review.Decision(False, (), "只写说明"),
                     reject("长" * 201)):
        with pytest.raises(ServiceError):
            review.decide(reviewer, pending.id, decision, NOW)
    assert Application.get_by_id(pending.id).status == "pending"
    done = review.decide(reviewer, pending.id, reject("长" * 200, "in_school", "unclear_files"), NOW)
    assert done.ground_codes == ["in_school", "unclear_files"] and len(done.reason) == 200


def test_decide_on_a_decided_or_withdrawn_application_says_what_happened(reviewer, queue_of_five):
    with pytest.raises(Conflict, match=r"已由王建国于2026-11-26 10:00审核为“审核通过”"):
        review.decide(reviewer, queue_of_five[1].id, reject(), NOW)
    with pytest.raises(Conflict, match="申请人已于2026-11-26 10:00撤回"):
        review.decide(reviewer, queue_of_five[3].id, APPROVE, NOW)


def test_admin_and_a_viewing_city_office_decide_nothing(reviewer, queue_of_five):
    admin = make_user("admin1", role="admin")
    city = make_user("taiyuan", role="reviewer", jurisdiction="140100")
    for user in (admin, city):
        with pytest.raises(ServiceError, match="不归您审核"):
            review.decide(user, queue_of_five[0].id, APPROVE, NOW)
    assert Application.get_by_id(queue_of_five[0].id).status == "pending"


@pytest.mark.parametrize("repeat", range(3))
def test_two_reviewers_deciding_at_once_leave_one_decision_and_one_audit_row(app, reviewer, repeat):
    second = make_user("reviewer2", role="reviewer", jurisdiction="140105", real_name="李明")
    application = make_application(person(1))
    results = run_together(
        app,
        lambda: review.decide(reviewer, application.id, APPROVE, NOW),
        lambda: review.decide(second, application.id, reject("照片模糊"), NOW),
    )
    winners = [r for r in results if isinstance(r, Application)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    final = Application.get_by_id(application.id)
    assert final.status == winners[0].status and final.reviewed_by_id == winners[0].reviewed_by_id
    assert final.reviewed_by.real_name in losers[0].message, "the loser is told who decided"
    assert AuditLog.select().where(AuditLog.action.in_(("approve", "reject"))).count() == 1


def test_timeline_gathers_each_reviewers_file_views_of_a_day_into_one_line(reviewer, queue_of_five):
    approved = queue_of_five[1]
    front, back, diploma = review.attachments_of(approved)[:3]
    colleague = make_user("reviewer2", role="reviewer", jurisdiction="140105", real_name="李明")
    day = datetime.datetime(2026, 12, 2, 9, 5)
    views = [(reviewer, front, day), (reviewer, back, day + datetime.timedelta(hours=2)),
             (colleague, diploma, day + datetime.timedelta(hours=3)),
             (reviewer, front, day + datetime.timedelta(hours=7, minutes=35)),
             (reviewer, diploma, day + datetime.timedelta(days=1))]
    for who, attachment, at in views:
        review.record_file_view(who, attachment, at)
    events = review.timeline(approved)
    assert [(e.label, e.who, e.count) for e in events] == [
        ("提交申请", "钱二", 1), ("审核通过", "王建国", 1),
        ("查看附件", "王建国", 3), ("查看附件", "李明", 1), ("查看附件", "王建国", 1)]
    same_day = events[2]
    assert (same_day.at, same_day.until) == (day, datetime.datetime(2026, 12, 2, 16, 40))
    assert same_day.detail == "身份证人像面、身份证国徽面" and events[3].until is None
    assert AuditLog.select().where(AuditLog.action == "view_file").count() == 5, "every view stays in the log"


def test_the_same_decision_sent_again_by_its_reviewer_is_recognised(reviewer, queue_of_five):
    approved = queue_of_five[1]
    assert review.decided_alike(reviewer, approved.id, APPROVE).id == approved.id
    assert review.decided_alike(reviewer, approved.id, reject()) is None
    other = make_user("reviewer2", role="reviewer", jurisdiction="140105")
    assert review.decided_alike(other, approved.id, APPROVE) is None
    assert review.decided_alike(reviewer, queue_of_five[0].id, APPROVE) is None, "still 未审核"
