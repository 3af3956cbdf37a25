"""The offices' 见习单位 (services/employers.py): registered in the office's own jurisdiction under a
unique 统一社会信用代码, handed by a city office to one of its counties, every change audited."""
import pytest

from jianxi.models import AuditLog
from jianxi.services import credit_code, employers, rules
from jianxi.services.errors import Conflict, NotFound, ServiceError
from tests import clock

NOW = clock.now()


def code(area="140105", body="MA0K2B3C4"):
    return f"91{area}{body}" + credit_code.check_character(f"91{area}{body}")


def employer_data(**changes):
    values = {"name": "山西测试商贸有限公司", "credit_code": code(), "address": "长风街1号", "contact_person": "王女士",
              "phone": "0351-1234567"}
    data, errors = rules.parse_employer({**values, **changes})
    assert not errors, errors
    return data


def test_employer_created_in_own_jurisdiction_with_a_unique_code_and_audited(offices):
    county = offices["county"]
    made = employers.create(county, employer_data(), "140105", NOW)
    assert made.region_id == "140105" and made.credit_code == code()
    with pytest.raises(Conflict, match="已登记"):
        employers.create(county, employer_data(name="另一家"), "140105", NOW)
    with pytest.raises(ServiceError, match="属地"):
        employers.create(county, employer_data(credit_code=code(body="MA0K2B3C5")), "140106", NOW)
    assert AuditLog.get(AuditLog.object_type == "employer").detail.startswith("山西测试商贸有限公司")


def test_city_office_hands_a_new_employer_to_one_of_its_counties_which_keeps_it(offices):
    handed = employers.create(offices["city"], employer_data(), "140105", NOW)
    assert handed.region_id == "140105"
    with pytest.raises(ServiceError, match="您可以查看，不能修改"):
        employers.changeable(offices["city"], handed.id)
    assert employers.changeable(offices["county"], handed.id).id == handed.id
    with pytest.raises(NotFound):
        employers.viewable(offices["other_county"], handed.id)
    with pytest.raises(ServiceError):
        employers.create(offices["city"], employer_data(credit_code=code(body="MA0K2B3C6")), "140213", NOW)
    with pytest.raises(ServiceError, match="属地"):  # an admin registers nothing
        employers.create(offices["admin"], employer_data(credit_code=code(body="MA0K2B3C7")), "140105", NOW)


def test_employer_update_records_before_and_after(offices):
    made = employers.create(offices["county"], employer_data(), "140105", NOW)
    employers.update(offices["county"], made.id, employer_data(phone="13912345678"), NOW)
    row = AuditLog.get((AuditLog.object_type == "employer") & (AuditLog.action == "update"))
    assert row.detail == "联系电话：0351-1234567 → 13912345678" and row.actor_id == offices["county"].id
