"""个人中心 over HTTP (me/views.py): 未审核 and the progress of the latest application, 我的办件 with its
filters and htmx fragments, what was submitted, 撤回 in a dialog or on a page, and a decision in plain words."""
import datetime
import re

import pytest

from jianxi.db import db
from jianxi.models import Application
from jianxi.services import applications, review
from tests.factories import make_application, make_user, valid_id_number
from tests.support import text


@pytest.fixture
def applicant(auth, app):
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    return user


@pytest.fixture
def history(app, applicant):
    """A withdrawn application from September, a rejected one from October, a pending one now."""
    with app.app_context(), db.connection_context():
        reviewer = make_user("reviewer1", role="reviewer", jurisdiction="140105")
        september = make_application(applicant, now=datetime.datetime(2026, 9, 3, 9))
        applications.withdraw(applicant, september.id, datetime.datetime(2026, 9, 4))
        october = make_application(applicant, now=datetime.datetime(2026, 10, 8, 9))
        rejection = review.Decision(approve=False, grounds=("unclear_files",), details="学历证明照片不清晰")
        review.decide(reviewer, october.id, rejection, datetime.datetime(2026, 10, 9))
        pending = make_application(applicant, now=datetime.datetime(2026, 11, 20, 9))
    return {"withdrawn": september, "rejected": october, "pending": pending}


def test_me_shows_pending_under_weishenhe(client, history):
    body = text(client.get("/me/"))
    assert "未审核" in body and history["pending"].reference in body
    assert history["rejected"].reference not in body


def test_my_applications_lists_all_newest_first(client, history):
    body = text(client.get("/me/applications"))
    refs = re.findall(r"<dd>(JX\d+)</dd>", body)
    assert refs == [history[k].reference for k in ("pending", "rejected", "withdrawn")]
    assert "学历证明照片不清晰" in body, "a rejected one shows the reason"
    assert body.count(">撤回<") == 1, "only the pending one can be withdrawn"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=pending", ["pending"]),
        ("status=rejected", ["rejected"]),
        ("status=withdrawn", ["withdrawn"]),
        ("status=approved", []),
        ("month=2026-10", ["rejected"]),
        ("status=withdrawn&month=2026-09", ["withdrawn"]),
        ("status=bogus&month=1999-01", ["pending", "rejected", "withdrawn"]),
    ],
)
def test_my_applications_filter_by_status_and_month(client, history, query, expected):
    body = text(client.get(f"/me/applications?{query}"))
    assert re.findall(r"<dd>(JX\d+)</dd>", body) == [history[k].reference for k in expected]


def test_my_applications_month_choices_are_the_months_applied(client, history):
    body = text(client.get("/me/applications"))
    assert re.findall(r'<option value="(\d{4}-\d\d)"', body) == ["2026-11", "2026-10", "2026-09"]


def test_my_applications_list_fragment_for_htmx(hx, history):
    r = hx.get("/me/applications?status=rejected", target="applications")
    body = text(r)
    assert body.lstrip().startswith('<section id="applications"') and "<html" not in body
    assert {"HX-Request", "HX-Target"} <= set(r.vary)


def test_my_applications_unknown_target_gets_page(hx, history):
    body = text(hx.get("/me/applications", target="elsewhere"))
    assert body.startswith("<!doctype html>")


def test_me_fragment_without_sign_in_gets_401(hx, dbc):
    r = hx.get("/me/applications", headers={"HX-Current-URL": "http://localhost/me/applications"})
    assert r.status_code == 401 and r.headers["HX-Redirect"] == "/login?next=/me/applications"


def test_withdraw_confirmation_page_without_js(client, history):
    pending = history["pending"]
    body = text(client.get(f"/me/applications/{pending.id}/withdraw"))
    assert "确认撤回" in body and f'action="/me/applications/{pending.id}/withdraw"' in body and 'method="post"' in body
    r = client.post(f"/me/applications/{pending.id}/withdraw", data={"status": "pending", "month": ""})
    assert r.status_code == 303 and "status=pending" in r.headers["Location"]
    page = text(client.get(r.headers["Location"]))
    assert f"申报编号 {pending.reference} 已撤回" not in page, "filtered to pending, so it is gone from the list"
    assert Application.get_by_id(pending.id).status == "withdrawn"
    assert "已撤回" in text(client.get(f"/me/applications?withdrawn={pending.reference}"))


def test_withdraw_dialog_fragment_and_htmx_confirm_updates_list(hx, history):
    pending = history["pending"]
    r = hx.get(f"/me/applications/{pending.id}/withdraw", target="dialog-slot")
    assert text(r).lstrip().startswith("<dialog") and "data-modal" in text(r) and "确认撤回" in text(r)
    r = hx.post(f"/me/applications/{pending.id}/withdraw", target="applications")
    body = text(r)
    assert body.lstrip().startswith('<section id="applications"')
    assert f"申报编号 {pending.reference} 已撤回" in body and ">撤回<" not in body


def test_withdraw_not_pending_says_why(client, hx, history):
    rejected = history["rejected"]
    r = client.post(f"/me/applications/{rejected.id}/withdraw")
    assert r.status_code == 409 and "审核不通过" in text(r) and "不能撤回" in text(r)
    r = hx.post(f"/me/applications/{rejected.id}/withdraw", target="applications")
    assert r.status_code == 200 and "不能撤回" in text(r)


def test_withdraw_someone_elses_is_404(client, app, applicant):
    with app.app_context(), db.connection_context():
        theirs = make_application(make_user("lisi"))
    assert client.get(f"/me/applications/{theirs.id}/withdraw").status_code == 404
    assert client.post(f"/me/applications/{theirs.id}/withdraw").status_code == 404
    assert Application.get_by_id(theirs.id).status == "pending"


def test_csrf_withdraw_requires_token(client, history, app):
    pending = history["pending"]
    page = text(client.get(f"/me/applications/{pending.id}/withdraw"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/me/applications/{pending.id}/withdraw").status_code == 400
        assert Application.get_by_id(pending.id).status == "pending"
        assert client.post(f"/me/applications/{pending.id}/withdraw", data={"csrf_token": token}).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_applicant_opens_what_they_submitted_from_both_lists(client, auth, app):
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    with app.app_context(), db.connection_context():
        application = make_application(user)
    url = f"/me/applications/{application.id}"
    assert f'href="{url}"' in text(client.get("/me/")) and f'href="{url}"' in text(client.get("/me/applications"))
    page = text(client.get(url))
    for shown in ("山西大学", "会计学", "2025-06", "离校2年内未就业高校毕业生", "13912345678", "山西省太原市小店区",
                  "太原市小店区长风街1号", "小店区", "身份证人像面", "学历证明", application.reference):
        assert shown in page, shown
    assert page.count('href="/files/') == 4 and "********" in page


def test_someone_elses_application_is_not_found(client, auth, app):
    with app.app_context(), db.connection_context():
        other = make_user("lisi", id_number=valid_id_number(birth="20020101", sequence="456"))
        application = make_application(other)
    auth.login(id_number=valid_id_number(birth="20030512"))
    assert client.get(f"/me/applications/{application.id}").status_code == 404


# What the applicant is told of the office's decision

def test_applicant_sees_grounds_in_plain_words_what_to_do_and_progress(client, auth, app):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        a = make_application(owner)
        office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
        decision = review.Decision(False, ("labour_contract",), "合同尚未解除")
        review.decide(office, a.id, decision, datetime.datetime(2026, 11, 20, 15, 0))
    body = text(client.get("/me/applications"))
    assert "审核不通过" in body and "审核日期</dt><dd>2026-11-20" in body
    assert "已签订劳动合同" in body and "属于已就业" in body and "怎么办：如果劳动合同已经解除" in body
    assert "经办人员补充说明：合同尚未解除" in body
    assert re.search(r"提交申请</strong> <time[^>]*>.*?审核不通过</strong> <time[^>]*>2026-11-20 15:00", body, re.S)
    me = text(client.get("/me/"))
    assert "最近的办件" in me and "已签订劳动合同" in me and "就业见习人员申请</a>" in me


def test_approved_person_is_told_they_are_a_trainee(client, auth, app):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        a = make_application(owner)
        office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
        review.decide(office, a.id, review.Decision(True), datetime.datetime(2026, 11, 21, 9, 0))
    body = text(client.get("/me/"))
    assert "您已是就业见习人员" in body and "2026-11-21审核通过" in body and "见习岗位录入及维护</a>" in body
    assert "审核通过</strong> <time" in body


def test_pending_progress_names_the_office(client, auth, app):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        make_application(owner, jurisdiction="140100")
    body = text(client.get("/me/"))
    assert "等待审核</strong>（太原市市本级的经办人员审核中）" in body
