"""见习岗位 over HTTP (review/positions.py): publish and edit with each mistake by its field, 结束招募 in a
dialog or on a page, 重新开放, 意向人员 and their CSV, 岗位编号; and who may open or change what over every
URL of the office side (见习单位, 见习岗位, 批量导入, 统计)."""
import csv
import io
import re

import pytest

from jianxi.db import db
from jianxi.models import AuditLog, Employer, Position
from tests.factories import GOOD_POSITION, as_csv, code, make_employer, row
from tests.support import text

ACTORS = {
    "county": dict(role="reviewer", jurisdiction="140105"),
    "other_county": dict(role="reviewer", jurisdiction="140106"),
    "city": dict(role="reviewer", jurisdiction="140100"),
    "admin": dict(role="admin"),
    "applicant": dict(role="applicant"),
}
VIEW = {"county": {"county"}, "city": {"county", "city"}, "admin": {"county", "city"}}
CHANGE = {"county": {"county"}, "city": {"city"}}


def expected(actor, allowed: bool, viewable: bool) -> int:
    if actor == "anonymous":
        return 302
    if actor == "applicant":
        return 403
    return 200 if allowed else 403 if viewable else 404


@pytest.mark.parametrize("actor", list(ACTORS) + ["anonymous"])
def test_access_matrix_over_every_office_url_and_post(client, auth, world, actor):
    if actor != "anonymous":
        auth.login(username=f"u_{actor}", **ACTORS[actor])
    for name, (employer, position) in world.items():
        viewable, changeable = name in VIEW.get(actor, ()), name in CHANGE.get(actor, ())
        pages = {
            f"/review/positions/{position.id}": viewable,
            f"/review/employers/{employer.id}/edit": changeable,
            f"/review/positions/{position.id}/edit": changeable,
            f"/review/positions/{position.id}/close": changeable,
        }
        for url, allowed in pages.items():
            assert client.get(url).status_code == expected(actor, allowed, viewable), (name, url)
        interested = client.get(f"/review/positions/{position.id}/interested.csv").status_code
        assert interested == (expected(actor, changeable, viewable) if changeable or not viewable else 404), name
        writes = {
            f"/review/employers/{employer.id}/edit": {"name": "改了名", "credit_code": employer.credit_code,
                                                      "address": "x", "contact_person": "王", "phone": "0351-1234567"},
            f"/review/positions/{position.id}/edit": {**GOOD_POSITION, "employer": str(employer.id)},
            f"/review/positions/{position.id}/close": {"reason": "filled"},
        }
        for url, form in writes.items():
            status = client.post(url, data=form).status_code
            assert status == (303 if changeable else expected(actor, False, viewable)), (name, url)
        assert (Position.get_by_id(position.id).status == "closed") == changeable
        assert (Employer.get_by_id(employer.id).name == "改了名") == changeable
    staff = actor in ("county", "other_county", "city", "admin")
    for url in ("/review/employers/", "/review/positions/", "/review/stats", "/review/import/template.csv"):
        assert client.get(url).status_code == (200 if staff else expected(actor, False, False)), url
    offices = actor in ("county", "other_county", "city")
    for url in ("/review/employers/new", "/review/positions/new", "/review/import"):
        assert client.get(url).status_code == (200 if offices else 403 if staff else expected(actor, False, False)), url


@pytest.mark.parametrize("actor, listed", [
    ("county", {"county岗位"}), ("other_county", set()), ("city", {"county岗位", "city岗位"}),
    ("admin", {"county岗位", "city岗位"}),
])
def test_lists_show_exactly_what_the_pages_allow(client, auth, world, actor, listed):
    auth.login(username=f"u_{actor}", **ACTORS[actor])
    body = text(client.get("/review/positions/"))
    assert set(re.findall(r'href="/review/positions/\d+">(\w+岗位)</a>', body)) == listed
    employers = text(client.get("/review/employers/"))
    assert {name for name, (e, _) in world.items() if e.name in employers} == {t[:-2] for t in listed}


def test_publish_a_position_mistakes_by_field_then_it_shows_in_the_public_search(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        employer = make_employer(region="140105")
    empty = text(client.post("/review/positions/new", data={}))
    assert 'id="employer-error"' in empty and 'id="title-error"' in empty, "the employer is checked with the rest"
    form = {**GOOD_POSITION, "title": "独一无二的岗位", "employer": str(employer.id), "openings": "0",
            "duration_months": "13"}
    r = client.post("/review/positions/new", data=form)
    assert r.status_code == 422 and "招收人数应为1到9999之间的整数" in text(r) and "见习期限应为3到12个月" in text(r)
    assert 'value="独一无二的岗位"' in text(r)
    r = client.post("/review/positions/new", data={**form, "openings": "3", "duration_months": "6"})
    assert r.status_code == 303 and "已保存" in text(client.get(r.headers["Location"]))
    assert "独一无二的岗位" in text(client.get("/positions/?q=独一无二"))


def test_position_page_shows_interested_trainees_and_their_csv(client, auth, world):
    auth.login(role="reviewer", jurisdiction="140105")
    position = world["county"][1]
    body = text(client.get(f"/review/positions/{position.id}"))
    assert "意向人员" in body and "张三" in body and "13912345678" in body and "山西大学" in body
    listed = text(client.get("/review/positions/"))
    assert re.search(r'data-label="收藏人数"><span class="">1</span>', listed)
    r = client.get(f"/review/positions/{position.id}/interested.csv")
    header, first = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert r.data.startswith("\ufeff姓名".encode()) and first[:2] == ["张三", '="13912345678"']


def test_close_in_a_dialog_with_htmx_then_reopen(client, hx, auth, world):
    auth.login(role="reviewer", jurisdiction="140105")
    position = world["county"][1]
    dialog = text(hx.get(f"/review/positions/{position.id}/close", target="dialog-slot"))
    assert dialog.lstrip().startswith("<dialog") and "已招满" in dialog and "单位撤回" in dialog
    r = client.post(f"/review/positions/{position.id}/close", data={})
    assert r.status_code == 422 and "请选择结束招募的原因" in text(r)
    closing = {"reason": "other", "other_reason": "单位改制"}
    assert client.post(f"/review/positions/{position.id}/close", data=closing).status_code == 303
    assert "已结束" in text(client.get(f"/review/positions/{position.id}")) and "（其他：单位改制）" in text(client.get(f"/review/positions/{position.id}"))
    assert "county岗位" not in text(client.get("/positions/?q=county"))
    again = client.post(f"/review/positions/{position.id}/close", data=closing)
    assert again.status_code == 409 and "已经结束招募" in text(again)
    assert client.post(f"/review/positions/{position.id}/reopen").status_code == 303
    assert Position.get_by_id(position.id).status == "open"


# 岗位编号 and 结束招募 for 其他 (issue 19)

def test_reference_set_in_the_form_shown_searched_refused_twice_then_an_import_updates_it(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        employer = make_employer(region="140105", credit_code=code("MA0K00055"))
    assert re.search(r'<label for="external_ref">岗位编号</label>', text(client.get("/review/positions/new")))
    form = {**GOOD_POSITION, "title": "网上发布的岗位", "employer": str(employer.id), "external_ref": "WEB-001"}
    r = client.post("/review/positions/new", data=form)
    assert r.status_code == 303
    assert "岗位编号：WEB-001" in text(client.get(r.headers["Location"]))
    listed = text(client.get("/review/positions/?q=web-0"))
    assert re.search(r'<td data-label="岗位编号">WEB-001</td>', listed) and "共 <strong>1</strong> 个岗位" in listed
    again = client.post("/review/positions/new", data={**form, "title": "另一个岗位"})
    body = text(again)
    assert again.status_code == 422 and "<title>错误：" in body and 'href="#external_ref"' in body
    assert re.search(r'id="external_ref-error">.*?这个见习单位已有岗位编号为“WEB-001”的岗位（网上发布的岗位）', body, re.S)
    assert 'value="另一个岗位"' in body and Position.select().count() == 1
    csv_file = as_csv([row("WEB-001", employer.credit_code, title="导入后的名称")])
    r = client.post("/review/import", data={"file": (io.BytesIO(csv_file), "岗位.csv")}, content_type="multipart/form-data")
    assert "更新 <strong>1</strong>" in text(r) and "新增 <strong>0</strong>" in text(r)
    token = re.search(r'name="token" value="([^"]+)"', text(r)).group(1)
    client.post("/review/import/confirm", data={"token": token})
    assert [(p.title, p.external_ref) for p in Position.select()] == [("导入后的名称", "WEB-001")]


def test_close_for_another_reason_asks_for_it_by_its_field_then_shows_it(client, hx, auth, world):
    auth.login(role="reviewer", jurisdiction="140105")
    position = world["county"][1]
    dialog = text(hx.get(f"/review/positions/{position.id}/close", target="dialog-slot"))
    assert '<label for="other_reason">其他原因</label>' in dialog and "选择“其他”时必填" in dialog
    r = client.post(f"/review/positions/{position.id}/close", data={"reason": "other", "other_reason": " "})
    body = text(r)
    assert r.status_code == 422 and 'href="#other_reason"' in body and 'id="other_reason-error"' in body
    assert "选择“其他”时，请填写结束招募的原因" in body and 'value="other" checked' in body
    r = client.post(f"/review/positions/{position.id}/close", data={"reason": "other", "other_reason": "长" * 101})
    assert r.status_code == 422 and "不能超过100个字" in text(r) and 'value="' + "长" * 101 + '"' in text(r)
    assert Position.get_by_id(position.id).status == "open"
    r = client.post(f"/review/positions/{position.id}/close", data={"reason": "other", "other_reason": "单位搬迁"})
    assert r.status_code == 303
    assert "状态：<span class=\"status-rejected\">已结束</span>（其他：单位搬迁）" in text(client.get(f"/review/positions/{position.id}"))
    assert "（其他：单位搬迁）" in text(client.get("/review/positions/?status=closed"))
    assert AuditLog.get(AuditLog.action == "close").detail == "结束招募：其他：单位搬迁"
