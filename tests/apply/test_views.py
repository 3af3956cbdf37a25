"""就业见习人员申请 over HTTP (apply/views.py): the form and its guide, eligibility told as the answers
come, each mistake by its field with everything typed and uploaded kept, upload rows, 申报成功 with and
without htmx, one application per submission, and applying again after 撤回 or 审核不通过."""
import dataclasses
import io
import pathlib
import re

import pytest

from jianxi.db import db
from jianxi.models import Application, Attachment
from jianxi.services import review
from tests import clock
from tests.factories import (
    JPEG,
    PDF,
    PNG,
    application_data,
    make_application,
    make_attachment,
    make_user,
    valid_id_number,
)
from tests.support import text

FORM = {**dataclasses.asdict(application_data()), "city": "140100"}


@pytest.fixture
def applicant(auth, app):
    return auth.login(id_number=valid_id_number(birth="20030512"))


def upload(client, kind, data=JPEG, name="证件.jpg", htmx=True):
    headers = {"HX-Request": "true", "HX-Target": f"row-{kind}"} if htmx else {}
    return client.post(
        f"/apply/attachments/{kind}",
        data={f"file_{kind}": (io.BytesIO(data), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def uploaded_id(response, kind):
    return re.search(rf'name="attachment_{kind}" value="(\d+)"', text(response)).group(1)


def full_form(client, **changes):
    data = dict(FORM, submission_key="key-1")
    for kind in ("id_front", "id_back", "diploma"):
        data[f"attachment_{kind}"] = uploaded_id(upload(client, kind), kind)
    data.update(changes)
    return data


def test_apply_needs_sign_in(client, dbc):
    assert client.get("/apply/").headers["Location"] == "/login?next=/apply/"


def test_apply_is_for_applicants_only(client, auth, dbc):
    auth.login(role="reviewer")
    assert client.get("/apply/").status_code == 403


def test_apply_form_shows_identity_from_account_and_all_fields(client, applicant):
    body = text(client.get("/apply/"))
    assert "张三" in body and "2003-05-12" in body and ">男<" in body
    assert 'name="real_name"' not in body and 'name="id_number"' not in body, "identity cannot be edited"
    assert body.count("<option value=") >= 56 and "基诺族" in body
    for field in ("education", "school", "major", "graduation_month", "category", "employment_card_no",
                  "mobile", "household", "address", "city", "jurisdiction"):
        assert f'name="{field}"' in body
    for kind in ("id_front", "id_back", "diploma", "employment_card", "other"):
        assert f'id="row-{kind}"' in body and f'name="file_{kind}"' in body
    assert 'enctype="multipart/form-data"' in body and 'data-hx-post="/apply/"' in body
    assert 'value="13912345678"' in body, "mobile pre-filled from the account"


def test_jurisdiction_fragment_for_city(client, applicant):
    r = client.get("/apply/jurisdictions?city=140200", headers={"HX-Request": "true"})
    body = text(r)
    assert "<html" not in body and '<option value="140200">市本级</option>' in body and "140105" not in body


def test_apply_without_js_city_change_redisplays_with_its_counties(client, applicant):
    r = client.post("/apply/", data=dict(FORM, city="140200", jurisdiction="", edit="1", school="我填的学校"))
    body = text(r)
    assert r.status_code == 200 and '<option value="140200">市本级</option>' in body
    assert 'value="我填的学校"' in body and 'class="error-summary"' not in body  # the inline CSS names the class


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ethnicity": ""}, "ethnicity", "请选择民族"),
        ({"ethnicity": "99"}, "ethnicity", "请选择民族"),
        ({"education": "phd"}, "education", "请选择学历"),
        ({"school": ""}, "school", "请填写毕业院校"),
        ({"major": ""}, "major", "请填写所学专业"),
        ({"graduation_month": "2025/6"}, "graduation_month", "年-月"),
        ({"graduation_month": "2030-06"}, "graduation_month", "不能晚于本月"),
        ({"category": ""}, "category", "请选择人员类别"),
        ({"mobile": "123"}, "mobile", "11位手机号码"),
        ({"household": ""}, "household", "请填写户籍所在地"),
        ({"address": "长" * 201}, "address", "不能超过200个字"),
        ({"city": ""}, "city", "请选择业务办理属地所在的市"),
        ({"jurisdiction": "140213"}, "jurisdiction", "不属于所选的市"),
        ({"jurisdiction": ""}, "jurisdiction", "请选择市本级或县区"),
    ],
)
def test_apply_each_mistake_by_its_field_and_in_summary_keeping_input(client, applicant, changes, field, message):
    r = client.post("/apply/", data=full_form(client, **changes))
    body = text(r)
    assert r.status_code == 422 and "<title>错误：就业见习人员申请" in body
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert f'href="#{field}"' in summary and message in summary
    assert re.search(rf'id="{field}-error">.*?{message}', body)
    assert 'value="山西大学"' in body or field == "school"
    assert body.count("is-done") == 3, "uploaded attachments survive the error"
    assert Application.select().count() == 0


def test_apply_missing_required_attachment_named_in_summary(client, applicant):
    data = full_form(client)
    del data["attachment_diploma"]
    body = text(client.post("/apply/", data=data))
    assert '<a href="#file_diploma">学历证明：请上传学历证明</a>' in body


def test_apply_youth_needs_employment_card_not_diploma(client, applicant):
    data = full_form(client, category="youth")
    assert "请上传就业创业证" in text(client.post("/apply/", data=data))
    data["attachment_employment_card"] = uploaded_id(upload(client, "employment_card"), "employment_card")
    assert client.post("/apply/", data=data).status_code == 303


def test_apply_success_without_js_redirects_to_bookmarkable_confirmation(client, applicant):
    r = client.post("/apply/", data=full_form(client))
    assert r.status_code == 303 and r.headers["Location"].startswith("/apply/done/JX")
    page = text(client.get(r.headers["Location"]))
    application = Application.get()
    assert "申报成功" in page and application.reference in page and "接下来" in page
    assert application.status == "pending" and application.jurisdiction_id == "140105"


def test_apply_success_with_htmx_opens_dialog(client, applicant):
    r = client.post("/apply/", data=full_form(client), headers={"HX-Request": "true", "HX-Target": "apply-form"})
    body = text(r)
    assert r.status_code == 200 and r.headers["HX-Retarget"] == "#dialog-slot"
    assert body.lstrip().startswith("<dialog") and "data-modal" in body and "申报成功" in body
    assert Application.get().reference in body


def test_apply_error_with_htmx_returns_only_the_form(client, applicant):
    r = client.post("/apply/", data=full_form(client, school=""), headers={"HX-Request": "true", "HX-Target": "apply-form"})
    body = text(r)
    assert r.status_code == 200, "htmx 2 swaps only 2xx by default"
    assert body.lstrip().startswith('<form id="apply-form"') and "<html" not in body and "请填写毕业院校" in body
    assert {"HX-Request", "HX-Target"} <= set(r.vary)


def test_apply_without_submission_key_redisplays_the_form_with_a_new_key(client, applicant):
    data = full_form(client)
    del data["submission_key"]
    r = client.post("/apply/", data=data)
    body = text(r)
    assert r.status_code == 422 and "页面已过期" in body and 'value="山西大学"' in body
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', body)
    assert key, "a fresh key, so the next submission is guarded again"
    assert Application.select().count() == 0
    assert client.post("/apply/", data=dict(data, submission_key=key.group(1))).status_code == 303


def test_apply_double_click_and_resend_make_one_application(client, applicant):
    data = full_form(client)
    first = client.post("/apply/", data=data)
    second = client.post("/apply/", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert Application.select().count() == 1


def test_apply_with_an_active_application_says_so(client, applicant):
    client.post("/apply/", data=full_form(client))
    body = text(client.get("/apply/"))
    assert "不能重复申报" in body and "撤回" in body
    r = client.post("/apply/", data=full_form(client, submission_key="another"))
    assert "不能重复申报" in text(r) and Application.select().count() == 1


def test_apply_ineligible_graduate_gets_page_with_reason_and_way_back(client, applicant):
    r = client.post("/apply/", data=full_form(client, graduation_month="2019-06"))
    body = text(r)
    assert r.status_code == 200 and "暂不符合申请条件" in body and "离校已超过2年" in body
    assert "16–24岁失业青年" in body and 'name="edit" value="1"' in body
    assert 'name="school" value="山西大学"' in body, "the way back keeps what was typed"
    assert Application.select().count() == 0


def test_apply_ineligible_youth_by_age(client, auth, dbc):
    auth.login(username="laowang", id_number=valid_id_number(birth="19950101"))
    data = full_form(client, category="youth")
    data["attachment_employment_card"] = uploaded_id(upload(client, "employment_card"), "employment_card")
    body = text(client.post("/apply/", data=data))
    assert "暂不符合申请条件" in body and "周岁" in body


def test_apply_without_js_sends_files_with_the_form(client, applicant):
    data = dict(FORM, submission_key="nojs")
    data["file_id_front"] = (io.BytesIO(JPEG), "front.jpg")
    data["file_id_back"] = (io.BytesIO(PNG), "back.png")
    data["file_diploma"] = (io.BytesIO(PDF), "毕业证.pdf")
    r = client.post("/apply/", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    kinds = {a.kind: a.content_type for a in Attachment.select()}
    assert kinds == {"id_front": "image/jpeg", "id_back": "image/png", "diploma": "application/pdf"}


def test_apply_without_js_bad_file_shown_in_its_row_others_kept(client, applicant):
    data = dict(FORM, submission_key="nojs")
    data["file_id_front"] = (io.BytesIO(JPEG), "front.jpg")
    data["file_id_back"] = (io.BytesIO(b"MZ\x90\x00 not an image"), "back.jpg")
    body = text(client.post("/apply/", data=data, content_type="multipart/form-data"))
    assert "类型不支持" in body and body.count("is-done") == 1 and 'name="attachment_id_front"' in body


# Upload rows

def test_upload_row_turns_green_with_name_size_delete_and_reupload(client, applicant):
    r = upload(client, "id_front", name="我的身份证.jpg")
    body = text(r)
    assert r.status_code == 200 and "<html" not in body
    assert 'class="upload-row is-done" id="row-id_front"' in body
    assert "我的身份证.jpg" in body and "2KB" in body and "删除" in body and "重新上传" in body


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"GIF89a" + b"\x00" * 100, "photo.jpg", "类型不支持"),  # wrong type renamed to .jpg
        (b"<html><script>alert(1)</script>", "x.pdf", "类型不支持"),
        (b"", "empty.jpg", "文件为空"),
        (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "big.jpg", "超过5MB"),
    ],
)
def test_upload_bad_files_get_their_own_message(client, applicant, data, name, message, app):
    r = upload(client, "id_front", data=data, name=name)
    body = text(r)
    assert r.status_code == 200 and message in body and "is-error" in body
    assert Attachment.select().count() == 0
    leftovers = [p for p in pathlib.Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]
    assert leftovers == [], "temporary files are removed"


def test_upload_exactly_5mb_is_accepted(client, applicant):
    data = b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024 - 3)
    assert "is-done" in text(upload(client, "id_front", data=data))


def test_upload_path_traversal_name_is_only_a_label(client, applicant, app):
    body = text(upload(client, "id_front", name="../../../../etc/passwd.jpg"))
    attachment = Attachment.get()
    assert attachment.original_name == "passwd.jpg" and "passwd.jpg" in body
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", attachment.stored_name)
    stored = list(pathlib.Path(app.config["UPLOAD_DIR"]).rglob("*.jpg"))
    assert len(stored) == 1 and str(stored[0]).startswith(app.config["UPLOAD_DIR"])


def test_upload_truncated_body_says_interrupted(client, applicant):
    boundary = "XyZ"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file_id_front\"; filename=\"a.jpg\"\r\n"
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode() + JPEG[:500]
    r = client.post(
        "/apply/attachments/id_front",
        data=body,
        headers={"HX-Request": "true", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 200 and "上传中断，请重试" in text(r)
    assert Attachment.select().count() == 0


def test_upload_declared_too_large_refused_before_reading(client, applicant):
    r = client.post(
        "/apply/attachments/id_front",
        data=b"x" * 100,
        headers={"HX-Request": "true", "Content-Type": "multipart/form-data; boundary=a"},
        environ_overrides={"CONTENT_LENGTH": str(6 * 1024 * 1024)},
    )
    assert "超过5MB" in text(r)


def test_upload_unknown_kind_is_404(client, applicant):
    assert upload(client, "passport").status_code == 404


def test_delete_row_empties_it_and_keeps_the_file(client, applicant, app):
    attachment_id = uploaded_id(upload(client, "id_front"), "id_front")
    r = client.post(f"/apply/attachments/{attachment_id}/delete", headers={"HX-Request": "true"})
    body = text(r)
    assert 'class="upload-row" id="row-id_front"' in body and "选择文件" in body
    assert Attachment.get_by_id(int(attachment_id)).removed


def test_delete_without_js_redisplays_the_form_with_typed_values(client, applicant):
    attachment_id = uploaded_id(upload(client, "id_front"), "id_front")
    data = dict(FORM, school="我填的学校", attachment_id_front=attachment_id)
    body = text(client.post(f"/apply/attachments/{attachment_id}/delete", data=data))
    assert 'value="我填的学校"' in body and 'name="attachment_id_front"' not in body


def test_another_persons_attachment_cannot_be_used_or_deleted(client, applicant, app):
    with app.app_context(), db.connection_context():
        other = make_user("lisi")
        theirs = make_attachment(other, "diploma")
    data = full_form(client, attachment_diploma=str(theirs.id))
    body = text(client.post("/apply/", data=data))
    assert "请上传学历证明" in body and Application.select().count() == 0
    r = client.post(f"/apply/attachments/{theirs.id}/delete", headers={"HX-Request": "true"})
    assert r.status_code == 404 and not Attachment.get_by_id(theirs.id).removed


def test_reapply_after_withdraw_prefills_answers_and_attachments(client, applicant):
    client.post("/apply/", data=full_form(client, school="太原理工大学"))
    application = Application.get()
    client.post(f"/me/applications/{application.id}/withdraw")
    body = text(client.get("/apply/"))
    assert 'value="太原理工大学"' in body and body.count("is-done") == 3
    assert '<option selected value="140105">' in body or 'value="140105" selected' in body


def test_done_page_is_owner_only(client, applicant, app):
    with app.app_context(), db.connection_context():
        other = make_user("lisi")
        theirs = make_application(other)
    assert client.get(f"/apply/done/{theirs.reference}").status_code == 404


def test_csrf_apply_form_token_required_and_input_kept(client, applicant, app):
    page = text(client.get("/apply/"))
    assert 'name="csrf_token"' in page
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/apply/", data=dict(FORM, submission_key="k"))
        assert r.status_code == 422 and "页面已过期" in text(r) and 'value="山西大学"' in text(r)
        r = upload(client, "id_front")
        assert r.status_code == 400 and "页面已过期" in text(r)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_failed_reupload_keeps_the_rows_earlier_file(client, applicant):
    earlier = uploaded_id(upload(client, "id_front"), "id_front")
    r = client.post(
        "/apply/attachments/id_front",
        data={"file_id_front": (io.BytesIO(b"GIF89a"), "x.jpg"), "attachment_id_front": earlier},
        headers={"HX-Request": "true"},
        content_type="multipart/form-data",
    )
    body = text(r)
    assert "类型不支持" in body and f'name="attachment_id_front" value="{earlier}"' in body


def test_without_js_failed_replacement_keeps_the_earlier_file(client, applicant):
    earlier = uploaded_id(upload(client, "id_front"), "id_front")
    data = dict(FORM, submission_key="k", attachment_id_front=earlier)
    data["file_id_front"] = (io.BytesIO(b"GIF89a"), "x.jpg")
    body = text(client.post("/apply/", data=data, content_type="multipart/form-data"))
    assert "类型不支持" in body and f'name="attachment_id_front" value="{earlier}"' in body


def test_apply_ineligible_with_htmx_replaces_the_form_with_the_explanation(client, applicant):
    r = client.post(
        "/apply/", data=full_form(client, graduation_month="2019-06"), headers={"HX-Request": "true", "HX-Target": "apply-form"}
    )
    body = text(r)
    assert r.status_code == 200 and body.lstrip().startswith('<div id="apply-form">')
    assert "<html" not in body and "离校已超过2年" in body and 'name="edit" value="1"' in body


def test_apply_from_a_second_tab_with_htmx_is_sent_to_the_page_saying_why(client, applicant):
    client.post("/apply/", data=full_form(client))
    r = client.post(
        "/apply/", data=full_form(client, submission_key="tab-two"), headers={"HX-Request": "true", "HX-Target": "apply-form"}
    )
    assert r.headers["HX-Redirect"] == "/apply/" and Application.select().count() == 1
    assert "不能重复申报" in text(client.get("/apply/"))


# Issue 19, points 3 and 4: before the form, every mistake at once, after submitting, applying again

def test_first_visit_shows_the_guide_open_with_each_categorys_materials(client, applicant):
    body = text(client.get("/apply/"))
    guide = body[body.index('<details class="guide"'):body.index("</details>")]
    assert '<details class="guide" open>' in body and "办事指南" in guide
    assert "离校2年内未就业高校毕业生：身份证人像面、身份证国徽面、学历证明" in guide
    assert "16–24岁失业青年：身份证人像面、身份证国徽面、就业创业证" in guide and 'href="tel:12333"' in guide


def test_eligibility_is_told_from_the_id_number_at_once_and_the_month_as_typed(client, applicant):
    page = text(client.get("/apply/"))
    assert 'id="eligibility"' in page and "您现在23周岁，可以按“16–24岁失业青年”申请" in page
    assert page.index('id="eligibility"') < page.index('id="file_id_front"'), "before any upload"
    assert 'data-hx-get="/apply/eligibility"' in page and 'data-hx-target="#eligibility"' in page
    late = text(client.get("/apply/eligibility?graduation_month=2019-06", headers={"HX-Request": "true"}))
    assert late.startswith('<div id="eligibility"') and "离校已超过2年" in late and "暂不符合" in late
    recent = text(client.get("/apply/eligibility?graduation_month=2025-06", headers={"HX-Request": "true"}))
    assert "离校未满2年，可以按“离校2年内未就业高校毕业生”申请" in recent


def test_every_mistake_of_a_submission_is_shown_at_once_attachments_included(client, applicant):
    body = text(client.post("/apply/", data=dict(FORM, school="", submission_key="key-1")))
    assert '<a href="#school">请填写毕业院校</a>' in body
    assert '<a href="#file_id_front">身份证人像面：请上传身份证人像面</a>' in body
    assert '<a href="#file_diploma">学历证明：请上传学历证明</a>' in body


def test_after_the_dialog_the_form_gives_way_to_the_outcome(client, applicant):
    body = text(client.post("/apply/", data=full_form(client), headers={"HX-Request": "true", "HX-Target": "apply-form"}))
    swapped = body[body.index('<div id="apply-form"'):]
    assert 'data-hx-swap-oob="true"' in swapped and "申报成功" in swapped and 'href="/me/"' in swapped
    assert "<form" not in swapped and "<input" not in swapped, "no editable form is left behind the dialog"


def test_the_done_page_says_save_this_page_not_favorite(client, applicant):
    r = client.post("/apply/", data=full_form(client))
    page = text(client.get(r.headers["Location"]))
    assert "保存此页" in page and "收藏" not in page.replace("最多收藏三个", "")


def reject(app, user, grounds, details=""):
    with app.app_context(), db.connection_context():
        office = make_user(f"office{user.id}", role="reviewer", jurisdiction="140105")
        application = Application.get(Application.user == user)
        review.decide(office, application.id, review.Decision(False, grounds, details), clock.now())


def test_applying_again_after_rejection_shows_the_grounds_and_asks_for_unclear_files_again(client, applicant, app):
    assert client.post("/apply/", data=full_form(client)).status_code == 303
    reject(app, applicant, ("unclear_files",), "身份证照片反光")
    body = text(client.get("/apply/"))
    assert body.index("审核不通过") < body.index('id="apply-form"')
    assert "材料不清晰或不完整" in body and "身份证照片反光" in body and "请重新拍摄清晰" in body
    for kind in ("id_front", "id_back", "diploma"):
        row = body[body.index(f'id="row-{kind}"'):].split('class="upload-progress"')[0]
        assert "请重新上传" in row and "is-done" not in body[body.index(f'id="row-{kind}"') - 60:body.index(f'id="row-{kind}"')]
    fresh = upload(client, "id_front")
    assert "is-done" in text(fresh) and "请重新上传" not in text(fresh), "a new file is ready again"


def test_a_rejection_not_about_files_keeps_them_ready(client, applicant, app):
    assert client.post("/apply/", data=full_form(client)).status_code == 303
    reject(app, applicant, ("labour_contract",))
    body = text(client.get("/apply/"))
    assert "已签订劳动合同" in body and "请重新上传" not in body and body.count("upload-row is-done") == 3
