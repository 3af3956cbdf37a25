"""Attachments on shared S3-compatible object storage, against a real SeaweedFS the test starts:
kept and read in parts, served through the app with the same checks and headers as on disk."""
import io

import pytest

from jianxi import create_app
from jianxi.db import db
from jianxi.models import Attachment
from jianxi.ops.schema import create_tables, drop_everything
from jianxi.ops.storage import LocalStorage, S3Storage
from jianxi.services import attachments
from tests.factories import JPEG, PDF, make_user, valid_id_number
from tests.servers import seaweedfs
from tests.support import ON_POSTGRES, POSTGRES_URL, text


@pytest.fixture(scope="module")
def s3_url(tmp_path_factory):
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as url:
        yield url


@pytest.fixture
def s3_app(s3_url, tmp_path):
    """The app with its attachments in the bucket (and only arriving uploads on local disk)."""
    database_url = POSTGRES_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 's3.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                      "UPLOAD_DIR": str(tmp_path / "spool"), "STORAGE_URL": s3_url})
    with app.app_context():
        if ON_POSTGRES:
            drop_everything()
        create_tables()
    yield app
    if hasattr(db.obj, "close_all"):
        db.obj.close_all()


class CountingStream(io.RawIOBase):
    def __init__(self, data: bytes):
        self.data, self.reads = io.BytesIO(data), []

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data.read(len(buffer))
        self.reads.append(len(chunk))
        buffer[:len(chunk)] = chunk
        return len(chunk)


def test_an_upload_is_streamed_into_the_bucket_and_back(s3_app, tmp_path):
    files = s3_app.extensions["storage"]
    assert isinstance(files, S3Storage)
    body = JPEG + b"\x07" * (4 * 1024 * 1024)
    with s3_app.app_context(), db.connection_context():
        owner = make_user()
        stream = CountingStream(body)
        kept = attachments.store(owner, "id_front", stream, "大照片.jpg", files)
    assert max(stream.reads) <= attachments.CHUNK, "read in chunks, never whole"
    assert files.exists(kept.stored_name) and not list((tmp_path / "spool").glob(".*.part"))
    assert (tmp_path / "spool").exists() and not any(p.is_file() for p in (tmp_path / "spool").rglob("*"))
    reader = files.open(kept.stored_name)
    parts = list(iter(lambda: reader.read(64 * 1024), b""))
    assert b"".join(parts) == body and len(parts) > 10


def test_the_app_serves_bucket_files_with_the_same_checks_and_headers(s3_app):
    client = s3_app.test_client()
    with s3_app.app_context(), db.connection_context():
        owner = make_user("zhangsan", id_number=valid_id_number(birth="20030512"))
        make_user("lisi")
    client.post("/login", data={"username": "zhangsan", "password": "secret-pass-1"})
    r = client.post("/apply/attachments/diploma", headers={"HX-Request": "true"},
                    data={"file_diploma": (io.BytesIO(PDF), "毕业证.html")}, content_type="multipart/form-data")
    assert "is-done" in text(r)
    attachment = Attachment.get(Attachment.owner == owner.id)
    served = client.get(f"/files/{attachment.id}")
    assert served.status_code == 200 and served.data == PDF and served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("inline") and ".pdf" in served.headers["Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in served.headers["Cache-Control"]
    other = s3_app.test_client()
    other.post("/login", data={"username": "lisi", "password": "secret-pass-1"})
    assert other.get(f"/files/{attachment.id}").status_code == 404


def test_a_second_server_opens_what_the_first_kept(s3_app, s3_url, tmp_path):
    with s3_app.app_context(), db.connection_context():
        kept = attachments.store(make_user(), "id_back", io.BytesIO(JPEG), "a.jpg", s3_app.extensions["storage"])
    elsewhere = S3Storage(s3_url, str(tmp_path / "other-spool"))  # another machine: its own disk, same bucket
    assert elsewhere.open(kept.stored_name).read() == JPEG


def test_clean_up_in_the_bucket_leaves_what_applications_use(s3_app):
    files = s3_app.extensions["storage"]
    with s3_app.app_context(), db.connection_context():
        owner = make_user()
        gone = attachments.store(owner, "other", io.BytesIO(JPEG), "x.jpg", files)
        stays = attachments.store(owner, "id_front", io.BytesIO(JPEG), "y.jpg", files)
        attachments.remove(owner, gone.id)
        files.client.put_object(Bucket=files.bucket, Key="orphan.jpg", Body=JPEG)
        leftovers, removed = attachments.clean_up(files, keep_recent=0)
    assert removed == 1 and leftovers >= 1  # the bucket also holds earlier tests' files, unrecorded here
    assert not files.exists(gone.stored_name) and not files.exists("orphan.jpg") and files.exists(stays.stored_name)


def test_local_storage_is_the_default(app):
    assert isinstance(app.extensions["storage"], LocalStorage)
