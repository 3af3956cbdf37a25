"""统计 over HTTP (review/stats.py): SVG bars beside tables of the same figures, the last twelve months
unless a period is asked for, wrong dates said by their fields."""
import datetime
import re

from jianxi.db import db
from jianxi.models import Favorite
from tests import clock
from tests.factories import make_application, make_user, valid_id_number
from tests.support import text

TODAY = clock.today()


def test_stats_svg_bars_and_tables_show_the_same_figures(client, auth, world):
    auth.login(role="reviewer", jurisdiction="140105")
    body = text(client.get("/review/stats"))
    charts = re.findall(r'<figure class="chart".*?</figure>', body, re.S)
    assert len(charts) == 2
    for chart in charts:
        bars = re.findall(r'<g class="bar" data-label="([^"]+)" data-value="(\d+)">', chart)
        cells = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)份</td></tr>', chart)
        assert bars and bars == cells
    assert "招募中的岗位</dt><dd>1个" in body and "岗位收藏</dt><dd>1个" in body
    assert Favorite.select().count() == 1 and "<script" not in body.split("</head>")[1]


def test_stats_default_to_the_last_twelve_months_and_split_by_category(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        make_application(person_for_stats(1), now=clock.now())
        make_application(person_for_stats(2), now=clock.now() - datetime.timedelta(days=400))  # before the period
    body = text(client.get("/review/stats"))
    eleven_months_back = TODAY.year * 12 + TODAY.month - 1 - 11
    start = datetime.date(eleven_months_back // 12, eleven_months_back % 12 + 1, 1)
    assert f'id="start" name="start" type="date" value="{start.isoformat()}"' in body
    assert f'id="end" name="end" type="date" value="{TODAY.isoformat()}"' in body
    assert f"{start.isoformat()} 至 {TODAY.isoformat()} 提交的申请" in body and "申请合计</dt><dd>1份" in body
    assert '<h3 id="by-category-title">就业见习人员申请（按人员类别）</h3>' in body
    table = re.search(r'<table class="list stacked" id="by-category" aria-labelledby="by-category-title">(.*?)</table>',
                      body, re.S).group(1)
    assert re.search(r'离校2年内未就业高校毕业生</th><td data-label="合计">1</td><td data-label="未审核">1</td>', table)
    assert re.search(r'16–24岁失业青年</th><td data-label="合计">0</td>', table)
    assert "by-office" not in body, "a county office is one office: nothing to split"


def test_stats_for_a_chosen_period_and_wrong_dates_said_by_their_fields(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140100")
    with app.app_context(), db.connection_context():
        make_application(person_for_stats(1), now=datetime.datetime(2026, 3, 10, 9), jurisdiction="140105")
        make_application(person_for_stats(2), now=datetime.datetime(2026, 4, 1, 9), jurisdiction="140100")
    body = text(client.get("/review/stats?start=2026-03-01&end=2026-03-31"))
    assert "2026-03-01 至 2026-03-31 提交的申请" in body and "申请合计</dt><dd>1份" in body
    bars = re.findall(r'<g class="bar" data-label="([^"]+)" data-value="(\d+)">', body.split('id="by-office"')[1])
    assert bars[:3] == [("市本级", "0"), ("小店区", "1"), ("迎泽区", "0")] and len(bars) == 11
    assert re.search(r'太原市 小店区</th><td data-label="合计">1</td>', body)
    r = client.get("/review/stats?start=2026-02-30&end=2026-01-01")
    body = text(r)
    assert r.status_code == 422 and "<title>错误：统计" in body and 'href="#start"' in body
    assert re.search(r'id="start-error">.*?“从”应为日期', body, re.S) and 'name="start" type="date" value=""' in body
    r = client.get("/review/stats?start=2026-05-01&end=2026-04-01")
    assert r.status_code == 422 and re.search(r'id="end-error">.*?“到”的日期不能早于“从”的日期', text(r), re.S)


def person_for_stats(n):
    return make_user(f"stats{n}", id_number=valid_id_number(birth="20030512", sequence=f"{n:03d}"))
