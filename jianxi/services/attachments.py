"""Attachment uploads: judged by their bytes, streamed to disk in chunks, kept when whole."""
import hashlib
import os
import re
import secrets
import time
import unicodedata
from typing import BinaryIO

from peewee import fn

from ..db import db
from ..models import FILE_KINDS, ApplicationAttachment, Attachment, User
from ..reference.ids import parse_id
from .errors import UploadError

MAX_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)
TOO_BIG = "超过5MB，请压缩或拍照时降低分辨率后重新上传"
EMPTY = "文件为空，请重新选择"
UNSUPPORTED = "类型不支持，请上传JPG、PNG图片或PDF文件"
INTERRUPTED = "上传中断，请重试"


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from a file's first bytes, or None if not JPEG, PNG or PDF."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def clean_filename(raw: str | None) -> str:
    """A display name: no directories, no control characters, at most 100 characters."""
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[-100:] or "附件"


def store(owner: User, kind: str, stream: BinaryIO, filename: str | None, storage) -> Attachment:
    """Copy `stream` to a `.part` file in chunks, check it, keep it in `storage` (ops.storage)
    under its final name, and only then record it: a crash leaves a stale part or an unrecorded
    file, which clean-uploads removes, never a row without its file."""
    if kind not in FILE_KINDS:
        raise UploadError("附件类型不正确")
    token = secrets.token_hex(16)
    temp_path = storage.incoming(token)
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with open(temp_path, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise UploadError(TOO_BIG)
                if len(head) < 16:
                    head += chunk[:16]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise UploadError(EMPTY)
        sniffed = sniff(head)
        if sniffed is None:
            raise UploadError(UNSUPPORTED)
        content_type, extension = sniffed
        stored_name = token + extension
        storage.keep(temp_path, stored_name, content_type)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return Attachment.create(
        owner=owner,
        kind=kind,
        original_name=clean_filename(filename),
        stored_name=stored_name,
        size=size,
        content_type=content_type,
        sha256=digest.hexdigest(),
    )


def owned(owner: User, attachment_id, kind: str | None = None) -> Attachment | None:
    """The owner's attachment with this id (and kind), or None: never someone else's."""
    attachment_id = parse_id(attachment_id)
    if attachment_id is None:
        return None
    query = Attachment.select().where(
        (Attachment.id == attachment_id) & (Attachment.owner == owner) & (Attachment.removed == False)  # noqa: E712
    )
    if kind:
        query = query.where(Attachment.kind == kind)
    return query.first()


def latest_by_kind(owner: User) -> dict[str, Attachment]:
    """The newest kept attachment of each kind: what the form offers to reuse."""
    latest = {}
    query = (
        Attachment.select()
        .where((Attachment.owner == owner) & (Attachment.removed == False))  # noqa: E712
        .order_by(Attachment.uploaded_at.desc(), Attachment.id.desc())
    )
    for attachment in query:
        latest.setdefault(attachment.kind, attachment)
    return latest


def remove(owner: User, attachment_id) -> Attachment | None:
    """删除: hide it from the form. The file stays, since an application may refer to it."""
    attachment = owned(owner, attachment_id)
    if attachment:
        Attachment.update(removed=True).where(Attachment.id == attachment.id).execute()
    return attachment


def download_name(attachment: Attachment) -> str:
    """The name to save or show it under, its extension the type found in its bytes
    ('poly.html' holding a JPEG is served as 'poly.jpg')."""
    extension = next(ext for _, content_type, ext in SIGNATURES if content_type == attachment.content_type)
    stem = attachment.original_name.rsplit(".", 1)[0] if "." in attachment.original_name else attachment.original_name
    return (stem or "附件") + extension


def clean_up(storage, keep_recent: float = 3600) -> tuple[int, int]:
    """Remove what a crash or 删除 left behind: half-written uploads, files that no row records
    (a crash between keeping a file and recording it), and the files of removed attachments no
    application uses. Safe while serving: nothing younger than an hour is touched, nor any file an
    application refers to. Returns (parts and unrecorded files removed, attachments removed)."""
    stale = 0
    for part in storage.stale_parts():
        part.unlink(missing_ok=True)
        stale += 1
    recorded = {name for (name,) in Attachment.select(Attachment.stored_name).tuples()}
    cutoff = time.time() - keep_recent
    for name, modified in storage.listing():
        if name not in recorded and modified < cutoff:
            storage.delete(name)
            stale += 1
    unused = Attachment.select().where(
        (Attachment.removed == True)  # noqa: E712
        & ~fn.EXISTS(ApplicationAttachment.select().where(ApplicationAttachment.attachment == Attachment.id))
    )
    removed = 0
    for attachment in list(unused):
        with db.atomic():
            deleted = Attachment.delete().where(
                (Attachment.id == attachment.id)
                & ~fn.EXISTS(ApplicationAttachment.select().where(ApplicationAttachment.attachment == attachment.id))
            ).execute()
        if deleted:
            storage.delete(attachment.stored_name)
            removed += 1
    return stale, removed


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}MB"
    return f"{max(1, round(size / 1024))}KB"
