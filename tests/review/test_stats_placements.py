"""见习人员与补贴 over HTTP: on 统计 (review/stats.py) as of today, SVG bars beside tables of the same
figures, an office's jurisdiction only, split by unit for a county office, by office for a city
office, by city for an admin, money in 元 and by batch; and a unit's own on 单位网厅's home. Figures
counted by hand from tests/review/placement_stats_rows.py's world."""
import re

import pytest

from jianxi.db import db
from tests import clock
from tests.factories import code, register_unit
from tests.review.placement_stats_rows import claims, world
from tests.support import text

TODAY = clock.today()


@pytest.fixture
def made(app):
    with app.app_context(), db.connection_context():
        made = world(TODAY)
        made["batches"] = claims(made)
    return made


def cells(body: str, table_id: str) -> list[list[str]]:
    """The rows of a table's body, each cell's text."""
    table = re.search(rf'<table [^>]*id="{table_id}"[^>]*>(.*?)</table>', body, re.S).group(1)
    tbody = table.split("<tbody>")[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S)]


def chart(body: str, chart_id: str) -> tuple[list, list]:
    """A chart's bars (label, value) and its table's rows (label, value with its unit)."""
    figure = re.search(rf'<figure class="chart" id="{chart_id}">(.*?)</figure>', body, re.S).group(1)
    bars = re.findall(r'<g class="bar" data-label="([^"]+)" data-value="(\d+)">', figure)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)人</td></tr>', figure)
    return bars, rows


def test_stats_a_county_office_sees_its_trainees_bars_and_units(client, auth, made):
    auth.login(role="reviewer", jurisdiction="140105")
    body = text(client.get("/review/stats"))
    assert f"见习人员与补贴（截至{TODAY.isoformat()}）" in body
    assert "已上岗</dt><dd>8人" in body and "在岗</dt><dd>2人" in body
    assert "留用率</dt><dd>50.0%（留用 2 ÷ 期满和提前留用 4）" in body
    assert "见习补贴（已通过）</dt><dd>3人月，4,635.00元" in body and "见习补贴（已拨付）</dt><dd>2人月，2,055.00元" in body
    bars, rows = chart(body, "trainees")
    assert bars == rows == [("已上岗", "8"), ("在岗", "2"), ("期满", "3"), ("提前留用", "1"), ("中途退出", "2"), ("留用", "2")]
    assert cells(body, "trainees-by-unit") == [
        ["山西晋阳软件有限公司", "6", "2", "3", "0", "1", "1", "33.3%"],
        ["太原汾河商贸有限公司", "2", "0", "0", "1", "1", "1", "100.0%"],
    ]
    assert "期满尚未登记是否留用的1人计为未留用" in body
    assert "by-office" not in body and "trainees-by-city" not in body and 'id="trainees-by-area"' not in body


def test_stats_a_county_office_sees_its_money_and_batches_in_yuan(client, auth, made):
    auth.login(role="reviewer", jurisdiction="140105")
    body = text(client.get("/review/stats"))
    assert cells(body, "subsidy") == [["申报", "5", "7,215.00"], ["已通过", "3", "4,635.00"], ["已拨付", "2", "2,055.00"]]
    assert cells(body, "batches") == [
        ["2026年第2批", "公示中", "1家", "1", "2,580.00", "0.00"],
        ["2026年第1批", "已拨付", "1家", "2", "2,055.00", "2,055.00"],
    ]
    assert "不足一个月的也计1人月" in body and "<script" not in body.split("</head>")[1]


def test_stats_another_county_sees_none_of_its_neighbours(client, auth, made):
    auth.login(role="reviewer", jurisdiction="140106")
    body = text(client.get("/review/stats"))
    assert "已上岗</dt><dd>3人" in body and "留用率</dt><dd>100.0%（留用 1 ÷ 期满和提前留用 1）" in body
    assert cells(body, "trainees-by-unit") == [["山西迎泽文化传媒有限公司", "3", "2", "1", "0", "0", "1", "100.0%"]]
    assert cells(body, "subsidy") == [["申报", "1", "1,000.00"], ["已通过", "1", "1,000.00"], ["已拨付", "0", "0.00"]]
    assert cells(body, "batches") == [["2026年第1批", "公示中", "1家", "1", "1,000.00", "0.00"]]
    assert "晋阳软件" not in body and "汾河商贸" not in body


def test_stats_a_city_office_splits_by_office_with_every_office_drawn(client, auth, made):
    auth.login(role="reviewer", jurisdiction="140100")
    body = text(client.get("/review/stats"))
    assert "已上岗</dt><dd>12人" in body and "留用率</dt><dd>66.7%（留用 4 ÷ 期满和提前留用 6）" in body
    bars, rows = chart(body, "trainees-by-area")
    assert bars == rows and len(bars) == 11 and bars[:4] == [("市本级", "1"), ("小店区", "8"), ("迎泽区", "3"), ("杏花岭区", "0")]
    assert "已上岗的见习人员（按业务办理属地）" in body
    offices = cells(body, "trainees-by-office")
    assert len(offices) == 11 and offices[:3] == [
        ["太原市市本级", "1", "0", "0", "1", "0", "1", "100.0%"],
        ["太原市 小店区", "8", "2", "3", "1", "2", "2", "50.0%"],
        ["太原市 迎泽区", "3", "2", "1", "0", "0", "1", "100.0%"],
    ]
    assert offices[3] == ["太原市 杏花岭区", "0", "0", "0", "0", "0", "0", "—"]
    assert cells(body, "batches") == [
        ["2026年第2批", "太原市 小店区", "公示中", "1家", "1", "2,580.00", "0.00"],
        ["2026年第1批", "太原市 小店区", "已拨付", "1家", "2", "2,055.00", "2,055.00"],
        ["2026年第1批", "太原市 迎泽区", "公示中", "1家", "1", "1,000.00", "0.00"],
    ]
    assert "大同" not in body.split('id="trainees-title"')[1]


def test_stats_an_admin_sees_every_city(client, auth, made):
    auth.login(role="admin")
    body = text(client.get("/review/stats"))
    assert "已上岗</dt><dd>14人" in body and "留用率</dt><dd>57.1%（留用 4 ÷ 期满和提前留用 7）" in body
    bars, rows = chart(body, "trainees-by-area")
    assert bars == rows and bars[:3] == [("太原市", "12"), ("大同市", "2"), ("阳泉市", "0")] and len(bars) == 11
    cities = cells(body, "trainees-by-city")
    assert cities[1] == ["大同市", "2", "1", "1", "0", "0", "0", "0.0%"] and len(cities) == 11
    assert [row[0] for row in cells(body, "trainees-by-office")] == [
        "太原市市本级", "太原市 小店区", "太原市 迎泽区", "大同市 平城区"]
    assert cells(body, "subsidy")[2] == ["已拨付", "3", "2,955.00"]
    assert "trainees-by-unit" not in body


def test_stats_an_office_without_trainees_or_claims_says_so(client, auth, made):
    auth.login(role="reviewer", jurisdiction="140107")
    body = text(client.get("/review/stats"))
    assert "已上岗</dt><dd>0人" in body and "留用率</dt><dd>暂无期满或提前留用的见习人员" in body
    assert "暂无已上岗的见习人员。" in body and "暂无补贴申请。" in body
    assert 'id="trainees"' not in body and 'id="batches"' not in body and 'id="subsidy"' not in body


# 单位网厅's home: the unit's own figures in the same words (templates/unit/_figures.html)

def test_unit_home_shows_its_own_figures(client, auth, made):
    auth.login(username="danwei_a")
    body = text(client.get("/unit/"))
    assert "已上岗</dt><dd>6人，其中在岗2人" in body and "期满3人，提前留用0人，中途退出1人" in body
    assert "留用率</dt><dd>33.3%（留用1人 ÷ 期满和提前留用3人）" in body and "期满尚未登记是否留用的1人计为未留用" in body
    assert "见习补贴申报</dt><dd>3人月，3,345.00元" in body
    assert "已通过</dt><dd>2人月，2,055.00元" in body and "已拨付</dt><dd>2人月，2,055.00元" in body


def test_unit_home_of_another_unit_shows_only_its_own(client, auth, made):
    auth.login(username="danwei_b")
    body = text(client.get("/unit/"))
    assert "已上岗</dt><dd>2人，其中在岗0人" in body and "期满0人，提前留用1人，中途退出1人" in body
    assert "留用率</dt><dd>100.0%（留用1人 ÷ 期满和提前留用1人）" in body and "计为未留用" not in body
    assert "见习补贴申报</dt><dd>2人月，3,870.00元" in body
    assert "已通过</dt><dd>1人月，2,580.00元" in body and "已拨付</dt><dd>0人月，0.00元" in body


def test_unit_home_of_a_unit_without_trainees_says_so(client, auth, app, made):
    with app.app_context(), db.connection_context():
        register_unit("danwei_new", code("MA0KF0009"), name="山西新单位有限公司")
    auth.login(username="danwei_new")
    body = text(client.get("/unit/"))
    assert '<h2 id="figures-title">见习人员与补贴</h2>' in body and "还没有已上岗的见习人员，也没有补贴申请。" in body
    assert 'id="unit-figures"' not in body
