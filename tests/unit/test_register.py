"""单位注册 (/unit/register) and its 业务办理归属地 select, through the pages."""
import re

from jianxi.db import db
from jianxi.models import ACCOUNT_CONFIRMED, ACCOUNT_PENDING, EMPLOYER_UNRECOGNISED, Employer, UnitAccount, User
from tests.factories import PASSWORD, make_employer, unit_code
from tests.support import text
from tests.unit.helpers import REGISTRATION


def register(client, **changes):
    return client.post("/unit/register", data={**REGISTRATION, **changes})


def account_of(app, username):
    with app.app_context(), db.connection_context():
        return UnitAccount.select(UnitAccount, Employer).join(Employer).switch(UnitAccount) \
            .join(User, on=(UnitAccount.user == User.id)).where(User.username == username).first()


def test_register_page_asks_for_the_unit_the_person_and_the_account(client, dbc):
    page = text(client.get("/unit/register"))
    for label in ("统一社会信用代码", "单位名称", "业务办理归属地（市）", "经办人姓名", "手机号码", "用户名", "确认密码"):
        assert label in page
    assert 'data-hx-get="/unit/jurisdictions"' in page and "按所选的市更新县区列表" in page


def test_register_a_new_code_confirms_the_account_signs_in_and_asks_for_recognition(client, app, dbc):
    r = register(client)
    assert r.status_code == 303 and r.headers["Location"] == "/unit/?welcome=1"
    account = account_of(app, "danwei1")
    assert account.status == ACCOUNT_CONFIRMED and account.employer.status == EMPLOYER_UNRECOGNISED
    assert account.employer.name == "山西晋阳软件有限公司" and account.employer.region_id == "140105"
    home = text(client.get(r.headers["Location"]))
    assert "注册成功，单位账号已开通" in home and "申请认定" in home and "山西晋阳软件有限公司" in home


def test_register_a_known_code_waits_for_the_office_and_shows_nothing_of_the_unit(client, app, dbc):
    kept = make_employer(credit_code=unit_code("MA0K2B3C5"), name="小店区人民医院", address="长风街9号")
    r = register(client, credit_code=kept.credit_code, unit_name="随便写的名字")
    assert r.status_code == 303
    assert account_of(app, "danwei1").status == ACCOUNT_PENDING
    home = text(client.get("/unit/?welcome=1"))
    assert "账号待确认" in home and "等待经办机构确认" in home
    assert "小店区人民医院" not in home and "长风街9号" not in home and "随便写的名字" not in home
    assert Employer.get_by_id(kept.id).name == "小店区人民医院"


def test_register_mistakes_by_field_everything_typed_kept_but_passwords(client, dbc):
    bad_code = REGISTRATION["credit_code"][:-1] + ("0" if REGISTRATION["credit_code"][-1] != "0" else "1")
    r = register(client, credit_code=bad_code, username="1x", confirm_password="another-pass", region="")
    body = text(r)
    assert r.status_code == 422 and "错误：单位注册" in body
    assert "统一社会信用代码校验位不正确" in body and "用户名为4到20位" in body and "两次输入的密码不一致" in body
    assert "请选择市本级或县区" in body
    assert f'value="{bad_code}"' in body and 'value="山西晋阳软件有限公司"' in body and 'value="李经办"' in body
    assert '<option selected value="140100">' in body or re.search(r'<option[^>]*value="140100"[^>]*selected', body)
    assert PASSWORD not in body
    assert not User.select().where(User.username == "1x").exists()


def test_register_a_taken_username_says_so_by_its_field(client, dbc):
    assert register(client).status_code == 303
    client.post("/logout")
    r = register(client, credit_code=unit_code("MA0K2B3C6"))
    assert r.status_code == 422 and "该用户名已被注册" in text(r)


def test_register_without_javascript_fills_the_counties_of_the_city_chosen(client, dbc):
    r = client.post("/unit/register", data={"credit_code": "x", "city": "140200", "refresh": "1"})
    body = text(r)
    assert r.status_code == 200 and "请修改以下问题" not in body
    assert 'value="140200"' in body and "市本级" in body and 'value="x"' in body
    assert not User.select().exists(), "refreshing the list registers nobody"


def test_jurisdictions_fragment_lists_the_citys_offices(client, dbc):
    r = client.get("/unit/jurisdictions?city=140100", headers={"HX-Request": "true", "HX-Target": "region-field"})
    body = text(r)
    assert r.status_code == 200 and "<html" not in body and 'id="region-field"' in body
    assert 'value="140100"' in body and "市本级" in body and "小店区" in body
    assert "请先选择市" in text(client.get("/unit/jurisdictions?city=nonsense"))


def test_register_attempts_are_throttled_by_address(client, dbc):
    for _ in range(10):
        register(client, username="")
    r = register(client)
    assert r.status_code == 429 and "注册尝试过于频繁" in text(r)


def test_login_lands_a_unit_account_on_its_home(client, auth, unit_accounts, dbc):
    unit_accounts.register("danwei1", "MA0K2B3C4")
    r = client.post("/login", data={"username": "danwei1", "password": PASSWORD})
    assert r.status_code == 303 and r.headers["Location"] == "/unit/"
    page = text(client.get("/unit/"))
    assert "单位网厅" in page and 'href="/unit/"' in page


def test_login_and_portal_link_to_unit_registration(client, dbc):
    assert 'href="/unit/register"' in text(client.get("/login"))
    assert 'href="/unit/register"' in text(client.get("/"))
