"""One application over HTTP (review/decisions.py): its page with the facts, files and timeline, 审核通过
and 审核不通过 each confirmed first, with and without htmx, a decision someone else made first, and who may
open or decide what, files and the export included."""
import csv
import datetime
import io
import re

import pytest

from jianxi.db import db
from jianxi.models import Application, AuditLog
from jianxi.services import applications, review
from tests import clock
from tests.factories import PDF, application_data, make_attachment, make_user, person, valid_id_number
from tests.support import text

REJECTION = {"grounds": ["unclear_files", "in_school"], "details": "身份证照片反光"}


# Who may open what, over every review URL, the files and the export

ACTORS = {
    "county": dict(role="reviewer", jurisdiction="140105"),
    "other_county": dict(role="reviewer", jurisdiction="140106"),
    "city": dict(role="reviewer", jurisdiction="140100"),
    "other_city": dict(role="reviewer", jurisdiction="140200"),
    "admin": dict(role="admin"),
    "applicant": dict(role="applicant", id_number=valid_id_number(birth="20010101", sequence="888")),
}
VIEW = {"county": {"xiaodian"}, "city": {"xiaodian", "city"}, "other_city": {"datong"}, "admin": {"xiaodian", "city", "datong"}}
DECIDE = {"county": {"xiaodian"}, "city": {"city"}}


@pytest.mark.parametrize("actor", list(ACTORS) + ["anonymous"])
def test_access_matrix_over_pages_posts_files_and_export(client, auth, desk, actor):
    if actor != "anonymous":
        auth.login(username=f"u_{actor}", **ACTORS[actor])
    staff = actor in ("county", "other_county", "city", "other_city", "admin")
    targets = {"xiaodian": desk["xiaodian"][0], "city": desk["city"], "datong": desk["datong"]}
    for name, application in targets.items():
        viewable, decidable = name in VIEW.get(actor, set()), name in DECIDE.get(actor, set())
        page = client.get(f"/review/applications/{application.id}")
        expected = 200 if viewable else 404 if staff else 403 if actor == "applicant" else 302
        assert page.status_code == expected, (name, "page")
        attachment = review.attachments_of(application)[0]
        file_status = client.get(f"/files/{attachment.id}").status_code
        assert file_status == (302 if actor == "anonymous" else 200 if viewable else 404), (name, "file")
        rejected = client.post(f"/review/applications/{application.id}/reject", data={**REJECTION, "confirmed": "1"})
        expected = 303 if decidable else 403 if viewable else 404 if staff else 403 if actor == "applicant" else 302
        assert rejected.status_code == expected, (name, "reject")
        approved = client.post(f"/review/applications/{application.id}/approve")
        assert approved.status_code == (409 if decidable else expected), (name, "approve")
        assert Application.get_by_id(application.id).status == ("rejected" if decidable else "pending")
    export = client.get("/review/export.csv")
    if staff:
        listed = {row[0] for row in csv.reader(io.StringIO(text(export).lstrip("\ufeff")))}
        groups = {"xiaodian": desk["xiaodian"], "city": [desk["city"]], "datong": [desk["datong"]]}
        assert listed - {"申报编号"} == {a.reference for n in VIEW.get(actor, set()) for a in groups[n]}
    else:
        assert export.status_code in (302, 403)


# The application page

def test_application_page_shows_fields_facts_files_and_timeline(client, reviewer, desk):
    a = desk["xiaodian"][0]
    body = text(client.get(f"/review/applications/{a.id}?status=pending"))
    for value in (a.reference, a.name, a.id_number, "山西大学", "会计学", "2025-06", "13912345678", "汉族"):
        assert value in body
    assert "今天的年龄" in body and "已离校" in body and "没有，这是第一次申请" in body
    files = review.attachments_of(a)
    assert all(f'src="/files/{f.id}"' in body for f in files if f.content_type.startswith("image/"))
    assert "查看原图" in body and "提交申请" in body
    assert 'href="/review/?status=pending"' in body, "返回 keeps the queue's filters"


def test_reviewer_opening_a_file_is_audited_and_shown_on_the_timeline(client, reviewer, desk):
    a = desk["xiaodian"][0]
    attachment = review.attachments_of(a)[0]
    assert client.get(f"/files/{attachment.id}").status_code == 200
    row = AuditLog.get(AuditLog.action == "view_file")
    assert row.actor_id == reviewer.id and row.object_id == attachment.id
    assert "查看附件" in text(client.get(f"/review/applications/{a.id}"))


def test_city_office_views_a_county_application_without_decision_buttons(client, auth, desk):
    auth.login(role="reviewer", jurisdiction="140100")
    body = text(client.get(f"/review/applications/{desk['xiaodian'][0].id}"))
    assert "您可以查看，不能审核" in body and "审核通过</button>" not in body
    assert "审核通过</button>" in text(client.get(f"/review/applications/{desk['city'].id}"))


# Deciding

def test_approve_opens_the_next_pending_with_a_notice_then_the_queue(client, reviewer, desk):
    first, second, third = desk["xiaodian"]
    r = client.post(f"/review/applications/{first.id}/approve", data={"status": "pending"})
    assert r.status_code == 303
    assert r.headers["Location"] == f"/review/applications/{second.id}?decided={first.id}&status=pending"
    assert f"申报编号 {first.reference} 已审核通过。" in text(client.get(r.headers["Location"]))
    client.post(f"/review/applications/{second.id}/approve")
    r = client.post(f"/review/applications/{third.id}/approve")
    assert r.headers["Location"] == f"/review/?decided={third.id}"
    assert f"申报编号 {third.reference} 已审核通过。" in text(client.get(r.headers["Location"]))
    assert Application.get_by_id(first.id).reviewed_by_id == reviewer.id


def test_reject_without_a_ground_says_so_by_the_field(client, hx, reviewer, desk):
    a = desk["xiaodian"][0]
    r = client.post(f"/review/applications/{a.id}/reject", data={"details": "我写的说明"})
    body = text(r)
    assert r.status_code == 422 and "<title>错误：" in body and 'id="grounds-error"' in body
    assert "请至少选择一项不通过原因" in body and "我写的说明" in body
    r = hx.post(f"/review/applications/{a.id}/reject", target="dialog-slot", data={"details": "x"})
    assert r.status_code == 200 and r.headers["HX-Retarget"] == "#decision"
    assert text(r).lstrip().startswith('<section id="decision"') and "请至少选择一项不通过原因" in text(r)
    r = client.post(f"/review/applications/{a.id}/reject", data={"grounds": "unclear_files", "details": "长" * 201})
    assert r.status_code == 422 and "补充说明不能超过200个字" in text(r)
    assert Application.get_by_id(a.id).status == "pending"


def test_reject_is_confirmed_on_a_page_without_js_then_decided(client, reviewer, desk):
    a, following = desk["xiaodian"][0], desk["xiaodian"][1]
    page = text(client.get(f"/review/applications/{a.id}"))
    assert f'action="/review/applications/{a.id}/reject"' in page and 'type="checkbox"' in page
    r = client.post(f"/review/applications/{a.id}/reject", data=REJECTION)
    body = text(r)
    assert r.status_code == 200 and "确认审核不通过" in body and "上传的附件看不清" in body and "身份证照片反光" in body
    assert Application.get_by_id(a.id).status == "pending", "nothing decided before the confirmation"
    back = text(client.post(f"/review/applications/{a.id}/reject", data={**REJECTION, "edit": "1"}))
    assert 'value="unclear_files" checked' in back and 'value="in_school" checked' in back and "身份证照片反光" in back
    r = client.post(f"/review/applications/{a.id}/reject", data={**REJECTION, "confirmed": "1"})
    assert r.status_code == 303 and r.headers["Location"].startswith(f"/review/applications/{following.id}?")
    decided = Application.get_by_id(a.id)
    assert decided.status == "rejected" and decided.ground_codes == ["unclear_files", "in_school"]
    assert AuditLog.get(AuditLog.action == "reject").detail == "材料不清晰或不完整、仍在校就读；身份证照片反光"


def test_reject_with_htmx_opens_the_confirmation_dialog(hx, reviewer, desk):
    a = desk["xiaodian"][0]
    r = hx.post(f"/review/applications/{a.id}/reject", target="dialog-slot", data={**REJECTION, "q": "张"})
    body = text(r)
    assert r.headers["HX-Retarget"] == "#dialog-slot" and body.lstrip().startswith("<dialog")
    assert "data-modal" in body and "确认不通过" in body and 'name="confirmed" value="1"' in body
    assert '<input type="hidden" name="q" value="张">' in body, "the queue's filters travel on"


def test_deciding_what_someone_else_decided_first_says_who_and_changes_nothing(client, reviewer, desk, app):
    a = desk["xiaodian"][0]
    with app.app_context(), db.connection_context():
        colleague = make_user("colleague", role="reviewer", jurisdiction="140105", real_name="李明")
        review.decide(colleague, a.id, review.Decision(True), datetime.datetime(2026, 11, 27, 9, 5))
    r = client.post(f"/review/applications/{a.id}/reject", data={**REJECTION, "confirmed": "1"})
    assert r.status_code == 409 and "已由李明于2026-11-27 09:05审核为“审核通过”" in text(r)
    assert Application.get_by_id(a.id).status == "approved"


def test_deciding_a_withdrawn_application_says_it_was_withdrawn(client, reviewer, desk, app):
    a = desk["xiaodian"][0]
    with app.app_context(), db.connection_context():
        applications.withdraw(a.user, a.id, datetime.datetime(2026, 11, 27, 8, 0))
    r = client.post(f"/review/applications/{a.id}/approve")
    assert r.status_code == 409 and "申请人已于2026-11-27 08:00撤回" in text(r)


def test_csrf_approve_and_reject_need_the_token_and_a_stale_one_keeps_the_ticks(client, reviewer, desk, app):
    a = desk["xiaodian"][0]
    page = text(client.get(f"/review/applications/{a.id}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/review/applications/{a.id}/approve").status_code == 400
        stale = client.post(f"/review/applications/{a.id}/reject", data={**REJECTION, "csrf_token": "stale"})
        assert stale.status_code == 422 and "页面已过期" in text(stale) and 'value="in_school" checked' in text(stale)
        assert Application.get_by_id(a.id).status == "pending"
        assert client.post(f"/review/applications/{a.id}/approve", data={"csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


# 审核通过 is confirmed first (issue 19)

def test_approve_is_confirmed_on_a_page_without_js_then_decided(client, reviewer, desk):
    a, following = desk["xiaodian"][0], desk["xiaodian"][1]
    page = text(client.get(f"/review/applications/{a.id}?status=pending"))
    button = re.search(rf'<form action="/review/applications/{a.id}/approve" method="get"(.*?)</form>', page, re.S)
    assert button and 'data-hx-target="#dialog-slot"' in button.group(1) and "审核通过</button>" in button.group(1)
    r = client.get(f"/review/applications/{a.id}/approve?status=pending")
    body = text(r)
    assert r.status_code == 200 and "<h1>确认审核通过</h1>" in body and f"申报编号 <strong>{a.reference}</strong>" in body
    assert re.search(rf'<form action="/review/applications/{a.id}/approve" method="post"', body)
    assert '<input type="hidden" name="status" value="pending">' in body and "确认通过</button>" in body
    assert f'href="/review/applications/{a.id}?status=pending">返回</a>' in body
    assert Application.get_by_id(a.id).status == "pending", "opening the confirmation decides nothing"
    r = client.post(f"/review/applications/{a.id}/approve", data={"status": "pending"})
    assert r.status_code == 303 and r.headers["Location"] == f"/review/applications/{following.id}?decided={a.id}&status=pending"
    assert Application.get_by_id(a.id).status == "approved"


def test_approve_with_htmx_opens_the_confirmation_in_a_dialog(hx, reviewer, desk):
    a = desk["xiaodian"][0]
    r = hx.get(f"/review/applications/{a.id}/approve?q=张", target="dialog-slot")
    body = text(r)
    assert r.status_code == 200 and body.lstrip().startswith("<dialog") and "data-modal" in body
    assert 'aria-labelledby="approve-title"' in body and "确认审核通过" in body and "确认通过</button>" in body
    assert '<input type="hidden" name="q" value="张">' in body, "the queue's filters travel on"
    assert re.search(r'<form method="dialog" class="dialog-only"><button[^>]*autofocus>返回</button>', body)
    assert {"HX-Request", "HX-Target"} <= set(r.vary)
    assert text(hx.get(f"/review/applications/{a.id}/approve", target="elsewhere")).startswith("<!doctype html>")
    assert Application.get_by_id(a.id).status == "pending"


def test_approve_double_click_decides_once_and_answers_both_alike(client, reviewer, desk):
    a = desk["xiaodian"][0]
    first = client.post(f"/review/applications/{a.id}/approve")
    second = client.post(f"/review/applications/{a.id}/approve")
    assert first.status_code == second.status_code == 303 and first.headers["Location"] == second.headers["Location"]
    assert AuditLog.select().where(AuditLog.action == "approve").count() == 1
    assert client.post(f"/review/applications/{a.id}/reject", data={**REJECTION, "confirmed": "1"}).status_code == 409
    assert Application.get_by_id(a.id).status == "approved"


def test_approve_confirmation_in_a_second_tab_says_it_is_decided_and_offers_no_button(client, reviewer, desk, app):
    a = desk["xiaodian"][0]
    with app.app_context(), db.connection_context():
        colleague = make_user("colleague", role="reviewer", jurisdiction="140105", real_name="李明")
        review.decide(colleague, a.id, review.Decision(False, ("in_school",)), datetime.datetime(2026, 11, 27, 9, 5))
    body = text(client.get(f"/review/applications/{a.id}/approve"))
    assert "已由李明于2026-11-27 09:05审核为“审核不通过”" in body and "确认通过" not in body
    r = client.post(f"/review/applications/{a.id}/approve")
    assert r.status_code == 409 and Application.get_by_id(a.id).status == "rejected"
    assert AuditLog.select().where(AuditLog.action == "approve").count() == 0


@pytest.mark.parametrize("actor, status", [("city", 403), ("other_county", 404), ("admin", 403)])
def test_approve_confirmation_only_for_the_office_that_decides(client, auth, desk, actor, status):
    auth.login(username=f"u_{actor}", **ACTORS[actor])
    assert client.get(f"/review/applications/{desk['xiaodian'][0].id}/approve").status_code == status


def test_timeline_shows_a_reviewers_file_views_of_a_day_as_one_line_and_keeps_every_row(client, reviewer, desk):
    a = desk["xiaodian"][0]
    front, back = review.attachments_of(a)[:2]
    for attachment in (front, front, back):
        assert client.get(f"/files/{attachment.id}").status_code == 200
    assert AuditLog.select().where(AuditLog.action == "view_file").count() == 3
    body = text(client.get(f"/review/applications/{a.id}"))
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', body, re.S).group(1)
    views = re.findall(r"<li>.*?</li>", timeline, re.S)
    views = [line for line in views if "查看附件" in line]
    assert len(views) == 1 and "查看附件 3 次</strong> · 王建国" in views[0]
    assert "身份证人像面、身份证国徽面" in views[0]


def test_a_pdf_is_offered_to_open_in_the_browser_and_opens_there(client, reviewer, app):
    with app.app_context(), db.connection_context():
        owner = person(30)
        files = {kind: make_attachment(owner, kind) for kind in ("id_front", "id_back")}
        files["diploma"] = make_attachment(owner, "diploma", PDF, "毕业证.pdf")
        a = applications.submit(owner, application_data(), files, "pdf-key", clock.now())
    body = text(client.get(f"/review/applications/{a.id}"))
    link = re.search(r'<p class="attachment"><a href="(/files/\d+)">学历证明：毕业证.pdf（PDF，在浏览器中查看）</a>', body)
    assert link and "下载查看" not in body
    r = client.get(link.group(1))
    assert r.data == PDF and r.headers["Content-Disposition"].startswith("inline")
