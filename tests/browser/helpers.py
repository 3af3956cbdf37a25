"""What the browser tests share besides fixtures (tests/browser/conftest.py): the positions and places
they look for, signing in, 个人注册, and the application form's rows with real files to upload.

A helper module, not a test module: tests and conftest.py import from here, never from each other.
"""
import itertools
import re
import struct
import uuid
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.services.attachments import human_size
from jianxi.services.idcard import check_digit

# Every page opens at a phone's size unless a test asks for another.
PHONE = {"width": 360, "height": 740}

# Positions the tests look for by name; the demo generator never uses these titles.
KNOWN_TITLE = "浏览器测试岗位"
KNOWN_EMPLOYER = "山西浏览器测试科技有限公司"
KNOWN_COUNTY = "140105"  # 太原市 小店区
TAIYUAN = "140100"

DEMO_PASSWORD = "jianxi2026"  # every demo account's


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would, and wait until the header shows 退出."""
    page.goto("/login")
    page.get_by_label("用户名、手机号码或身份证号码", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    expect(page.locator("header .account").get_by_role("button", name="退出")).to_be_visible()


# -- 个人注册 and the application form ------------------------------------------------------------

# 140105 20030512 + sequence: the demo account uses sequence 123, these start well above it.
_sequence = itertools.count(701)
GRADUATE = "离校2年内未就业高校毕业生"
# The form's selects as the tests answer them (汉族, 大学本科): label → the value of that option.
SELECTS = {"民族": "01", "学历": "bachelor"}


def register(page, real_name: str = "王小明") -> dict:
    """个人注册 through the form; the person is born 2003-05-12 and lands signed in on 个人中心."""
    n = next(_sequence)
    first17 = f"14010520030512{n:03d}"
    person = {
        "用户名": f"a{uuid.uuid4().hex[:12]}",
        "密码": "jianxi-test-1",
        "确认密码": "jianxi-test-1",
        "真实姓名": real_name,
        "身份证号码": first17 + check_digit(first17),
        "手机号码": f"139{n:08d}",
    }
    page.goto("/register")
    for label, value in person.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile(r"/me/\?welcome=1$"))
    expect(page.locator("header .account .who")).to_have_text(real_name)
    return person


def city_select(page):
    return page.get_by_label("业务办理属地（市）", exact=True)


def jurisdiction_select(page):
    return page.get_by_label("业务办理属地（市本级或县区）", exact=True)


def row(page, kind: str):
    return page.locator(f"#row-{kind}")


def file_input(page, label: str):
    """The row's file input, found by its label as a person would: 选择文件 or 重新上传."""
    return page.get_by_label(re.compile(rf"^(选择文件|重新上传)：{label}$"))


def expect_row_done(page, kind: str, path: Path) -> None:
    """Green (is-done), naming the file and its size, with its attachment id for the form."""
    expect(row(page, kind)).to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
    expect(row(page, kind)).not_to_have_class(re.compile(r"(^|\s)is-error(\s|$)"))
    expect(row(page, kind).locator(".upload-status")).to_have_text(
        f"已上传：{path.name}（{human_size(path.stat().st_size)}）"
    )
    expect(row(page, kind).locator(f'input[type=hidden][name="attachment_{kind}"]')).to_have_value(re.compile(r"^\d+$"))


RECORD_PROGRESS = """() => {
  window.__progress = [];
  document.addEventListener("htmx:xhr:progress", (evt) => {
    const row = evt.target.closest ? evt.target.closest(".upload-row") : null;
    const bar = row ? row.querySelector("progress") : null;
    window.__progress.push({
      row: row ? row.id : null,
      computable: evt.detail.lengthComputable,
      loaded: evt.detail.loaded,
      total: evt.detail.total,
      bar: bar ? bar.value : null,
      barHidden: bar ? bar.hidden : null,
    });
  });
}"""


# -- real files ------------------------------------------------------------------------------

def png_bytes() -> bytes:
    """A valid 1x1 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x2a\x6e\xc8")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes(size: int = 300 * 1024) -> bytes:
    """JPEG markers (SOI, APP0 JFIF, ..., EOI), big enough for upload progress to be worth showing."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    head = b"\xff\xd8" + app0
    return head + b"\x00" * (size - len(head) - 2) + b"\xff\xd9"


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


# The walks of a whole way (placements, subsidies): one run with JavaScript on, one off.

@dataclass
class Walk:
    """One run of the walk: JavaScript on or off."""

    with_js: bool
    axe: object

    def check(self, page, kind: str) -> None:
        """axe finds nothing on this kind of page as it is now, and it does not scroll sideways."""
        self.axe(page)
        width = page.viewport_size["width"]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{kind} ({page.url}) is {scroll}px wide at {width}px"


WALKS = [
    pytest.param(True, id="js-on"),
    pytest.param(False, id="js-off"),
]


@contextmanager
def in_database(server):
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield
