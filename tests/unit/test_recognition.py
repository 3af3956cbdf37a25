"""认定 at /unit/recognition through the page: 保存草稿, 提交审核, what is missing, 退回补充 and
resubmitting, the read-only page, and 办理进度."""
import io
import re

import pytest

from jianxi.db import db
from jianxi.models import Attachment, Mentor, Recognition
from jianxi.services import recognition
from tests import clock
from tests.factories import JPEG
from tests.support import text
from tests.unit.helpers import RECOGNITION, licence_file


@pytest.fixture
def signed_in(unit_accounts, dbc):
    unit_accounts.sign_in("danwei1")
    return unit_accounts


def post(client, data=None, action="save", licence=None, **extra):
    fields = {**(RECOGNITION if data is None else data), **extra}
    if action:
        fields["action"] = action
    if licence is not None:
        fields["licence_file"] = licence
    return client.post("/unit/recognition", data=fields, content_type="multipart/form-data")


def the_recognition():
    return Recognition.get()


def test_recognition_form_offers_three_mentor_rows_and_the_licence_upload(client, signed_in):
    page = text(client.get("/unit/recognition"))
    assert "见习单位认定申请" in page and "当前状态：<strong>草稿</strong>" in page
    assert all(f'name="mentor-{n}-name"' in page for n in (1, 2, 3)) and 'name="mentor-4-name"' not in page
    assert 'type="file" id="licence" name="licence_file"' in page and 'enctype="multipart/form-data"' in page
    assert "保存草稿" in page and "提交审核" in page and "还没有办理记录" in page
    assert 'value="140105" selected' in page or 'selected value="140105"' in page, "the unit's region chosen already"


def test_recognition_save_keeps_a_partial_draft_and_the_page_shows_it(client, signed_in):
    r = post(client, {"address": "太原市小店区长治路1号", "city": "140100", "region": "140105",
                      "mentor-2-name": "张老师", "mentor-2-title": "技术总监", "mentor-2-phone": "13812345678"})
    assert r.status_code == 303 and r.headers["Location"] == "/unit/recognition?done=save"
    page = text(client.get(r.headers["Location"]))
    assert "已保存草稿" in page and 'value="太原市小店区长治路1号"' in page and 'value="张老师"' in page
    assert "保存草稿</strong> · 李经办" in page, "the unit's own saves are in its 办理进度"
    assert the_recognition().status == "draft" and Mentor.select().count() == 1


def test_recognition_submit_incomplete_saves_and_lists_what_is_missing(client, signed_in):
    r = post(client, {**RECOGNITION, "statement": "", "insured_staff": ""}, action="submit")
    body = text(r)
    assert r.status_code == 422 and "错误：认定申请" in body
    assert "已保存草稿，但还不能提交审核" in body
    for message in ("请填写参保职工人数", "请填写单位情况说明", "请上传营业执照"):
        assert message in body
    assert 'href="#licence"' in body and 'href="#statement"' in body
    assert 'value="太原市小店区长治路1号"' in body and 'value="张老师"' in body
    assert the_recognition().status == "draft" and the_recognition().address == "太原市小店区长治路1号"


def test_recognition_submit_complete_goes_to_the_office_and_the_page_turns_read_only(client, signed_in):
    r = post(client, action="submit", licence=licence_file())
    assert r.status_code == 303 and r.headers["Location"] == "/unit/recognition?done=submit"
    page = text(client.get(r.headers["Location"]))
    assert "认定申请已提交，请等待太原市 小店区的审核结果" in page and "当前状态：<strong>待审核</strong>" in page
    assert "<form action=\"/unit/recognition\"" not in page and "营业执照.pdf" in page and "技术总监" in page
    assert "提交认定申请" in page
    licence = the_recognition().licence
    assert licence.kind == "licence" and f'href="/files/{licence.id}"' in page
    assert client.get(f"/files/{licence.id}").status_code == 200
    again = post(client, action="save")
    assert again.status_code == 409 and "不能修改" in text(again)
    assert the_recognition().status == "pending"


def test_recognition_mistakes_by_row_and_a_refused_file_keep_everything_typed(client, signed_in):
    data = {**RECOGNITION, "phone": "电话", "mentor-3-name": "赵老师", "insured_staff": "很多"}
    r = post(client, data, licence=(io.BytesIO(b"not a picture"), "执照.txt"))
    body = text(r)
    assert r.status_code == 422
    assert "联系电话只能包含数字" in body and "参保职工人数应为0或正整数" in body
    assert "请填写第3位带教老师的姓名、职务和联系电话" in body and 'id="mentor-3-error"' in body
    assert "营业执照：类型不支持" in body and 'id="licence-error"' in body
    assert 'value="赵老师"' in body and 'value="很多"' in body and 'value="电话"' in body
    assert not Recognition.select().where(Recognition.phone == "电话").exists()
    assert not Attachment.select().exists()


def test_recognition_licence_is_kept_through_a_page_with_mistakes(client, signed_in):
    r = post(client, {**RECOGNITION, "phone": "电话"}, licence=licence_file(JPEG, "执照.jpg"))
    assert r.status_code == 422
    kept = re.search(r'name="licence" value="(\d+)"', text(r)).group(1)
    assert "已上传" in text(r) and "执照.jpg" in text(r)
    r = post(client, {**RECOGNITION, "licence": kept}, action="submit")
    assert r.status_code == 303 and the_recognition().licence_id == int(kept)


def test_recognition_someone_elses_file_id_is_not_taken(client, signed_in, unit_accounts, app):
    unit_accounts.sign_in("other1", "MA0K2B3C7")
    post(client, licence=licence_file())
    theirs = Attachment.get().id
    unit_accounts.sign_in("danwei1")
    post(client, {**RECOGNITION, "licence": str(theirs)})
    assert Recognition.select().where(Recognition.licence == theirs).count() == 1, "only their own recognition holds it"


def test_recognition_add_a_mentor_row_without_javascript_up_to_five(client, signed_in):
    r = post(client, action=None, rows="4")
    body = text(r)
    assert r.status_code == 200 and 'name="mentor-4-name"' in body and 'value="张老师"' in body
    assert the_recognition().address == "", "adding a row saves nothing"
    body = text(post(client, action=None, rows="9"))
    assert 'name="mentor-5-name"' in body and 'name="mentor-6-name"' not in body and "添加一位带教老师" not in body


def test_recognition_returned_shows_the_office_words_then_edit_and_resubmit(client, signed_in, app):
    assert post(client, action="submit", licence=licence_file()).status_code == 303
    office = signed_in.office()
    with app.app_context(), db.connection_context():
        recognition.decide(office, the_recognition().id,
                           recognition.Decision("return", details="请补充第二位带教老师"), clock.now())
    page = text(client.get("/unit/recognition"))
    assert "退回补充" in page and "请补充第二位带教老师" in page and 'name="mentor-1-name"' in page
    assert 'value="张老师"' in page, "the application as sent, to edit"
    second = {"mentor-2-name": "钱老师", "mentor-2-title": "测试经理", "mentor-2-phone": "0351-7654322"}
    kept = str(the_recognition().licence_id)
    r = post(client, {**RECOGNITION, **second, "licence": kept}, action="submit")
    assert r.status_code == 303 and the_recognition().status == "pending" and Mentor.select().count() == 2
    page = text(client.get("/unit/recognition"))
    steps = re.findall(r"<strong>(提交认定申请|退回补充|保存草稿)</strong>", page)
    assert steps == ["保存草稿", "提交认定申请", "退回补充", "保存草稿", "提交认定申请"]


def test_recognition_refused_shows_the_grounds_and_may_be_taken_up_again(client, signed_in, app):
    post(client, action="submit", licence=licence_file())
    with app.app_context(), db.connection_context():
        recognition.decide(signed_in.office(), the_recognition().id,
                           recognition.Decision("refuse", ("no_mentor",), "带教老师不是本单位职工"), clock.now())
    page = text(client.get("/unit/recognition"))
    assert "不予认定" in page and "带教安排不足" in page and "带教老师不是本单位职工" in page
    home = text(client.get("/unit/"))
    assert "不予认定" in home and "查看原因" in home
    r = post(client, {**RECOGNITION, "licence": str(the_recognition().licence_id)}, action="submit")
    assert r.status_code == 303 and the_recognition().status == "pending"


def test_recognition_recognised_is_read_only_and_home_offers_positions(client, signed_in):
    signed_in.recognise("danwei1")
    page = text(client.get("/unit/recognition"))
    assert "当前状态：<strong>已认定</strong>" in page and "<form action=\"/unit/recognition\"" not in page
    assert "已认定</strong> · 王建国" in page
    home = text(client.get("/unit/"))
    assert "已认定" in home and 'href="/unit/positions/new"' in home


def test_recognition_a_unit_the_office_registered_has_nothing_to_apply_for(client, unit_accounts, app, dbc):
    from tests.factories import make_employer, unit_code

    make_employer(credit_code=unit_code("MA0K2B3C8"), name="小店区人民医院")
    user, account = unit_accounts.register("yiyuan", "MA0K2B3C8")
    from jianxi.services import units
    units.decide(unit_accounts.office(), account.id, True, clock.now())
    unit_accounts.sign_in("yiyuan")
    page = text(client.get("/unit/recognition"))
    assert "不需要申请认定" in page and not Recognition.select().exists()
