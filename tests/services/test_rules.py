"""The rules of the office's 见习岗位 form (services/rules.py): each mistake said by its field."""
import pytest

from jianxi.services import rules
from tests import clock
from tests.factories import GOOD_POSITION

TODAY = clock.today()


@pytest.mark.parametrize("changes, field, message", [
    ({"openings": "0"}, "openings", "招收人数应为1到9999之间的整数"),
    ({"openings": "两个"}, "openings", "招收人数"),
    ({"duration_months": "2"}, "duration_months", "见习期限应为3到12个月"),
    ({"duration_months": "13"}, "duration_months", "见习期限应为3到12个月"),
    ({"monthly_subsidy": "-1"}, "monthly_subsidy", "月补贴应为0或正整数"),
    ({"deadline": "2020-01-01"}, "deadline", "不能早于今天"),
    ({"deadline": "2027-02-30"}, "deadline", "应为日期"),
    ({"education": "phd"}, "education", "请选择学历要求"),
    ({"title": ""}, "title", "请填写岗位名称"),
    ({"title": "长" * 61}, "title", "不能超过60个字"),
])
def test_position_rules_say_what_is_wrong_by_field(changes, field, message):
    data, errors = rules.parse_position({**GOOD_POSITION, **changes}, TODAY)
    assert data is None and message in errors[field]


def test_position_rules_accept_labels_and_default_the_major():
    data, errors = rules.parse_position({**GOOD_POSITION, "education": "本科", "monthly_subsidy": "0"}, TODAY)
    assert errors == {} and data.education == "bachelor" and data.major == "专业不限" and data.monthly_subsidy == 0
