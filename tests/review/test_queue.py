"""审核工作台 over HTTP (review/queue.py): the office's queue, its filters with and without htmx, who
may open it, and the spreadsheet export."""
import csv
import io
import re

from jianxi.db import db
from jianxi.models import AuditLog
from tests.factories import make_application, person
from tests.support import text


def refs(body):
    return re.findall(r">(JX\d+)</a>", body)


def test_queue_lists_pending_oldest_first_with_count_and_waiting_time(client, reviewer, desk):
    body = text(client.get("/review/"))
    assert refs(body) == [a.reference for a in desk["xiaodian"]]
    assert "共 <strong>3</strong> 份，其中未审核 <strong>3</strong> 份" in body
    assert "已等待5天" in body and "离校2年内未就业高校毕业生" in body and "太原市 小店区" in body


def test_queue_fragment_for_htmx_and_page_for_unknown_target(hx, reviewer, desk):
    r = hx.get("/review/?q=" + desk["xiaodian"][1].reference, target="queue")
    assert text(r).lstrip().startswith('<section id="queue"') and refs(text(r)) == [desk["xiaodian"][1].reference]
    assert {"HX-Request", "HX-Target"} <= set(r.vary)
    assert text(hx.get("/review/", target="elsewhere")).startswith("<!doctype html>")


def test_queue_without_js_keeps_filters_in_form_and_links(client, reviewer, desk):
    body = text(client.get("/review/?status=pending&q=张三"))
    assert '<option value="pending" selected>' in body and 'value="张三"' in body
    first = desk["xiaodian"][0]
    body = text(client.get(f"/review/?status=pending&q={first.id_number[-4:]}"))
    assert f'href="/review/applications/{first.id}?status=pending&amp;q={first.id_number[-4:]}"' in body


def test_queue_needs_office_staff(client, auth, desk):
    assert client.get("/review/").status_code == 302
    r = client.get("/review/", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/review/?status=pending"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/review/?status%3Dpending"
    auth.login()
    assert client.get("/review/").status_code == 403


def test_reviewer_home_names_the_jurisdiction(client, auth, dbc):
    auth.login(role="reviewer", jurisdiction="140105")
    assert "太原市 小店区" in text(client.get("/review/"))


# Export

def test_export_is_utf8_with_bom_and_id_numbers_as_text_and_audited(client, reviewer, desk):
    r = client.get("/review/export.csv?status=pending")
    assert r.mimetype == "text/csv" and r.data.startswith("\ufeff申报编号".encode())
    assert "attachment" in r.headers["Content-Disposition"] and "no-store" in r.headers["Cache-Control"]
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    header, first = rows[0], rows[1]
    assert len(rows) == 4 and first[header.index("申报编号")] == desk["xiaodian"][0].reference
    assert first[header.index("身份证号码")] == f'="{desk["xiaodian"][0].id_number}"'
    assert first[header.index("业务办理属地")] == "太原市 小店区"
    assert AuditLog.get(AuditLog.action == "export").actor_id == reviewer.id


def test_export_neutralises_formulas_in_free_text(client, auth, app):
    with app.app_context(), db.connection_context():
        make_application(person(1), school="=HYPERLINK(\"http://evil\")")
    auth.login(role="reviewer", jurisdiction="140105")
    rows = list(csv.reader(io.StringIO(client.get("/review/export.csv").data.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("毕业院校")].startswith("'=")
