"""公示与拨付 on the office's desk: the next batch previewed from the approved claims and published with
its objection contact; the batch page and the public page show it; an objection in the window holds
its line (异议暂缓) and lowers the public total; payment is refused before the window ends and
taken once after it; the batch's every line downloads as .xlsx and CSV, audited.

Figures worked out by hand: 小店区's minimum wage 1,500 元 × 60 % = 900.00 元 a month, three
months and the 120.00 元 insurance refund make 2,820.00 元; September held leaves 1,920.00 元.
The service's clock is the real one: a window is put in the past by changing the batch's dates."""
import csv
import datetime
import io

import openpyxl
import pytest

from jianxi.db import db
from jianxi.models import AuditLog, Batch, ClaimLine
from jianxi.services import claims
from tests import clock
from tests.factories import PASSWORD, filed_placement, make_user, month_record, subsidy_rule
from tests.support import text

D = datetime.date
TODAY = D(2026, 10, 20)
NOW = datetime.datetime(2026, 10, 20, 10)
CONTACT = "异议请联系小店区人社局就业科，电话 0351-1234567"


def _sign_in(client, username):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 303


def cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def approved(app, client):
    """The claim of a 小店区 unit for July–September 2026, approved whole by 小店区's office (signed in)."""
    with app.app_context(), db.connection_context():
        subsidy_rule()
        unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
        for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
            month_record(unit_user, placement, month, 20)
        [claim] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), TODAY, NOW)
        office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
        claims.decide(office, claim, {}, NOW)
        september = ClaimLine.get((ClaimLine.claim == claim.id) & (ClaimLine.month == D(2026, 9, 1))).id
        make_user("taiyuan", role="reviewer", jurisdiction="140100")
    _sign_in(client, "xiaodian")
    return {"claim": claim.id, "september": september}


def _publish(client) -> tuple[str, Batch]:
    r = client.post("/review/batches/", data={"contact": CONTACT})
    assert r.status_code == 303, text(r)
    batch = Batch.select().order_by(Batch.id.desc()).first()
    return r.headers["Location"], batch


def _set_window(app, batch_id, published_on, window_ends):
    with app.app_context(), db.connection_context():
        Batch.update(published_on=published_on, window_ends=window_ends).where(Batch.id == batch_id).execute()


def test_the_next_batch_is_previewed_then_published_and_shown_to_everyone(app, client, approved):
    page = text(client.get("/review/batches/"))
    assert "下一批公示" in page and "山西晋阳软件有限公司" in page and "2,820.00" in page and "发布公示" in page
    assert "还没有发布过公示。" in page
    r = client.post("/review/batches/", data={"contact": "  "})
    assert r.status_code == 422 and "请填写异议受理方式" in text(r) and 'href="#contact"' in text(r)
    with app.app_context(), db.connection_context():
        assert Batch.select().count() == 0
        location, batch = _publish(client)
    assert location.endswith(f"/review/batches/{batch.id}?done=published")
    year = clock.today().year
    # Open for a few more days, whatever the calendar: the dates are set here, not read from the service.
    opened, ends = clock.today() - datetime.timedelta(days=1), clock.today() + datetime.timedelta(days=5)
    _set_window(app, batch.id, opened, ends)
    shown = text(client.get(location))
    for words in ("已发布公示。", f"{year}年第1批", f"{cn(opened)}至{cn(ends)}（5个工作日）", "公示中", "0351-1234567",
                  "应拨付 <strong>2,820.00 元</strong>", "张三", "登记异议（暂缓拨付）", f"/publicity/140105-{year}-1"):
        assert words in shown, words
    assert "登记拨付</button>" not in shown
    listed = text(client.get("/review/batches/"))
    assert f"/review/batches/{batch.id}" in listed and "没有已审核通过、尚未公示的补贴申请" in listed
    again = client.post("/review/batches/", data={"contact": CONTACT})
    assert again.status_code == 409 and "没有已审核通过、尚未公示的补贴申请。" in text(again)
    client.post("/logout")
    public = text(client.get(f"/publicity/140105-{year}-1"))
    assert f"公示期：{cn(opened)}至{cn(ends)}（5个工作日）" in public and "张*" in public and "2,820.00" in public
    assert f"/publicity/140105-{year}-1" in text(client.get("/publicity/"))


def test_an_objection_holds_its_line_and_lowers_the_public_total(app, client, approved):
    with app.app_context(), db.connection_context():
        _, batch = _publish(client)
    september = approved["september"]
    url = f"/review/batches/{batch.id}/objections"
    r = client.post(url, data={"line": str(september), f"reason-{september}": " "})
    assert r.status_code == 422 and "请填写异议内容" in text(r) and f'href="#reason-{september}"' in text(r)
    r = client.post(url, data={"line": str(september), f"reason-{september}": "群众反映该月未实际到岗"})
    assert r.status_code == 303 and r.headers["Location"].endswith("?done=objection")
    page = text(client.get(r.headers["Location"]))
    assert "已登记异议，该项暂缓拨付。" in page and "异议暂缓：群众反映该月未实际到岗" in page
    assert "应拨付 <strong>1,920.00 元</strong>；另有 900.00 元因异议暂缓" in page
    twice = client.post(url, data={"line": str(september), f"reason-{september}": "再次"})
    assert twice.status_code == 409 and "这一项已暂缓或不在这批公示中" in text(twice)
    client.post("/logout")
    public = text(client.get(f"/publicity/{batch.slug}"))
    assert "<strong>1,920.00</strong>" in public and "2,820.00" not in public
    assert "异议暂缓：900.00 元因公示期内收到异议暂缓拨付" in public
    assert "2026年7月—8月（2个月）" in public and "异议暂缓</td>" in public
    assert "群众反映" not in public  # what the objection said stays with the office


def test_payment_is_refused_in_the_window_and_taken_once_after_it(app, client, approved):
    with app.app_context(), db.connection_context():
        _, batch = _publish(client)
    pay = f"/review/batches/{batch.id}/pay"
    today = clock.today()
    early = client.post(pay, data={"paid_on": today.isoformat(), "voucher": "PZ-1"})
    assert early.status_code == 409 and "期满后才能登记拨付" in text(early)
    past_from, past_to = today - datetime.timedelta(days=20), today - datetime.timedelta(days=12)
    _set_window(app, batch.id, past_from, past_to)
    page = text(client.get(f"/review/batches/{batch.id}"))
    assert f"公示期已满（{cn(past_to)}），可以登记拨付" in page and "登记拨付</button>" in page
    assert "登记异议（暂缓拨付）" not in page
    late = client.post(f"/review/batches/{batch.id}/objections",
                       data={"line": str(approved["september"]), f"reason-{approved['september']}": "迟到的异议"})
    assert late.status_code == 409 and "公示期已于" in text(late)
    wrong = client.post(pay, data={"paid_on": past_to.isoformat(), "voucher": "PZ-2026-007"})
    assert wrong.status_code == 422 and "拨付日期应在公示期满" in text(wrong) and 'value="PZ-2026-007"' in text(wrong)
    r = client.post(pay, data={"paid_on": today.isoformat(), "voucher": "PZ-2026-007"})
    assert r.status_code == 303 and r.headers["Location"].endswith("?done=paid")
    page = text(client.get(r.headers["Location"]))
    assert "已登记拨付" in page and f"已于{cn(today)}拨付，凭证号 PZ-2026-007" in page and "已拨付 <strong>2,820.00 元</strong>" in page
    again = client.post(pay, data={"paid_on": today.isoformat(), "voucher": "PZ-2"})
    assert again.status_code == 409 and f"这批补贴已于{today:%Y-%m-%d}拨付，未做更改。" in text(again)
    with app.app_context(), db.connection_context():
        assert sorted(line.state for line in ClaimLine.select()) == ["paid"] * 4
        assert Batch.get_by_id(batch.id).voucher == "PZ-2026-007"
    client.post("/logout")
    assert f"已拨付（{cn(today)}）" in text(client.get(f"/publicity/{batch.slug}"))


def test_the_batch_downloads_every_line_with_full_names_and_is_audited(app, client, approved):
    with app.app_context(), db.connection_context():
        _, batch = _publish(client)
        exports = AuditLog.select().where(AuditLog.action == "export").count()
    r = client.get(f"/review/batches/{batch.id}.xlsx")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "private, no-store"
    assert "filename*=UTF-8''" in r.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(r.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["序号", "见习单位", "姓名", "补贴项目", "月份", "金额（元）", "状态", "计算依据", "退回或暂缓原因"]
    assert rows[1][:7] == [1, "山西晋阳软件有限公司", "张三", "见习补贴", "2026-07", "900.00", "已通过"]
    assert rows[1][7] == "月最低工资标准 1,500.00 元 × 60% × 整月 = 900.00 元"
    assert rows[4][3:6] == ["意外伤害保险费补贴", None, "120.00"]
    streamed = client.get(f"/review/batches/{batch.id}.csv")
    assert streamed.is_streamed, "sent as the rows are read, not built whole first"
    body = streamed.get_data(as_text=True)
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(lines) == 5 and lines[3][2:6] == ["张三", "见习补贴", "2026-09", "900.00"]
    with app.app_context(), db.connection_context():
        audited = list(AuditLog.select().where(AuditLog.action == "export").order_by(AuditLog.id))
        assert len(audited) == exports + 2
        assert {(row.object_type, row.object_id) for row in audited[-2:]} == {("batch", batch.id)}


def test_a_city_office_views_a_countys_batch_without_changing_it(app, client, approved):
    with app.app_context(), db.connection_context():
        _, batch = _publish(client)
    _sign_in(client, "taiyuan")
    page = text(client.get(f"/review/batches/{batch.id}"))
    assert "张三" in page and "登记异议（暂缓拨付）" not in page
    listed = text(client.get("/review/batches/"))  # its counties' batches; its own (市本级) has nothing to publish
    assert f"/review/batches/{batch.id}" in listed and "没有已审核通过、尚未公示的补贴申请" in listed
    september = approved["september"]
    refused = client.post(f"/review/batches/{batch.id}/objections", data={"line": str(september),
                                                                         f"reason-{september}": "异议"})
    assert refused.status_code == 403
    assert client.post(f"/review/batches/{batch.id}/pay", data={"paid_on": "2026-12-01", "voucher": "X"}).status_code == 403
    with app.app_context(), db.connection_context():
        assert ClaimLine.get_by_id(september).state == "approved"
