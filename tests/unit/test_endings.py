"""Ending a placement through the pages: the unit's 结束见习 forms (messages, what was typed kept),
期满鉴定 合格 → the trainee's 见习证明 as a page and a PDF, and anyone's check at /verify/."""
import datetime
import io

import pytest
from pdfminer.high_level import extract_text

from jianxi.db import db
from jianxi.models import Placement
from tests import clock
from tests.factories import PASSWORD, filed_placement, trainee
from tests.support import text

TODAY = clock.today()


@pytest.fixture
def completed_period(app, client):
    """A placement whose six months ended yesterday; its unit signed in."""
    with app.app_context(), db.connection_context():
        start = TODAY - datetime.timedelta(days=200)
        _, _, placement = filed_placement(start, months=6)
    assert client.post("/login", data={"username": "danwei1", "password": PASSWORD}).status_code == 303
    return placement


def test_the_unit_page_offers_the_endings_and_a_mistake_keeps_what_was_typed(client, completed_period):
    page = text(client.get(f"/unit/placements/{completed_period.id}"))
    assert "结束见习" in page and "期满鉴定" in page and "中途退出" in page
    r = client.post(f"/unit/placements/{completed_period.id}/end/leave",
                    data={"last_day": "2000-01-01", "leave_reason": "other", "leave_note": ""})
    assert r.status_code == 422
    shown = text(r)
    assert "最后见习日应在" in shown and "选择“其他”时，请写明原因" in shown and 'value="2000-01-01"' in shown
    assert client.get(f"/unit/placements/{completed_period.id}/end/nonsense").status_code == 404


def test_a_pass_gives_a_certificate_that_anyone_can_verify(app, client, completed_period):
    placement_id = completed_period.id
    r = client.post(f"/unit/placements/{placement_id}/end/assess",
                    data={"assessment": "pass", "assessment_text": "工作认真负责，按时完成见习任务。"})
    assert r.status_code == 303 and "已填写见习鉴定" in text(client.get(r.headers["Location"]))
    page = text(client.get(f"/unit/placements/{placement_id}"))
    assert "见习结束：期满" in page and "登记留用情况" in page and "见习期满，单位出具见习鉴定" in page
    with app.app_context(), db.connection_context():
        code = Placement.get_by_id(placement_id).certificate_code
    client.post("/logout")
    client.post("/login", data={"username": "trainee90", "password": PASSWORD})
    mine = text(client.get(f"/me/placements/{placement_id}"))
    assert "查看见习证明" in mine and code in mine
    certificate = text(client.get(f"/me/placements/{placement_id}/certificate"))
    assert "就业见习证明" in certificate and "经见习单位鉴定为合格" in certificate and f"/verify/{code}" in certificate
    pdf = client.get(f"/me/placements/{placement_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    words = "".join(extract_text(io.BytesIO(pdf.data)).split())
    assert "就业见习证明" in words and code in words and "工作认真负责" in words and "见习单位（盖章）" in words
    client.post("/logout")
    checked = client.get(f"/verify/{code.lower()}")
    assert checked.status_code == 200
    public = text(checked)
    assert "真实有效" in public and "张*" in public and "山西晋阳软件有限公司" in public
    with app.app_context(), db.connection_context():
        person = Placement.get_by_id(placement_id).user
    assert person.id_number not in public and person.mobile not in public and "张三" not in public
    assert client.get("/verify/?code=" + code).headers["Location"].endswith(f"/verify/{code}")
    unknown = client.get("/verify/ABCDEFGHJKMN")
    assert unknown.status_code == 404 and "没有找到证明编号" in text(unknown)


def test_the_certificate_is_the_trainees_own_and_only_for_a_pass(app, client, completed_period):
    placement_id = completed_period.id
    client.post(f"/unit/placements/{placement_id}/end/assess", data={"assessment": "fail", "assessment_text": "缺勤多。"})
    client.post("/logout")
    client.post("/login", data={"username": "trainee90", "password": PASSWORD})
    assert client.get(f"/me/placements/{placement_id}/certificate").status_code == 404
    assert "查看见习证明" not in text(client.get(f"/me/placements/{placement_id}"))
    with app.app_context(), db.connection_context():
        Placement.update(assessment="pass", certificate_code="ABCDEFGHJKMN").where(Placement.id == placement_id).execute()
        trainee(91)
    assert client.get(f"/me/placements/{placement_id}/certificate").status_code == 200
    client.post("/logout")
    client.post("/login", data={"username": "trainee91", "password": PASSWORD})
    assert client.get(f"/me/placements/{placement_id}/certificate").status_code == 404
    assert client.get(f"/me/placements/{placement_id}/certificate.pdf").status_code == 404
    client.post("/logout")
    assert client.get(f"/me/placements/{placement_id}/certificate").status_code == 302
