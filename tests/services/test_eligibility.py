"""Who may apply (services/eligibility.py): 离校2年内未就业高校毕业生 and 16–24岁失业青年, judged
on a given day, each refusal with its reason and, when the person meets it, the other category."""
import datetime

import pytest

from jianxi.services import eligibility
from jianxi.services.errors import NotEligible

NOW = datetime.datetime(2026, 11, 26, 10, 0)


@pytest.mark.parametrize("month, ok", [("2026-11", True), ("2024-11", True), ("2024-10", False), ("2019-06", False)])
def test_graduates_within_two_years(month, ok):
    run = lambda: eligibility.check("graduate", datetime.date(2003, 5, 12), month, NOW.date())  # noqa: E731
    if ok:
        run()
    else:
        with pytest.raises(NotEligible) as error:
            run()
        assert "离校已超过2年" in error.value.message and "16–24岁失业青年" in error.value.advice


@pytest.mark.parametrize(
    "birth, ok",
    [
        (datetime.date(2010, 11, 26), True),  # 16 today
        (datetime.date(2010, 11, 27), False),  # 16 tomorrow
        (datetime.date(2001, 11, 27), True),  # 24, 25 tomorrow
        (datetime.date(2001, 11, 26), False),  # 25 today
    ],
)
def test_youth_aged_16_to_24_today(birth, ok):
    run = lambda: eligibility.check("youth", birth, "2020-06", NOW.date())  # noqa: E731
    if ok:
        run()
    else:
        with pytest.raises(NotEligible, match="周岁"):
            run()


def test_a_refusal_suggests_the_other_category_only_when_the_person_meets_it():
    with pytest.raises(NotEligible) as too_old:  # 30, and graduated long ago: neither category
        eligibility.check("graduate", datetime.date(1996, 5, 12), "2018-06", NOW.date())
    assert "16–24岁失业青年" not in too_old.value.advice and "公共就业服务机构" in too_old.value.advice
    with pytest.raises(NotEligible) as graduate:  # 30 but graduated this year: the other one
        eligibility.check("youth", datetime.date(1996, 5, 12), "2026-06", NOW.date())
    assert "您符合“离校2年内未就业高校毕业生”的条件" in graduate.value.advice


def test_both_categories_are_judged_as_soon_as_their_facts_are_known():
    unknown = eligibility.assess(datetime.date(2003, 5, 12), "", NOW.date())
    assert unknown["graduate"].met is None and unknown["youth"].met is True and "23周岁" in unknown["youth"].reason
    later = eligibility.assess(datetime.date(2003, 5, 12), "2027-06", NOW.date())
    assert later["graduate"].met is False and "尚未毕业" in later["graduate"].reason
