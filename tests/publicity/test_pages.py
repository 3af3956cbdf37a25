"""The public 公示 of subsidy batches: every office's batches, newest first; a batch's window,
objection contact, 补贴表 and 花名册 with the figures worked out by hand (900.00 元 a month from
小店区's 1,500 元 × 60 %, the 120.00 元 insurance refund), names masked (张三 → 张*, 李小红 → 李*红), no
ID number or phone anywhere, pages or files; a line returned by the office is not published, a held
one is set apart; the pages revalidate, so an objection shows at once."""
import csv
import datetime
import io

import openpyxl
import pytest

from jianxi.db import db
from jianxi.models import Batch, ClaimLine, User
from jianxi.services import agreement_terms, batches, claims, placements, policies
from tests import clock
from tests.factories import (
    PDF,
    filed_placement,
    make_attachment,
    make_user,
    month_record,
    placed,
    subsidy_rule,
    trainee,
    valid_id_number,
)
from tests.support import text

D = datetime.date
TODAY = D(2026, 10, 20)
NOW = datetime.datetime(2026, 10, 20, 10)
MONTHS = (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1))
CONTACT = "异议请联系小店区人社局就业科，电话 0351-1234567"
# What must never be public: the trainee's ID number (trainee 90 of the factories), and the mobile
# number every account and application of the factories carries.
ID_NUMBER, MOBILE = valid_id_number(birth="20030512", sequence="090"), "13912345678"


def _second_trainee(unit_user, unit, position, start: datetime.date, name: str):
    """Another trainee (trainee91, named `name`) placed in the same unit and position, 备案 as
    tests/factories.filed_placement files its one."""
    made = datetime.datetime.combine(start - datetime.timedelta(days=20), datetime.time(9, 30))
    person = trainee(91)
    User.update(real_name=name).where(User.id == person.id).execute()
    found = placements.unit_placement(unit, placed(unit_user, position, person, start=start, now=made).id)
    terms = agreement_terms.parse_terms(found, {"start_date": start.isoformat(), "months": "6", "allowance": "2200",
                                               "mentor": "1", "working_hours": "9-17", "duties": "测试"}, made.date())
    found = agreement_terms.change_terms(unit_user, found, terms, 1, made)
    agreement_terms.confirm(person, placements.trainee_placement(person, found.id), 2, False, made)
    agreement_terms.confirm(unit_user, placements.unit_placement(unit, found.id), 2, True, made)
    found = placements.unit_placement(unit, found.id)
    policy = policies.parse({"insurer": "中国人寿", "policy_number": "P-2", "premium": "120",
                             "starts_on": start.isoformat(), "ends_on": "2040-01-01"})
    policies.record(unit_user, found, policy, make_attachment(unit_user, "policy", PDF, "保单.pdf"), made)
    placements.submit(unit_user, placements.unit_placement(unit, found.id), made)
    placements.decide(User.get(User.username == "office_of_danwei1"), found.id, placements.FILE, "", made)
    return placements.unit_placement(unit, found.id)


def publish(second: str | None = None) -> Batch:
    """小店区's batch of one claim for July–September 2026 of 张三 (and, when named, a second trainee
    whose every line the office returned), published today."""
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6)
    people = [placement]
    if second:
        people.append(_second_trainee(unit_user, unit, placement.position, D(2026, 7, 1), second))
    for found in people:
        for month in MONTHS:
            month_record(unit_user, found, month, 20)
    [claim] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), TODAY, NOW)
    office = User.get(User.username == "office_of_danwei1")
    returned = {line.id: "未按时发放生活补助" for line in claims.lines(claim) if second and line.placement_id != placement.id}
    claims.decide(office, claim, returned, NOW)
    return batches.publish(office, CONTACT, clock.today(), clock.now())


@pytest.fixture
def published(app):
    with app.app_context(), db.connection_context():
        return publish()


def cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_list_shows_every_offices_batches_newest_first(app, client, published):
    with app.app_context(), db.connection_context():
        earlier = clock.today() - datetime.timedelta(days=30)
        Batch.create(region="140106", year=earlier.year, number=4, status="paid", contact="迎泽区就业科",
                     published_on=earlier, window_ends=earlier + datetime.timedelta(days=7),
                     paid_on=earlier + datetime.timedelta(days=9), created_at=clock.now(),
                     created_by=make_user("yingze", role="reviewer", jurisdiction="140106"))
    page = text(client.get("/publicity/"))
    assert "共 <strong>2</strong> 批" in page
    ours, theirs = page.index(f"/publicity/{published.slug}"), page.index(f"/publicity/140106-{earlier.year}-4")
    assert ours < theirs
    assert "太原市 小店区" in page[:ours + 400] and "公示中" in page[ours:theirs]
    assert "太原市 迎泽区" in page[theirs - 400:] and "已拨付" in page[theirs:]
    assert "2,820.00" in page


def test_a_batch_shows_its_window_contact_tables_and_masked_roster(app, client, published):
    page = text(client.get(f"/publicity/{published.slug}"))
    window = f"公示期：{cn(published.published_on)}至{cn(published.window_ends)}（5个工作日）"
    for words in ("太原市 小店区就业见习补贴公示", published.title, window, "0351-1234567", "补贴表", "花名册",
                  "山西晋阳软件有限公司", "2,700.00", "120.00", "<strong>2,820.00</strong>", "张*",
                  "2026年7月1日至2026年12月31日", "2026年7月—9月（3个月）"):
        assert words in page, words
    subsidy_table = page.split('id="subsidies-title"')[1].split("</table>")[0]
    cells = [cell.split(">")[-1] for cell in subsidy_table.split("</td>")[:-1]]
    assert cells[:6] == ["1", "3", "2,700.00", "0.00", "120.00", "2,820.00"]  # 人数, 人月数, the three kinds, 合计
    assert "张三" not in page and ID_NUMBER not in page and MOBILE not in page


def test_a_three_character_name_keeps_its_last_character_and_returned_people_are_not_published(app, client):
    with app.app_context(), db.connection_context():
        batch = publish(second="李小红")
        User.update(real_name="张小明").where(User.username == "trainee90").execute()
        assert ClaimLine.select().where(ClaimLine.state == "returned").count() == 4
    page = text(client.get(f"/publicity/{batch.slug}"))
    assert "张*明" in page and "张小明" not in page
    assert "李*红" not in page and "李小红" not in page  # every line of hers was returned: nothing paid, not listed
    roster = page.split('id="roster-title"')[1]
    assert roster.count("<tr>") == 2  # the header and one trainee
    assert "<strong>2,820.00</strong>" in page


def test_an_unknown_batch_is_a_404_that_says_so(client, published):
    for slug in ("140105-2026-99", "nothing", "140105-2026", "1-2-3-4"):
        r = client.get(f"/publicity/{slug}")
        assert r.status_code == 404 and "没有找到编号为" in text(r) and "补贴公示" in text(r), slug
    assert client.get("/publicity/140105-2026-99/roster.csv").status_code == 404


def test_the_downloads_hold_the_same_masked_figures_and_no_personal_numbers(client, published):
    base = f"/publicity/{published.slug}"
    found = {}
    for sheet in ("subsidies", "roster"):
        xlsx = client.get(f"{base}/{sheet}.xlsx")
        assert xlsx.status_code == 200 and "attachment;" in xlsx.headers["Content-Disposition"]
        found[f"{sheet}.xlsx"] = [[cell.value for cell in row]
                                  for row in openpyxl.load_workbook(io.BytesIO(xlsx.data)).active.iter_rows()]
        body = client.get(f"{base}/{sheet}.csv").get_data(as_text=True)
        assert body.startswith("\ufeff")
        found[f"{sheet}.csv"] = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    subsidies = ["山西晋阳软件有限公司", "1", "3", "2700.00", "0.00", "120.00", "2820.00", "0.00"]
    assert found["subsidies.csv"][1] == subsidies and found["subsidies.csv"][2][0] == "合计"
    assert found["subsidies.xlsx"][1] == ["山西晋阳软件有限公司", 1, 3, "2700.00", "0.00", "120.00", "2820.00", "0.00"]
    assert found["roster.csv"][0] == ["序号", "姓名", "见习单位", "见习期", "补贴月份", "金额（元）", "备注"]
    assert found["roster.csv"][1] == ["1", "张*", "山西晋阳软件有限公司", "2026年7月1日至2026年12月31日",
                                      "2026年7月—9月（3个月）", "2820.00", ""]
    assert found["roster.xlsx"][1][:3] == [1, "张*", "山西晋阳软件有限公司"]
    everything = repr(found)
    assert "张三" not in everything and ID_NUMBER not in everything and MOBILE not in everything


def test_the_pages_revalidate_so_an_objection_shows_at_once(app, client, published):
    url = f"/publicity/{published.slug}"
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, no-cache" and "Cookie" in first.vary
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    with app.app_context(), db.connection_context():
        september = ClaimLine.get(ClaimLine.month == D(2026, 9, 1))
        batches.object_to(User.get(User.username == "office_of_danwei1"), Batch.get_by_id(published.id), september.id,
                          "群众反映该月未到岗", clock.today(), clock.now())
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and "异议暂缓" in text(again) and "<strong>1,920.00</strong>" in text(again)
    download = client.get(f"{url}/roster.csv")
    assert download.headers["Cache-Control"] == "public, no-cache" and download.headers.get("ETag")
    assert "异议暂缓" in download.get_data(as_text=True)


def test_a_signed_in_persons_copy_stays_private(app, client, auth, published):
    auth.login()
    r = client.get(f"/publicity/{published.slug}")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "private, no-cache"
