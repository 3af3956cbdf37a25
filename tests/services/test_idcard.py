import datetime

import pytest

from jianxi.services import idcard
from jianxi.services.errors import IdNumberError

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    "number, birth, gender",
    [
        ("11010519491231002X", datetime.date(1949, 12, 31), "女"),  # the standard's own example, X check digit
        ("11010119900307803x", datetime.date(1990, 3, 7), "男"),  # lower-case x accepted
        (" 1401 0520 0305 121231 ", datetime.date(2003, 5, 12), "男"),  # spaces from copy and paste
    ],
)
def test_parse_valid_numbers(number, birth, gender):
    if number.strip().startswith("1401"):
        first17 = "".join(number.split())[:17]
        number = first17 + idcard.check_digit(first17)
    parsed = idcard.parse(number, TODAY)
    assert (parsed.birth_date, parsed.gender) == (birth, gender)
    assert parsed.number == idcard.normalize(number)


@pytest.mark.parametrize(
    "number, message",
    [
        ("110105194912310021", "校验位不正确"),  # last digit changed from X
        ("110101199003078030", "校验位不正确"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100211", "应为18位"),
        ("11010519491231X02X", "前17位应为数字"),
        ("A1010519491231002X", "前17位应为数字"),
        ("", "应为18位"),
    ],
)
def test_parse_rejects_bad_shapes_and_check_digits(number, message):
    with pytest.raises(IdNumberError, match=message):
        idcard.parse(number, TODAY)


def with_check_digit(first17):
    return first17 + idcard.check_digit(first17)


@pytest.mark.parametrize(
    "first17, message",
    [
        ("14010520030230123", "出生日期不存在"),  # 30 February
        ("14010520301201123", "出生日期不正确"),  # born in the future
        ("14010518001201123", "出生日期不正确"),  # before 1900
        ("44052418800101001", "出生日期不正确"),  # the standard's 1880 example: valid digits, no living applicant
        ("14010520261126123", "出生日期不正确"),  # born today
    ],
)
def test_parse_rejects_impossible_birth_dates_even_with_right_check_digit(first17, message):
    with pytest.raises(IdNumberError, match=message):
        idcard.parse(with_check_digit(first17), TODAY)


def test_age_on_counts_birthdays():
    birth = datetime.date(2002, 11, 27)
    assert idcard.age_on(birth, datetime.date(2026, 11, 26)) == 23
    assert idcard.age_on(birth, datetime.date(2026, 11, 27)) == 24
