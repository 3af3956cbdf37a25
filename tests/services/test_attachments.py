import hashlib
import io

import pytest

from jianxi.ops.storage import LocalStorage
from jianxi.services import attachments
from jianxi.services.errors import UploadError
from tests.factories import JPEG, PDF, PNG, make_user


class RecordingStream(io.RawIOBase):
    """A request body that remembers how it was read and never ends by itself."""

    def __init__(self, head: bytes, total: int):
        self.head, self.total, self.position, self.reads = head, total, 0, []

    def read(self, size=-1):
        assert size is not None and size > 0, "the body must be read in bounded chunks"
        self.reads.append(size)
        if self.position >= self.total:
            return b""
        start = self.position
        self.position = min(self.total, start + size)
        data = self.head[start:self.position]
        return data + b"\x00" * (self.position - start - len(data))


@pytest.fixture
def owner(dbc):
    return make_user()


@pytest.mark.parametrize(
    "head, expected",
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf"), (b"GIF89a", None), (b"", None), (b"\xff\xd8", None)],
)
def test_sniff_judges_by_bytes(head, expected):
    result = attachments.sniff(head)
    assert (result[0] if result else None) == expected


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("证件\x00照片.jpg", "证件照片.jpg"),
        ("", "附件"),
        ("...", "附件"),
        ("a" * 300 + ".jpg", ("a" * 300 + ".jpg")[-100:]),
    ],
)
def test_clean_filename_keeps_only_a_label(raw, clean):
    assert attachments.clean_filename(raw) == clean


def test_store_streams_in_chunks_and_records_hash(owner, tmp_path):
    body = JPEG + b"\x01" * (3 * 1024 * 1024)
    stream = RecordingStream(body, len(body))
    attachment = attachments.store(owner, "id_front", stream, "photo.jpg", LocalStorage(tmp_path))
    assert max(stream.reads) == attachments.CHUNK and len(stream.reads) > 40
    stored = LocalStorage(tmp_path).path(attachment.stored_name)
    assert stored.read_bytes() == body and attachment.size == len(body)
    assert attachment.sha256 == hashlib.sha256(body).hexdigest()
    assert list(tmp_path.rglob("*.part")) == [], "the temporary name is renamed into place"


def test_store_stops_reading_an_endless_body_past_5mb(owner, tmp_path):
    stream = RecordingStream(JPEG, 10**12)
    with pytest.raises(UploadError, match="超过5MB"):
        attachments.store(owner, "id_front", stream, "huge.jpg", LocalStorage(tmp_path / "uploads"))
    assert stream.position <= attachments.MAX_BYTES + attachments.CHUNK
    uploads = tmp_path / "uploads"
    assert [p for p in uploads.rglob("*") if p.is_file()] == []


def test_store_unknown_kind_refused(owner, tmp_path):
    with pytest.raises(UploadError):
        attachments.store(owner, "passport", io.BytesIO(JPEG), "a.jpg", LocalStorage(tmp_path))


def test_latest_by_kind_and_remove(owner, tmp_path):
    first = attachments.store(owner, "id_front", io.BytesIO(JPEG), "1.jpg", LocalStorage(tmp_path))
    second = attachments.store(owner, "id_front", io.BytesIO(PNG), "2.png", LocalStorage(tmp_path))
    assert attachments.latest_by_kind(owner)["id_front"].id == second.id
    attachments.remove(owner, second.id)
    assert attachments.latest_by_kind(owner)["id_front"].id == first.id
    assert LocalStorage(tmp_path).path(second.stored_name).exists(), "删除 keeps the file"


def test_owned_refuses_other_people_and_bad_ids(owner, tmp_path):
    mine = attachments.store(owner, "id_front", io.BytesIO(JPEG), "1.jpg", LocalStorage(tmp_path))
    other = make_user("lisi")
    assert attachments.owned(other, mine.id) is None
    assert attachments.owned(owner, mine.id, kind="diploma") is None
    assert attachments.owned(owner, "1 OR 1=1") is None and attachments.owned(owner, None) is None
    assert attachments.owned(owner, str(mine.id)).id == mine.id


def test_human_size():
    assert attachments.human_size(500) == "1KB" and attachments.human_size(2048) == "2KB"
    assert attachments.human_size(3 * 1024 * 1024 + 100) == "3.0MB"
