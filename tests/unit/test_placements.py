"""意向人员 and 见习人员 through the unit's pages: who shortlisted (never an ID number), 邀请面试 /
录用 / 不合适 with their messages and what was typed kept (a stale token too), the 见习协议 with the
minimum wage, insurance with the policy scan, 提交备案; the agreement as a page and as a PDF."""
import datetime
import io

import pytest
from pdfminer.high_level import extract_text

from jianxi.db import db
from jianxi.models import CandidateStep, Insurance, Placement
from jianxi.services import agreement_terms, favorites
from tests import clock
from tests.factories import PASSWORD, PDF, hiring_unit, minimum_wage, placed, trainee
from tests.support import text

START = clock.today() + datetime.timedelta(days=30)


@pytest.fixture
def hiring(app, client):
    """小店区's unit with a position, two trainees who shortlisted it, the unit signed in."""
    with app.app_context(), db.connection_context():
        minimum_wage("140105", 2000)
        unit_user, unit, position = hiring_unit()
        people = [trainee(1), trainee(2)]
        for n, person in enumerate(people):
            favorites.add(person, position.id, clock.now() - datetime.timedelta(hours=2 - n))
    assert client.post("/login", data={"username": "danwei1", "password": PASSWORD}).status_code == 303
    return unit_user, unit, position, people


def test_the_candidates_list_shows_the_manuals_facts_newest_first_and_no_id_number(client, hiring):
    _, _, position, people = hiring
    page = text(client.get(f"/unit/positions/{position.id}/candidates/"))
    newest, oldest = (f"/unit/positions/{position.id}/candidates/{p.id}\"" for p in reversed(people))
    assert page.index(newest) < page.index(oldest)
    for person in people:
        assert person.id_number not in page
    assert "13912345678" in page and "本科" in page and "23" in page
    assert "意向人员" in text(client.get("/unit/positions/"))


def test_an_invitation_with_mistakes_is_shown_again_with_messages_and_what_was_typed(client, hiring):
    _, _, position, people = hiring
    url = f"/unit/positions/{position.id}/candidates/{people[0].id}"
    r = client.post(url, data={"step": "invite", "invite-meet_at": "明天上午", "invite-place": "长治路1号三层",
                               "invite-note": "带简历"})
    assert r.status_code == 422
    page = text(r)
    assert "请选择面试时间（日期和时间）" in page and 'value="长治路1号三层"' in page and "带简历" in page
    assert not CandidateStep.select().exists()
    r = client.post(url, data={"step": "invite", "invite-meet_at": f"{START}T09:30", "invite-place": "长治路1号三层"})
    assert r.status_code == 303
    assert "已发送面试邀请" in text(client.get(r.headers["Location"]))


def test_a_stale_token_keeps_the_offer_typed(app, client, hiring, csrf_on):
    _, _, position, people = hiring  # signed in before the tokens are checked
    url = f"/unit/positions/{position.id}/candidates/{people[0].id}"
    r = client.post(url, data={"step": "offer", "offer-start_date": START.isoformat(), "offer-note": "欢迎加入",
                               "offer-csrf_token": "stale"})
    assert r.status_code == 422
    page = text(r)
    assert "页面已过期" in page and START.isoformat() in page and "欢迎加入" in page
    assert not CandidateStep.select().exists()


def test_an_offer_and_unsuitable_reach_the_person(app, client, hiring):
    _, _, position, people = hiring
    base = f"/unit/positions/{position.id}/candidates/"
    assert client.post(base + str(people[0].id), data={"step": "offer", "offer-start_date": START.isoformat()}).status_code == 303
    r = client.post(base + str(people[1].id), data={"step": "unsuitable", "unsuitable-reason": "other"})
    assert r.status_code == 422 and "请填写具体说明" in text(r)
    r = client.post(base + str(people[1].id), data={"step": "unsuitable", "unsuitable-reason": "major",
                                                   "unsuitable-details": "需要计算机相关专业"})
    assert r.status_code == 303
    listing = text(client.get(base))
    assert "录用：待答复" in listing and "不合适" in listing
    with app.app_context(), db.connection_context():
        kinds = {(s.user_id, s.kind) for s in CandidateStep.select()}
    assert kinds == {(people[0].id, "offer"), (people[1].id, "unsuitable")}


def _placement(app, hiring) -> Placement:
    unit_user, _, position, people = hiring
    with app.app_context(), db.connection_context():
        return placed(unit_user, position, people[0], start=START)


AGREEMENT = {"start_date": START.isoformat(), "months": "6", "allowance": "2200", "mentor": "1",
             "working_hours": "周一至周五 9:00-17:00", "duties": "参与软件测试。", "terms": "每周三下午集中培训", "version": "1"}


def test_the_agreement_refuses_an_allowance_below_the_minimum_wage_and_keeps_the_form(app, client, hiring):
    placement = _placement(app, hiring)
    url = f"/unit/placements/{placement.id}/agreement/edit"
    form = text(client.get(url))
    assert "张老师（技术总监）" in form and "2200.00" in form
    r = client.post(url, data=AGREEMENT | {"allowance": "1800"})
    assert r.status_code == 422
    page = text(r)
    assert "基本生活补助不能低于太原市 小店区的月最低工资标准 2,000.00 元" in page and "每周三下午集中培训" in page
    r = client.post(url, data=AGREEMENT)
    assert r.status_code == 303
    with app.app_context(), db.connection_context():
        saved = Placement.get_by_id(placement.id)
    assert (saved.version, saved.allowance_fen, saved.terms) == (2, 220000, "每周三下午集中培训")


def test_confirm_insure_and_submit_through_the_pages(app, client, hiring):
    placement = _placement(app, hiring)
    client.post(f"/unit/placements/{placement.id}/agreement/edit", data=AGREEMENT)
    page = f"/unit/placements/{placement.id}"
    assert "见习协议须由单位和见习人员双方确认当前版本" in text(client.get(page))
    assert client.post(f"{page}/confirm", data={"version": "1"}).status_code == 409  # an older version than shown
    assert client.post(f"{page}/confirm", data={"version": "2"}).status_code == 303
    r = client.post(f"{page}/insurance", data={"insurer": "中国人寿", "policy_number": "P-1", "premium": "120",
                                               "starts_on": START.isoformat(), "ends_on": "2000-01-01"})
    assert r.status_code == 422 and "保险止期不能早于起期" in text(r)
    r = client.post(f"{page}/insurance", data={"insurer": "中国人寿", "policy_number": "P-1", "premium": "120",
                                               "starts_on": START.isoformat(), "ends_on": "2040-01-01"})
    assert r.status_code == 422 and "请上传保单" in text(r) and 'value="P-1"' in text(r)
    r = client.post(f"{page}/insurance", data={"insurer": "中国人寿", "policy_number": "P-1", "premium": "120",
                                               "starts_on": START.isoformat(), "ends_on": "2040-01-01",
                                               "scan": (io.BytesIO(b"not a file at all"), "保单.txt")})
    assert r.status_code == 422 and 'value="P-1"' in text(r)
    r = client.post(f"{page}/insurance", data={"insurer": "中国人寿", "policy_number": "P-1", "premium": "120",
                                               "starts_on": START.isoformat(), "ends_on": "2040-01-01",
                                               "scan": (io.BytesIO(PDF), "保单.pdf")})
    assert r.status_code == 303
    with app.app_context(), db.connection_context():
        assert Insurance.get().premium_fen == 12000
    assert client.post(f"{page}/submit").status_code == 409  # the trainee has not confirmed yet
    _, _, _, people = hiring
    with app.app_context(), db.connection_context():
        from jianxi.services import placements

        agreement_terms.confirm(people[0], placements.trainee_placement(people[0], placement.id), 2, False, clock.now())
    r = client.post(f"{page}/submit")
    assert r.status_code == 303 and "已提交经办机构备案" in text(client.get(r.headers["Location"]))
    assert "待备案" in text(client.get("/unit/placements/"))


def test_the_agreement_page_and_pdf_say_the_same(app, client, hiring):
    placement = _placement(app, hiring)
    client.post(f"/unit/placements/{placement.id}/agreement/edit", data=AGREEMENT)
    html = text(client.get(f"/unit/placements/{placement.id}/agreement"))
    r = client.get(f"/unit/placements/{placement.id}/agreement.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "attachment" in r.headers["Content-Disposition"]
    pdf = extract_text(io.BytesIO(r.data))
    flat = "".join(pdf.split())
    for words in ("就业见习协议书", "甲方（见习单位）：山西晋阳软件有限公司", "乙方（见习人员）：", "基本生活补助2,200.00元",
                  f"自{START:%Y年%m月%d日}起", "带教老师：张老师", "每周三下午集中培训", "不构成劳动关系", "第2版"):
        assert words in flat, words
        assert words in "".join(html.split()), words
    _, _, _, people = hiring
    assert people[0].id_number not in pdf and people[0].id_number[:6] + "********" in pdf


def test_the_units_home_counts_its_trainees_by_what_they_wait_for(app, client, hiring):
    _placement(app, hiring)
    home = text(client.get("/unit/"))
    assert "共 1 人，其中在岗 0 人" in home and "待签协议或退回修改 1 人" in home and "待备案 0 人" in home
