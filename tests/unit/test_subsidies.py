"""A unit's monthly records and claims through its pages: the months to record on its home, a
record's messages with everything typed (and an uploaded proof) kept, the claim's figures with how
each was reached and what cannot be claimed, submitting once, and what the trainee then sees."""
import datetime
import io
import re

import pytest

from jianxi.db import db
from jianxi.models import Batch, Claim, ClaimLine, MonthRecord
from jianxi.services import batches, claims
from tests import clock
from tests.factories import JPEG, PASSWORD, filed_placement, make_user, subsidy_rule
from tests.support import text

TODAY = clock.today()
# The placement starts on the first of the month four months back: three whole months have ended.
START = (TODAY.replace(day=1) - datetime.timedelta(days=100)).replace(day=1)
MONTHS = [START]
for _ in range(2):
    MONTHS.append((MONTHS[-1] + datetime.timedelta(days=32)).replace(day=1))
KEYS = [f"{m:%Y-%m}" for m in MONTHS]


@pytest.fixture
def serving(app, client):
    """A 小店区 placement 在岗 since START (six months), the province's 60 % rule; its unit signed in."""
    with app.app_context(), db.connection_context():
        subsidy_rule()
        _, _, placement = filed_placement(START, months=6)
    assert client.post("/login", data={"username": "danwei1", "password": PASSWORD}).status_code == 303
    return placement


def _record(client, placement, key, **changes):
    data = {"days_attended": "20", "paid": "2200", "paid_on": f"{key}-28"} | changes
    return client.post(f"/unit/placements/{placement.id}/months/{key}", data=data)


def test_the_home_lists_the_months_to_record_and_a_record_removes_its_month(client, serving):
    home = text(client.get("/unit/"))
    assert "待登记的月份" in home
    for month in MONTHS:
        assert f"张三：{month.year}年{month.month}月" in home
    r = _record(client, serving, KEYS[0])
    assert r.status_code == 303, text(r)
    assert r.headers["Location"].endswith(f"/unit/placements/{serving.id}/months/?done={KEYS[0]}")
    home = text(client.get("/unit/"))
    assert f"张三：{MONTHS[0].year}年{MONTHS[0].month}月" not in home
    assert f"张三：{MONTHS[1].year}年{MONTHS[1].month}月" in home
    listed = text(client.get(f"/unit/placements/{serving.id}/months/"))
    assert "20 天" in listed and "2,200.00" in listed and "未申请" in listed


def test_a_mistake_keeps_what_was_typed_and_the_proof_uploaded(app, client, serving):
    r = client.post(f"/unit/placements/{serving.id}/months/{KEYS[0]}",
                    data={"days_attended": "99", "paid": "abc", "paid_on": "2000-01-01",
                          "proof_file": (io.BytesIO(JPEG), "工资表.jpg")},
                    content_type="multipart/form-data")
    assert r.status_code == 422
    page = text(r)
    assert "出勤天数不能超过本月见习期内的工作日数" in page
    assert "实发基本生活补助请填写数字" in page and "发放日期不能早于" in page
    assert 'value="99"' in page and 'value="abc"' in page and "已上传：工资表.jpg" in page
    kept = re.search(r'id="proof" name="proof" type="hidden" value="(\d+)"', page).group(1)
    r = _record(client, serving, KEYS[0], proof=kept)
    assert r.status_code == 303
    with app.app_context(), db.connection_context():
        assert MonthRecord.get(MonthRecord.placement == serving.id).proof_id == int(kept)
    assert client.get(f"/files/{kept}").status_code == 200  # the unit opens its own proof


def test_a_month_not_yet_ended_or_outside_the_period_cannot_be_recorded(client, serving):
    assert client.get(f"/unit/placements/{serving.id}/months/{TODAY:%Y-%m}").status_code == 404
    assert client.get(f"/unit/placements/{serving.id}/months/2001-01").status_code == 404
    assert client.get(f"/unit/placements/{serving.id}/months/nonsense").status_code == 404


def test_a_claim_shows_each_figure_and_why_others_cannot_be_claimed_then_is_submitted_once(app, client, serving):
    _record(client, serving, KEYS[0])
    _record(client, serving, KEYS[1], paid="1000")  # below 1,500 元: cannot be claimed
    quarter = f"{START.year}Q{(START.month + 2) // 3}"
    page = text(client.get(f"/unit/claims/new?quarter={quarter}"))
    assert "月最低工资标准 1,500.00 元 × 60% × 整月 = 900.00 元" in page
    assert "保费 120.00 元，未超过上限 240.00 元，按保费计 = 120.00 元" in page
    if claims.quarter(quarter).last >= MONTHS[1]:
        assert "实发生活补助 1,000.00 元低于最低工资标准 1,500.00 元" in page
    r = client.post(f"/unit/claims/new?quarter={quarter}", data={"quarter": quarter})
    assert r.status_code == 303
    shown = text(client.get(r.headers["Location"]))
    assert "补贴申请已提交" in shown and "1,020.00 元（2 项）" in shown and "待审核" in shown
    again = client.post(f"/unit/claims/new?quarter={quarter}", data={"quarter": quarter})
    assert again.status_code == 422 and "没有可以申请的补贴" in text(again)
    with app.app_context(), db.connection_context():
        assert Claim.select().count() == 1 and ClaimLine.select().count() == 2
    # The claimed month can no longer be corrected; the list says so.
    refused = _record(client, serving, KEYS[0], days_attended="19")
    assert refused.status_code == 422 and "已申请补贴，记录不能再修改" in text(refused)
    assert "已申请，不能修改" in text(client.get(f"/unit/placements/{serving.id}/months/"))


def test_a_stale_form_is_told_and_nothing_is_claimed(app, client, serving, csrf_on):
    _record(client, serving, KEYS[0])
    r = client.post("/unit/claims/new", data={"quarter": "2026Q1", "csrf_token": "stale"})
    assert r.status_code == 422 and "页面已过期" in text(r)
    with app.app_context(), db.connection_context():
        assert Claim.select().count() == 0


def test_the_trainee_and_the_unit_see_the_months_paid(app, client, serving):
    _record(client, serving, KEYS[0])
    quarter = f"{START.year}Q{(START.month + 2) // 3}"
    assert client.post("/unit/claims/new", data={"quarter": quarter}).status_code == 303
    with app.app_context(), db.connection_context():
        office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
        [claim] = Claim.select()
        now = clock.now()
        claims.decide(office, claim, {}, now)
        batch = batches.publish(office, "电话 0351-1234567", TODAY, now)
        # The window passed: its dates moved back, as the office would see them a week later.
        Batch.update(published_on=TODAY - datetime.timedelta(days=10),
                     window_ends=TODAY - datetime.timedelta(days=2)).where(Batch.id == batch.id).execute()
        batches.pay(office, Batch.get_by_id(batch.id), {"paid_on": TODAY.isoformat(), "voucher": "PZ-9"}, TODAY, now)
    unit_view = text(client.get(f"/unit/claims/{claim.id}"))
    assert "已拨付" in unit_view and "PZ-9" in unit_view
    client.post("/logout")
    client.post("/login", data={"username": "trainee90", "password": PASSWORD})
    mine = text(client.get(f"/me/placements/{serving.id}"))
    assert "每月出勤和生活补助" in mine and "已拨付" in mine and "20/" in mine
