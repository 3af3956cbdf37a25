"""统一社会信用代码 (services/credit_code.py): read as people type it, its check character verified."""
import pytest

from jianxi.services import credit_code
from jianxi.services.errors import ServiceError


@pytest.mark.parametrize("raw, expected", [
    ("9144030071526726XG", "9144030071526726XG"),  # real codes
    ("914403001922038216", "914403001922038216"),
    ("91330100716105852f", "91330100716105852F"),  # lower case is accepted, stored upper
    (" 9133 0100 7161 0585 2F ", "91330100716105852F"),
    ("91350100M000100Y43", "91350100M000100Y43"),
])
def test_credit_code_valid(raw, expected):
    assert credit_code.parse(raw) == expected


@pytest.mark.parametrize("raw, message", [
    ("9144030071526726XA", "校验位不正确"),
    ("9144030071526726X", "应为18位"),
    ("9144030071526726XGG", "应为18位"),
    ("91440300715267260I", "格式不正确"),  # I is never used
    ("0144030071526726XG", "格式不正确"),
    ("", "应为18位"),
])
def test_credit_code_invalid(raw, message):
    with pytest.raises(ServiceError, match=message):
        credit_code.parse(raw)
