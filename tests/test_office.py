"""The offices' 见习单位, 见习岗位, 批量导入 and 统计 over HTTP, and who may open or change what."""
import csv
import datetime
import io
import re

import pytest

from jianxi.db import db
from jianxi.models import AuditLog, Employer, Favorite, ImportDraft, Position
from jianxi.services import favorites, imports
from tests import clock
from tests.conftest import text
from tests.factories import make_application, make_employer, make_position, make_user, valid_id_number
from tests.services.test_favorites import trainee
from tests.services.test_imports import as_csv, code, row
from tests.services.test_office import GOOD_POSITION

TODAY = clock.today()


@pytest.fixture
def world(app):
    """An employer and a position in 小店区 (county) and in 太原市市本级 (city); one trainee's favorite."""
    with app.app_context(), db.connection_context():
        made = {}
        for name, region in (("county", "140105"), ("city", "140100")):
            employer = make_employer(region=region, credit_code=code(f"MA0K0000{len(made)}", region))
            made[name] = (employer, make_position(employer, region=region, title=f"{name}岗位"))
        person = trainee(7)
        favorites.add(person, made["county"][1].id, clock.now())
    return made


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


def test_register_employer_mistakes_by_field_keeping_input_then_saved_and_listed(client, auth, dbc):
    auth.login(role="reviewer", jurisdiction="140105")
    form = {"name": "山西新单位有限公司", "credit_code": "9114010512345678XA", "address": "长风街9号",
            "contact_person": "", "phone": "电话"}
    r = client.post("/review/employers/new", data=form)
    body = text(r)
    assert r.status_code == 422 and "<title>错误：登记见习单位" in body
    for field, message in (("credit_code", "校验位不正确"), ("contact_person", "请填写联系人"), ("phone", "只能包含数字")):
        assert re.search(rf'id="{field}-error">.*?{message}', body), field
    assert 'value="山西新单位有限公司"' in body and 'value="长风街9号"' in body
    r = client.post("/review/employers/new", data={**form, "credit_code": code("MA0K00042").lower(),
                                                   "contact_person": "王女士", "phone": "0351-7654321"})
    assert r.status_code == 303 and Employer.get(Employer.name == "山西新单位有限公司").credit_code == code("MA0K00042")
    assert "山西新单位有限公司" in text(client.get(r.headers["Location"]))


def test_city_office_chooses_among_its_offices_a_county_office_cannot(client, auth, dbc):
    auth.login(role="reviewer", jurisdiction="140100")
    page = text(client.get("/review/employers/new"))
    assert re.search(r'<select[^>]* id="region"', page) and '<option value="140105">太原市 小店区</option>' in page
    client.post("/logout")
    auth.login(username="county1", role="reviewer", jurisdiction="140105")
    assert not re.search(r'<select[^>]* id="region"', text(client.get("/review/employers/new")))


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


def test_closing_soon_is_marked_in_the_public_search_and_detail(client, dbc):
    soon = make_position(title="快截止岗位", deadline=TODAY + datetime.timedelta(days=7))
    make_position(title="慢截止岗位", deadline=TODAY + datetime.timedelta(days=8))
    body = text(client.get("/positions/?q=截止岗位"))
    assert body.count("即将截止") == 1 and body.index("即将截止") > body.index("快截止岗位")
    assert "即将截止" in text(client.get(f"/positions/{soon.id}"))


def test_import_upload_dry_run_then_confirm_and_again_unchanged(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        employer = make_employer(region="140105", credit_code=code("MA0K00077"))
    assert "见习单位统一社会信用代码,岗位编号" in client.get("/review/import/template.csv").data.decode("utf-8-sig")
    bad = as_csv([row("G1", employer.credit_code), row("G2", employer.credit_code, duration_months="30")])
    r = client.post("/review/import", data={"file": (io.BytesIO(bad), "岗位.csv")}, content_type="multipart/form-data")
    body = text(r)
    assert r.status_code == 422 and "第3行" in body and "见习期限（月）" in body and "确认导入" not in body
    good = as_csv([row("G1", employer.credit_code), row("G2", employer.credit_code)])
    r = client.post("/review/import", data={"file": (io.BytesIO(good), "岗位.csv")}, content_type="multipart/form-data")
    assert "新增 <strong>2</strong>" in text(r) and Position.select().count() == 0
    token = re.search(r'name="token" value="([^"]+)"', text(r)).group(1)
    r = client.post("/review/import/confirm", data={"token": token})
    assert "已导入：新增 2 个岗位" in text(r) and Position.select().count() == 2
    twice = client.post("/review/import/confirm", data={"token": token})
    assert twice.status_code == 409 and Position.select().count() == 2
    r = client.post("/review/import", data={"file": (io.BytesIO(good), "岗位.csv")}, content_type="multipart/form-data")
    assert r.status_code == 200 and "未变化 <strong>2</strong>" in text(r) and "<title>错误" not in text(r)


def test_confirming_a_file_with_errors_writes_nothing_with_its_own_token_or_a_forged_one(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        employer = make_employer(region="140105", credit_code=code("MA0K00099"))
        before = AuditLog.select().count()
    bad = as_csv([row("H1", employer.credit_code), row("H2", employer.credit_code, openings="0")])
    dry_run = client.post("/review/import", data={"file": (io.BytesIO(bad), "岗位.csv")},
                          content_type="multipart/form-data")
    assert dry_run.status_code == 422 and "确认导入" not in text(dry_run)
    with app.app_context(), db.connection_context():
        own_token = ImportDraft.get().token  # the page offers no form, but the upload was kept
    own = client.post("/review/import/confirm", data={"token": own_token})
    assert own.status_code == 422 and "第3行" in text(own) and "已导入" not in text(own)
    forged = client.post("/review/import/confirm", data={"token": "0" * 32})
    assert forged.status_code == 409 and "找不到要确认的文件" in text(forged)
    with app.app_context(), db.connection_context():
        assert Position.select().count() == 0 and AuditLog.select().count() == before


def test_import_command_with_progress_and_errors(app, dbc, tmp_path):
    employer = make_employer(region="140105", credit_code=code("MA0K00088"))
    path = tmp_path / "positions.csv"
    path.write_bytes(as_csv([row("H1", employer.credit_code), row("H2", "9114010500000000XX")]))
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["import-positions", str(path)])
    assert failed.exit_code != 0 and "错误 1" in failed.output and "第3行" in failed.output
    path.write_bytes(as_csv([row("H1", employer.credit_code), row("H2", employer.credit_code)]))
    assert "未导入" in runner.invoke(args=["import-positions", str(path), "--dry-run"]).output
    done = runner.invoke(args=["import-positions", str(path)])
    assert done.exit_code == 0 and "新增 2 个岗位" in done.output and Position.select().count() == 2
    assert AuditLog.select().where(AuditLog.actor.is_null() & (AuditLog.action == "create")).count() == 2


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


# 岗位编号, 结束招募 for 其他, the import's preview and 统计 over a period (issue 19)

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


def test_import_dry_run_previews_titles_and_quotes_each_wrong_value(client, auth, app):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        employer = make_employer(region="140105", credit_code=code("MA0K00066"))
        first = as_csv([row("K1", employer.credit_code, title="已有岗位")])
        imports.apply(imports.plan(imports.read(first), TODAY), clock.now())
    good = as_csv([row("K1", employer.credit_code, title="已有岗位", openings="4"), row("K2", employer.credit_code)])
    r = client.post("/review/import", data={"file": (io.BytesIO(good), "岗位.csv")}, content_type="multipart/form-data")
    body = text(r)
    preview = re.search(r'<table class="list stacked" aria-labelledby="preview-title">(.*?)</table>', body, re.S).group(1)
    cells = re.findall(r'<td data-label="([^"]+)">([^<]*)</td>', preview)
    assert cells == [("行号", "第2行"), ("岗位编号", "K1"), ("岗位名称", "已有岗位"), ("新增/更新", "更新"),
                     ("变化", "招收人数：2 → 4"), ("行号", "第3行"), ("岗位编号", "K2"), ("岗位名称", "岗位K2"),
                     ("新增/更新", "新增"), ("变化", "—")]
    bad = as_csv([row("K3", employer.credit_code, openings="两个"), row("K4", employer.credit_code, deadline="")])
    r = client.post("/review/import", data={"file": (io.BytesIO(bad), "岗位.csv")}, content_type="multipart/form-data")
    cells = re.findall(r'<td data-label="([^"]+)">([^<]*)</td>', text(r))
    assert cells == [("行号", "第2行"), ("列", "招收人数"), ("填写的内容", "两个"), ("问题", "招收人数应为1到9999之间的整数"),
                     ("行号", "第3行"), ("列", "有效期至"), ("填写的内容", "（空）"), ("问题", "有效期至应为日期，如 2027-06-30")]
    assert "preview-title" not in text(r), "nothing to preview while the file has errors"


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
