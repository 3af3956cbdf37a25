"""An attachment over HTTP (files/views.py): its owner and the offices that may view it get it inline,
under a name whose extension matches its bytes, where no script may run; anyone else gets 404; an office's
viewing is audited, its owner's is not."""
import pathlib

import pytest

from jianxi.db import db
from jianxi.models import AuditLog
from jianxi.services import applications, review
from tests.factories import JPEG, PDF, make_application, make_attachment


@pytest.fixture
def owner_file(app, auth):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        return make_attachment(owner, "id_front", JPEG, "我的身份证.jpg"), make_attachment(owner, "diploma", PDF, "毕业证.pdf")


def test_owner_gets_the_file_with_disposition_and_nosniff(client, owner_file):
    image, pdf = owner_file
    r = client.get(f"/files/{image.id}")
    assert r.status_code == 200 and r.data == JPEG and r.mimetype == "image/jpeg"
    assert r.headers["Content-Disposition"].startswith("inline") and "filename*=UTF-8''" in r.headers["Content-Disposition"]
    assert r.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in r.headers["Cache-Control"]
    r = client.get(f"/files/{pdf.id}")
    assert r.data == PDF and r.headers["Content-Disposition"].startswith("inline")


def test_someone_else_gets_404(client, app, owner_file, auth):
    image, _ = owner_file
    client.post("/logout")
    auth.login(username="lisi")
    assert client.get(f"/files/{image.id}").status_code == 404
    assert client.get("/files/999999").status_code == 404


def test_signed_out_is_sent_to_login(client, owner_file):
    image, _ = owner_file
    client.post("/logout")
    r = client.get(f"/files/{image.id}")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")


def test_withdrawing_keeps_the_files(client, app, auth):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        application = make_application(owner)
        attachment_ids = [a.id for a in applications.files_of(application)]
    client.post(f"/me/applications/{application.id}/withdraw")
    for attachment_id in attachment_ids:
        assert client.get(f"/files/{attachment_id}").status_code == 200


def test_files_are_stored_outside_static(app, owner_file):


    upload_dir = pathlib.Path(app.config["UPLOAD_DIR"]).resolve()
    static_dir = (pathlib.Path(app.root_path).parent / "static").resolve()
    assert static_dir not in upload_dir.parents and upload_dir != static_dir
    assert len(list(upload_dir.rglob("*.jpg"))) == 1


def test_a_pdf_opens_in_the_browser_under_its_name_where_no_script_may_run(client, owner_file):
    _, pdf = owner_file
    r = client.get(f"/files/{pdf.id}")
    assert r.mimetype == "application/pdf" and r.headers["X-Content-Type-Options"] == "nosniff"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("inline") and "filename*=UTF-8''%E6%AF%95%E4%B8%9A%E8%AF%81.pdf" in disposition
    policy = dict(part.strip().split(" ", 1) for part in r.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'" and "script-src" not in policy, "scripts fall back to 'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'none'"


def test_owner_opening_own_file_is_not_audited(client, auth, app):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        attachment = review.attachments_of(make_application(owner))[0]
    assert client.get(f"/files/{attachment.id}").status_code == 200
    assert not AuditLog.select().where(AuditLog.action == "view_file").exists()


def test_download_name_takes_the_extension_of_the_detected_type(client, auth, app):
    owner = auth.login()
    with app.app_context(), db.connection_context():
        poly = make_attachment(owner, "id_front", JPEG, "poly.html")
        bare = make_attachment(owner, "id_back", JPEG, "照片")
    r = client.get(f"/files/{poly.id}")
    assert r.headers["Content-Disposition"] == "inline; filename=poly.jpg" and r.mimetype == "image/jpeg"
    assert "filename*=UTF-8''%E7%85%A7%E7%89%87.jpg" in client.get(f"/files/{bare.id}").headers["Content-Disposition"]
