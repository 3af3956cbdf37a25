"""见习单位 over HTTP (review/employers.py): registering one, each mistake by its field with what was
typed kept, and the office a city office registers it for."""
import re

from jianxi.models import Employer
from tests.factories import code
from tests.support import text


def test_register_employer_mistakes_by_field_keeping_input_then_saved_and_listed(client, auth, dbc):
    auth.login(role="reviewer", jurisdiction="140105")
    form = {"name": "山西新单位有限公司", "credit_code": "9114010512345678XA", "address": "长风街9号",
            "contact_person": "", "phone": "电话"}
    r = client.post("/review/employers/new", data=form)
    body = text(r)
    assert r.status_code == 422 and "<title>错误：登记见习单位" in body
    for field, message in (("credit_code", "校验位不正确"), ("contact_person", "请填写联系人"), ("phone", "只能包含数字")):
        assert re.search(rf'id="{field}-error">.*?{message}', body), field
    assert 'value="山西新单位有限公司"' in body and 'value="长风街9号"' in body
    r = client.post("/review/employers/new", data={**form, "credit_code": code("MA0K00042").lower(),
                                                   "contact_person": "王女士", "phone": "0351-7654321"})
    assert r.status_code == 303 and Employer.get(Employer.name == "山西新单位有限公司").credit_code == code("MA0K00042")
    assert "山西新单位有限公司" in text(client.get(r.headers["Location"]))


def test_city_office_chooses_among_its_offices_a_county_office_cannot(client, auth, dbc):
    auth.login(role="reviewer", jurisdiction="140100")
    page = text(client.get("/review/employers/new"))
    assert re.search(r'<select[^>]* id="region"', page) and '<option value="140105">太原市 小店区</option>' in page
    client.post("/logout")
    auth.login(username="county1", role="reviewer", jurisdiction="140105")
    assert not re.search(r'<select[^>]* id="region"', text(client.get("/review/employers/new")))
