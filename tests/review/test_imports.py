"""批量导入 over HTTP (review/imports.py): the upload's dry run, every bad row by line and column with
the value it gave, the confirmation, and a file confirmed twice or with errors writing nothing."""
import io
import re

from jianxi.db import db
from jianxi.models import AuditLog, ImportDraft, Position
from jianxi.services import imports
from tests import clock
from tests.factories import as_csv, code, make_employer, row
from tests.support import text

TODAY = clock.today()


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
