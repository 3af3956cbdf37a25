"""Photos on weak data (issue 19), at phone size: with JavaScript a big phone photo is shrunk in
the browser before it is sent, a file the server would refuse is refused before a byte is sent,
and a photo small enough already goes as it is; without JavaScript the server judges the
original, as it always did."""
import hashlib
import io
import random
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from jianxi.services.attachments import EMPTY, MAX_BYTES, TOO_BIG, UNSUPPORTED, human_size

from .helpers import RECORD_PROGRESS, file_input, register, row

pytestmark = pytest.mark.browser
EXPECTED_STATUSES = (503,)  # upload.js made unreachable on purpose, in one test

LONG_SIDE = 2000
EXIF_ORIENTATION = 0x0112
ROTATED_90_CW = 6  # how many phones store a photo taken upright: landscape pixels and this tag


def phone_photo(path: Path, size: tuple[int, int], seed: int, orientation: int | None = None) -> Path:
    """A photo-like JPEG at a camera's quality: gradients under seeded noise, which JPEG cannot
    squeeze, so 4,000 × 3,000 pixels weigh what a phone's photo does (6 MB and more)."""
    rng = random.Random(seed)
    width, height = size
    gradient = Image.merge("RGB", [
        Image.linear_gradient("L").resize(size),
        Image.linear_gradient("L").rotate(90).resize(size),
        Image.radial_gradient("L").resize(size),
    ])
    noise = Image.frombytes("RGB", size, rng.randbytes(width * height * 3))
    exif = Image.Exif()
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    Image.blend(gradient, noise, 0.25).save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


@pytest.fixture(scope="module")
def big_photo(tmp_path_factory) -> Path:
    path = phone_photo(tmp_path_factory.mktemp("photos") / "IMG_20260312_093015.jpg", (4000, 3000), seed=19)
    assert path.stat().st_size > MAX_BYTES
    return path


def upload_scripts(page) -> list:
    """Every request for upload.js the page makes from now on."""
    asked = []
    page.on("request", lambda request: "/static/js/upload." in request.url and asked.append(request.url))
    return asked


def uploads(page) -> list:
    """Every upload request the page makes from now on."""
    sent = []
    page.on("request", lambda request: "/apply/attachments/" in request.url and sent.append(request))
    return sent


def stored(page, kind: str) -> bytes:
    """The attachment as the server keeps it, fetched through the row's own link."""
    href = row(page, kind).locator(".upload-status a").get_attribute("href")
    response = page.request.get(href)
    assert response.ok, response.status
    return response.body()


def expect_refused_without_request(page, kind: str, label: str, message: str, sent: list) -> None:
    expect(row(page, kind)).to_have_class(re.compile(r"(^|\s)is-error(\s|$)"))
    error = row(page, kind).locator(".error-message")
    expect(error).to_have_text(f"错误：{message}")
    expect(error).to_have_attribute("role", "alert")
    expect(file_input(page, label)).to_have_attribute("aria-invalid", "true")
    expect(file_input(page, label)).to_have_attribute("aria-describedby", f"file_{kind}-error")
    expect(file_input(page, label)).to_have_value("")
    expect(row(page, kind).locator(f'input[type=hidden][name="attachment_{kind}"]')).to_have_count(0)
    page.wait_for_timeout(300)  # grace for a request sent after the refusal: it can only make this stricter
    assert sent == [], f"the file went to the server: {[r.url for r in sent]}"


def test_upload_js_big_phone_photo_is_shrunk_before_it_is_sent(page, server, axe, big_photo):
    """Chosen at once, before upload.js has come (it is not part of the form's first visit)."""
    register(page)
    scripts = upload_scripts(page)
    page.goto("/apply/")
    page.evaluate(RECORD_PROGRESS)
    sent = uploads(page)
    page.wait_for_load_state("networkidle")
    assert scripts == []

    file_input(page, "身份证人像面").set_input_files(big_photo)

    expect(row(page, "id_front")).to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
    kept = stored(page, "id_front")
    assert len(kept) < MAX_BYTES
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and image.size == (LONG_SIDE, 1500), image.size
    expect(row(page, "id_front").locator(".upload-status")).to_have_text(
        f"已上传：{big_photo.name}（{human_size(len(kept))}）"
    )
    expect(row(page, "id_front").locator(".upload-note")).to_have_text(
        f"已压缩：{human_size(big_photo.stat().st_size)} → {human_size(len(kept))}"
    )
    assert len(sent) == 1
    progress = [p for p in page.evaluate("window.__progress") if p["row"] == "row-id_front" and p["computable"]]
    assert progress and progress[-1]["loaded"] == progress[-1]["total"] < MAX_BYTES, progress
    assert any(p["bar"] == 100 and p["barHidden"] is False for p in progress), progress
    axe(page)


def test_upload_js_comes_once_when_a_row_is_first_touched(page, server):
    register(page)
    scripts = upload_scripts(page)
    page.goto("/apply/")
    page.wait_for_load_state("networkidle")
    assert scripts == []

    page.get_by_text("选择文件").first.click()  # opens the file chooser: upload.js comes while the person picks
    page.keyboard.press("Escape")
    page.locator("#school").focus()
    file_input(page, "就业创业证").focus()
    page.wait_for_load_state("networkidle")
    assert len(scripts) == 1, scripts


def test_upload_js_unreachable_the_file_goes_as_chosen(page, server, tmp_path):
    """As without scripts: the server judges the original."""
    photo = phone_photo(tmp_path / "small.jpg", (1600, 1200), seed=23)
    page.route("**/static/js/upload.*.js", lambda route: route.fulfill(status=503, body=""))
    register(page)
    page.goto("/apply/")

    file_input(page, "身份证国徽面").set_input_files(photo)

    expect(row(page, "id_back")).to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
    assert stored(page, "id_back") == photo.read_bytes()


def test_upload_js_sideways_phone_photo_is_stored_upright(page, server, tmp_path):
    photo = phone_photo(tmp_path / "portrait.jpg", (4000, 3000), seed=20, orientation=ROTATED_90_CW)
    register(page)
    page.goto("/apply/")

    file_input(page, "学历证明").set_input_files(photo)

    expect(row(page, "diploma")).to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
    with Image.open(io.BytesIO(stored(page, "diploma"))) as image:
        assert image.size == (1500, 2000), "the photo was not turned as its EXIF orientation says"


def test_upload_js_small_photo_is_sent_unchanged(page, server, tmp_path):
    photo = phone_photo(tmp_path / "small.jpg", (1600, 1200), seed=21)
    assert photo.stat().st_size < MAX_BYTES
    register(page)
    page.goto("/apply/")

    file_input(page, "身份证国徽面").set_input_files(photo)

    expect(row(page, "id_back")).to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
    assert hashlib.sha256(stored(page, "id_back")).hexdigest() == hashlib.sha256(photo.read_bytes()).hexdigest()
    expect(row(page, "id_back").locator(".upload-note")).to_have_count(0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("毕业证书.pdf", b"%PDF-1.4\n" + random.Random(22).randbytes(MAX_BYTES), TOO_BIG),
        ("简历.docx", b"PK\x03\x04" + random.Random(22).randbytes(200_000), UNSUPPORTED),
        ("空白.jpg", b"", EMPTY),
    ],
    ids=["pdf-over-5mb", "other-type", "empty"],
)
def test_upload_js_file_the_server_would_refuse_is_refused_before_sending(
    page, server, axe, tmp_path, name, content, message
):
    refused = tmp_path / name
    refused.write_bytes(content)
    register(page)
    page.goto("/apply/")
    sent = uploads(page)

    file_input(page, "学历证明").set_input_files(refused)

    expect_refused_without_request(page, "diploma", "学历证明", message, sent)
    axe(page)


def test_upload_js_refused_file_keeps_the_rows_earlier_upload(page, server, tmp_path):
    earlier = phone_photo(tmp_path / "diploma.jpg", (800, 600), seed=23)
    register(page)
    page.goto("/apply/")
    file_input(page, "学历证明").set_input_files(earlier)
    expect(row(page, "diploma")).to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
    sent = uploads(page)

    big_pdf = tmp_path / "big.pdf"
    big_pdf.write_bytes(b"%PDF-1.4\n" + random.Random(22).randbytes(MAX_BYTES))
    file_input(page, "学历证明").set_input_files(big_pdf)

    expect(row(page, "diploma").locator(".error-message")).to_have_text(f"错误：{TOO_BIG}")
    expect(row(page, "diploma").locator(".upload-status")).to_contain_text(earlier.name)
    expect(row(page, "diploma").locator('input[type=hidden][name="attachment_diploma"]')).to_have_count(1)
    page.wait_for_timeout(300)
    assert sent == []


def test_upload_nojs_big_photo_is_refused_by_the_server_as_before(page_nojs, server, axe, big_photo):
    page = page_nojs
    register(page)
    page.goto("/apply/")

    file_input(page, "身份证人像面").set_input_files(big_photo)
    page.get_by_role("button", name="提交", exact=True).click()

    expect(page.locator("#file_id_front-error")).to_have_text(f"错误：{TOO_BIG}")
    expect(page.locator(".error-summary").get_by_role("link", name=f"身份证人像面：{TOO_BIG}")).to_have_count(1)
    expect(row(page, "id_front").locator('input[type=hidden][name="attachment_id_front"]')).to_have_count(0)
    axe(page)
