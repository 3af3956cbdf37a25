"""花名册 over HTTP (review/roster.py): who may open it, its filters with and without htmx, the state on
the service's day, and the .xlsx and CSV downloads read back."""
import csv
import datetime
import io
import re
from urllib.parse import quote

import openpyxl
import pytest

from jianxi.db import db
from jianxi.models import AuditLog
from tests.review.roster_rows import START, placement, roster_world, trainee, unit
from tests.support import text

URLS = ("/review/roster/", "/review/roster.xlsx", "/review/roster.csv")


@pytest.fixture
def world(app):
    with app.app_context(), db.connection_context():
        return roster_world()


@pytest.fixture
def on(monkeypatch):
    """Set the service's day: on(date)."""
    from jianxi.services import clock

    return lambda day: monkeypatch.setattr(clock, "today", lambda: day)


@pytest.fixture
def county(auth, world, on):
    """小店区's office, signed in, on the first day of 王小明's placement."""
    on(START)
    return auth.login(role="reviewer", jurisdiction="140105")


def shown(body):
    """The names in the roster's table, in order."""
    return re.findall(r'<td data-label="姓名"><a href="/review/placements/\d+">([^<]+)</a></td>', body)


def sheet(response):
    """The first worksheet's rows, as values."""
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return book.active, [list(row) for row in book.active.iter_rows(values_only=True)]


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


# Who may open it

@pytest.mark.parametrize("office, names", [
    ("140105", ["李华", "周杰", "陈晓雨", "王小明"]),
    ("140100", ["李华", "周杰", "陈晓雨", "王小明", "吴芳", "郑伟"]),
    ("140107", []),
])
def test_roster_shows_the_offices_jurisdiction(client, auth, world, on, office, names):
    on(START)
    auth.login(role="reviewer", jurisdiction=office)
    body = text(client.get("/review/roster/"))
    assert shown(body) == names and f"共 <strong>{len(names)}</strong> 人" in body
    assert "冯丽" not in body and "赵敏" not in body


def test_roster_of_an_admin_is_the_whole_province(client, auth, world, on):
    on(START)
    auth.login(role="admin")
    body = text(client.get("/review/roster/"))
    assert len(shown(body)) == 7 and "冯丽" in body and "全省" in body


@pytest.mark.parametrize("url", URLS)
def test_roster_needs_office_staff(client, auth, world, url):
    assert client.get(url).status_code == 302 and "/login?next=" in client.get(url).headers["Location"]
    response = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/review/roster/"})
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login?next=/review/roster/")
    auth.login()
    assert client.get(url).status_code == 403
    client.post("/logout")
    auth.login(role="unit", username="unit_roster")
    assert client.get(url).status_code == 403


# The page

def test_roster_states_flip_on_the_start_date(client, auth, world, on):
    auth.login(role="reviewer", jurisdiction="140105")
    on(START - datetime.timedelta(days=1))
    assert shown(text(client.get("/review/roster/?state=filed"))) == ["王小明"]
    assert shown(text(client.get("/review/roster/?state=working"))) == ["李华", "周杰"]
    on(START)
    assert shown(text(client.get("/review/roster/?state=filed"))) == []
    body = text(client.get("/review/roster/?state=working"))
    assert shown(body) == ["李华", "周杰", "王小明"]
    assert "<strong>在岗 3 人</strong>" in body and 'href="/review/roster/?state=submitted">待备案 1 人</a>' in body
    assert shown(text(client.get("/review/roster/?state=submitted"))) == ["陈晓雨"]


def test_roster_rows_say_the_period_allowance_and_state_and_open_the_placement(client, county, world):
    body = text(client.get("/review/roster/"))
    assert f'<a href="/review/placements/{world["placements"]["陈晓雨"].id}">陈晓雨</a>' in body
    assert "2027-03-01 至 2027-08-31（6个月）" in body and "2,150.00" in body and "张老师" in body
    assert '<td data-label="状态">待备案</td>' in body and '<td data-label="状态">在岗</td>' in body


def test_roster_filters_by_month_and_unit_and_keeps_them_without_js(client, county, world):
    second = world["units"]["xiaodian2"]
    body = text(client.get("/review/roster/?month=2027-02"))
    assert shown(body) == ["李华", "周杰"] and "（2027年02月在册）" in body
    assert '<option value="2027-02" selected>2027年02月</option>' in body
    body = text(client.get(f"/review/roster/?unit={second.id}&month=2027-03"))
    assert shown(body) == ["周杰"] and f'<option value="{second.id}" selected>太原汾河商贸有限公司</option>' in body
    assert f'href="/review/roster.xlsx?month=2027-03&amp;unit={second.id}"' in body
    assert f'href="/review/roster.csv?month=2027-03&amp;unit={second.id}"' in body
    assert "大同云冈旅游有限公司" not in body, "only the units of the office's roster are offered"


def test_roster_fragment_for_htmx_and_page_for_unknown_target(hx, county):
    response = hx.get("/review/roster/?state=submitted", target="roster")
    assert text(response).lstrip().startswith('<section id="roster"') and shown(text(response)) == ["陈晓雨"]
    assert {"HX-Request", "HX-Target"} <= set(response.vary)
    assert text(hx.get("/review/roster/", target="elsewhere")).startswith("<!doctype html>")


def test_roster_matching_nothing_is_empty_not_an_error(client, county, world):
    response = client.get(f"/review/roster/?state=filed&month=2030-01&unit={world['units']['xiaodian'].id}")
    assert response.status_code == 200 and "没有符合条件的见习人员。" in text(response) and shown(text(response)) == []
    _, rows = sheet(client.get("/review/roster.xlsx?month=2030-01"))
    assert len(rows) == 1 and rows[0][0] == "序号"
    assert len(csv_rows(client.get("/review/roster.csv?month=2030-01"))) == 1


@pytest.mark.parametrize("query, notice", [
    ("month=2027-13", "月份无效，请按“2026-12”这样的年月选择，已显示全部月份。"),
    ("month=%27%3B--", "月份无效，请按“2026-12”这样的年月选择，已显示全部月份。"),
    ("unit=abc", "没有找到所选的见习单位（只能选择辖区内有见习人员的单位），已显示全部单位。"),
    ("unit=99999999999999999999999", "没有找到所选的见习单位（只能选择辖区内有见习人员的单位），已显示全部单位。"),
    ("state=ended", "状态无效，已显示全部状态。"),
    ("page=abc", "页码无效，已显示第1页。"),
])
def test_roster_bad_input_is_a_notice_never_an_error(client, county, query, notice):
    response = client.get(f"/review/roster/?{query}")
    assert response.status_code == 200 and notice in text(response) and len(shown(text(response))) == 4


@pytest.mark.parametrize("url", ["/review/roster.xlsx?month=2027-13", "/review/roster.csv?unit=abc&month=x"])
def test_a_download_with_an_unusable_filter_is_refused_in_words(client, county, url):
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "无法下载花名册：" in text(response) and "请回到花名册重新选择后再下载" in text(response)
    assert AuditLog.select().where(AuditLog.action == "export").count() == 0


def test_a_unit_of_another_jurisdiction_is_not_offered_nor_used(client, county, world):
    yingze = world["units"]["yingze"]
    body = text(client.get(f"/review/roster/?unit={yingze.id}"))
    assert "没有找到所选的见习单位" in body and "郑伟" not in body
    assert client.get(f"/review/roster.csv?unit={yingze.id}").status_code == 400


def test_roster_twenty_a_page_and_past_the_last(client, auth, app, on):
    on(START - datetime.timedelta(days=1))  # all 21 已备案, none started yet
    with app.app_context(), db.connection_context():
        _, position = unit("MA0KR0020")
        for n in range(21):
            placement(trainee(40 + n, f"见习{n:02d}"), position, start=START + datetime.timedelta(days=n))
    auth.login(role="reviewer", jurisdiction="140105")
    first = text(client.get("/review/roster/?state=filed"))
    assert len(shown(first)) == 20 and "第1页，共2页" in first
    assert 'href="/review/roster/?page=2&amp;state=filed"' in first
    assert shown(text(client.get("/review/roster/?state=filed&page=2"))) == ["见习20"]
    past = text(client.get("/review/roster/?page=99"))
    assert "没有第99页，已显示最后一页。" in past and "第2页，共2页" in past
    _, rows = sheet(client.get("/review/roster.xlsx?state=filed"))
    assert len(rows) == 22 and rows[-1][:2] == [21, "见习20"], "a download holds every page"


# The downloads

def test_xlsx_has_a_bold_header_text_ids_and_exact_allowances(client, county, world):
    response = client.get("/review/roster.xlsx?month=2027-03")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"roster-140105-2027-03.xlsx\"; "
        f"filename*=UTF-8''{quote('花名册_太原市小店区_2027-03.xlsx')}")
    assert "no-store" in response.headers["Cache-Control"]
    worksheet, rows = sheet(response)
    header = rows[0]
    assert header == ["序号", "姓名", "性别", "身份证号", "学历", "毕业院校", "专业", "联系电话", "见习单位",
                      "统一社会信用代码", "见习岗位", "见习开始日期", "见习结束日期", "见习期限（月）",
                      "基本生活补助（元/月）", "带教老师", "保险公司", "保单号", "状态", "备案日期"]
    assert worksheet.title == "花名册" and worksheet["A1"].font.b and worksheet.freeze_panes == "A2"
    assert worksheet.column_dimensions["D"].width > 20
    row = dict(zip(header, rows[4]))
    person = world["placements"]["王小明"].user
    assert row["姓名"] == "王小明" and row["序号"] == 4 and row["见习期限（月）"] == 6
    assert row["身份证号"] == person.id_number and isinstance(row["身份证号"], str)
    assert row["联系电话"] == "13900000002" and row["基本生活补助（元/月）"] == "2150.00"
    assert (row["见习开始日期"], row["状态"], row["备案日期"]) == ("2027-03-01", "在岗", "2027-02-22")
    assert worksheet.cell(row=5, column=4).number_format == "@"


def test_csv_starts_with_the_bom_and_holds_the_xlsx_rows(client, county):
    response = client.get("/review/roster.csv?state=working")
    assert response.is_streamed, "sent as the rows are read, not built whole first"
    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff序号,姓名".encode())
    assert f"filename*=UTF-8''{quote('花名册_太原市小店区_2027-03-01.csv')}" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    _, expected = sheet(client.get("/review/roster.xlsx?state=working"))
    assert len(rows) == len(expected) == 4
    unwrapped = [[re.sub(r'^="(.*)"$', r"\1", value) for value in row] for row in rows]
    assert unwrapped == [["" if value is None else str(value) for value in row] for row in expected]
    header = rows[0]
    assert rows[3][header.index("身份证号")].startswith('="1401') and rows[3][header.index("联系电话")] == '="13900000002"'


def test_both_downloads_neutralise_formulas_and_are_audited(client, auth, app, on):
    on(START)
    with app.app_context(), db.connection_context():
        _, position = unit("MA0KR0030", name="=HYPERLINK(\"http://evil\",\"点我\")")
        placement(trainee(70, "钱多", school="+1+2"), position, mentor="@SUM(1)")
    reviewer = auth.login(role="reviewer", jurisdiction="140105")
    _, rows = sheet(client.get("/review/roster.xlsx"))
    from_csv = csv_rows(client.get("/review/roster.csv"))
    for header, row in ((rows[0], rows[1]), (from_csv[0], from_csv[1])):
        assert row[header.index("见习单位")] == "'=HYPERLINK(\"http://evil\",\"点我\")"
        assert row[header.index("毕业院校")] == "'+1+2" and row[header.index("带教老师")] == "'@SUM(1)"
    exports = list(AuditLog.select().where(AuditLog.action == "export").order_by(AuditLog.id))
    assert [(e.actor_id, e.object_type, e.detail) for e in exports] == [
        (reviewer.id, "roster", "xlsx {}"), (reviewer.id, "roster", "csv {}")]


def test_the_office_tabs_link_the_roster(client, county):
    body = text(client.get("/review/"))
    assert '<a href="/review/roster/">花名册</a>' in body
    assert '<a href="/review/roster/" aria-current="page">花名册</a>' in text(client.get("/review/roster/"))
