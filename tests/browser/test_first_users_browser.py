"""What the first users asked for (issue 19), in a real browser at phone size, with JavaScript on and off:

1. 撤回 from 个人中心 opens its own confirmation page, and 确认撤回 there withdraws (with JavaScript too);
   from 我的办件 the same form opens in a <dialog>.
3. /apply/ starts with a 办事指南 and a 能否申请 box that follows the 毕业时间, before any upload;
   every mistake of a submission, attachments included, is in the error summary at once.
4. After 申报成功 no editable form is left; what was submitted can be read again from 个人中心 and
   我的办件; applying again after 审核不通过 (材料不清晰或不完整) shows the grounds and asks for the files again.
5. 确认密码, 注册成功, 请先登录, sign-in by username, mobile or ID number, and the staff's own wording.

Every page state is checked with axe-core. CSRF is on, as in production. Each test makes its own
people (through 个人注册, or with the factories in the live app's database), so tests do not
depend on each other.
"""
import contextlib
import datetime
import itertools
import re
import uuid

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import Application, User
from jianxi.reference.codes import REJECTION_GROUNDS
from jianxi.services import review
from jianxi.services.idcard import check_digit
from tests import clock
from tests.factories import make_application, make_user

from .helpers import (
    DEMO_PASSWORD,
    GRADUATE,
    SELECTS,
    city_select,
    expect_row_done,
    file_input,
    heading,
    jpeg_bytes,
    jurisdiction_select,
    pdf_bytes,
    png_bytes,
    row,
    sign_in,
)

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
PASSWORD = "jianxi-test-1"
XIAODIAN = "140105"
YOUTH = "16–24岁失业青年"
# People born in 小店区; the demo's applicants have other sequences and 139 mobile numbers.
_sequence = itertools.count(801)
UNCLEAR = REJECTION_GROUNDS["unclear_files"]
# The rows a 离校2年内未就业高校毕业生 must fill: kind → (label, file name).
GRADUATE_FILES = {"id_front": ("身份证人像面", "身份证正面.jpg"), "id_back": ("身份证国徽面", "id-back.png"),
                  "diploma": ("学历证明", "毕业证书.pdf")}


# -- people ------------------------------------------------------------------------------------


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def new_person(real_name: str, age: int = 20) -> dict:
    """Registration details nobody else has, for someone `age` years old today."""
    n = next(_sequence)
    today = clock.today()
    birth = datetime.date(today.year - age, 1, 15) if (today.month, today.day) >= (1, 15) else (
        datetime.date(today.year - age - 1, 1, 15))
    first17 = f"{XIAODIAN}{birth:%Y%m%d}{n:03d}"
    return {
        "用户名": f"f{uuid.uuid4().hex[:12]}",
        "密码": PASSWORD,
        "确认密码": PASSWORD,
        "真实姓名": real_name,
        "身份证号码": first17 + check_digit(first17),
        "手机号码": f"137{n:08d}",
        "birth": birth,
    }


def register(page, person: dict) -> None:
    """个人注册 through the form; lands signed in on 个人中心."""
    page.goto("/register")
    for label, value in person.items():
        if label != "birth":
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile(r"/me/\?welcome=1$"))
    expect(page.locator("header .account .who")).to_have_text(person["真实姓名"])


def sign_out(page) -> None:
    page.locator("header .account").get_by_role("button", name="退出").click()
    expect(page.locator("header .account").get_by_role("link", name="登录", exact=True)).to_be_visible()


@contextlib.contextmanager
def in_database(server):
    """The live app's context and a database connection, for factories and services."""
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield


def applicant_with_pending_application(server, real_name: str) -> tuple[str, Application]:
    """An applicant made in the live app's database with one 未审核 application; (username, it)."""
    n = next(_sequence)
    username = f"w{uuid.uuid4().hex[:12]}"
    with in_database(server):
        user = make_user(username, PASSWORD, real_name=real_name, mobile=f"137{n:08d}")
        return username, make_application(user, mobile=user.mobile)


def another_application(server, username: str) -> Application:
    with in_database(server):
        user = User.get(User.username == username)
        return make_application(user, mobile=user.mobile)


def reject_as_unclear(server, reference: str, details: str) -> None:
    """审核不通过 by 小店区's office: 材料不清晰或不完整."""
    with in_database(server):
        reviewer = make_user(f"r{uuid.uuid4().hex[:12]}", role="reviewer", jurisdiction=XIAODIAN)
        application = Application.get(Application.reference == reference)
        decision = review.Decision(False, ("unclear_files",), details)
        review.decide(reviewer, application.id, decision, clock.now())


# -- the application form --------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path) -> dict:
    """A real file for each row a 离校2年内未就业高校毕业生 must fill."""
    made = {}
    for kind, data in (("id_front", jpeg_bytes()), ("id_back", png_bytes()), ("diploma", pdf_bytes())):
        made[kind] = tmp_path / GRADUATE_FILES[kind][1]
        made[kind].write_bytes(data)
    return made


def answers(today: datetime.date) -> dict:
    """Graduated last June: always within 2 years and never in the future."""
    return {
        "民族": "汉族",
        "学历": "大学本科",
        "毕业院校": "山西大学",
        "所学专业": "会计学",
        "毕业时间": f"{today.year - 1}-06",
        "户籍所在地": "山西省太原市小店区",
        "现居住地址": "太原市小店区长风街1号",
    }


def fill_answers(page, typed: dict) -> None:
    for label, value in typed.items():
        if label in SELECTS:
            page.get_by_label(label, exact=True).select_option(label=value)
        else:
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_label(GRADUATE).check()


def choose_xiaodian(page, with_js: bool) -> None:
    city_select(page).select_option(label="太原市")
    if not with_js:
        page.get_by_role("button", name="按所选的市更新县区列表").click()
    expect(jurisdiction_select(page).locator("option", has_text="小店区")).to_have_count(1)
    jurisdiction_select(page).select_option(label="小店区")


def set_reload_marker(page) -> None:
    page.evaluate("window.__marker = 1")


def page_was_not_reloaded(page) -> bool:
    return page.evaluate("window.__marker") == 1


def verdicts(page):
    return page.locator("#eligibility li")


def graduate_unknown() -> str:
    return "离校2年内未就业高校毕业生：填写毕业时间后即可知道能否按“离校2年内未就业高校毕业生”申请。"


def graduate_met(month: str) -> str:
    return f"离校2年内未就业高校毕业生：可以申请。您的毕业时间是{month}，离校未满2年，可以按“离校2年内未就业高校毕业生”申请。"


def graduate_unmet(month: str) -> str:
    return f"离校2年内未就业高校毕业生：暂不符合。您的毕业时间是{month}，离校已超过2年，不属于“离校2年内未就业高校毕业生”。"


def youth_met(person: dict) -> str:
    age = age_on(person["birth"], clock.today())
    return f"{YOUTH}：可以申请。按身份证号码，您现在{age}周岁，可以按“{YOUTH}”申请。"


def is_above(upper, lower) -> bool:
    return upper.bounding_box()["y"] + upper.bounding_box()["height"] <= lower.bounding_box()["y"]


def expect_guide_and_eligibility_before_uploads(page, person: dict, axe) -> None:
    """办事指南 open (a first visit), then 能否申请 judged from the ID number, above the first upload row."""
    guide = page.locator("details.guide")
    expect(guide).to_have_attribute("open", "")
    expect(guide.locator("summary")).to_have_text("办事指南：申请条件和需要准备的材料")
    expect(guide.get_by_role("heading", name="谁可以申请")).to_be_visible()
    expect(guide.get_by_role("heading", name="需要准备的材料")).to_be_visible()
    expect(guide.get_by_role("link", name="12333")).to_be_visible()
    expect(page.get_by_role("heading", name="能否申请")).to_be_visible()
    expect(verdicts(page)).to_have_text([graduate_unknown(), youth_met(person)])
    assert is_above(guide, page.locator("#eligibility")), "the 办事指南 is not above 能否申请"
    assert is_above(page.locator("#eligibility"), row(page, "id_front")), "能否申请 is not above the uploads"
    axe(page)


def all_mistakes(summary) -> None:
    """The missing 毕业院校 and the three missing attachments, in one summary."""
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        ["请填写毕业院校", "身份证人像面：请上传身份证人像面", "身份证国徽面：请上传身份证国徽面", "学历证明：请上传学历证明"]
    )
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["#school", "#file_id_front", "#file_id_back", "#file_diploma"], hrefs


def expect_mistakes_by_their_fields(page) -> None:
    expect(page.locator("#school-error")).to_have_text("错误：请填写毕业院校")
    for kind, (label, _) in GRADUATE_FILES.items():
        expect(row(page, kind)).to_have_class(re.compile(r"(^|\s)is-error(\s|$)"))
        expect(page.locator(f"#file_{kind}-error")).to_have_text(f"错误：请上传{label}")


# -- what was submitted --------------------------------------------------------------------------


def expect_submitted(page, person: dict, reference: str, typed: dict, files: dict, axe) -> None:
    """申请内容: every field as typed, and the person's own attachments, which open."""
    expect(page).to_have_url(re.compile(r"/me/applications/\d+$"))
    expect(heading(page)).to_have_text("申请内容")
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"申报编号 {reference}")
    expect(main.locator(".status-pending")).to_have_text("未审核")
    terms, values = main.locator("dl.details dt").all_inner_texts(), main.locator("dl.details dd").all_inner_texts()
    shown = dict(zip(terms, values))
    for label, value in typed.items():
        assert shown.get(label) == value, f"{label}: {shown.get(label)!r}, typed {value!r}"
    assert shown["姓名"] == person["真实姓名"] and shown["手机号码"] == person["手机号码"], shown
    assert shown["出生日期"] == person["birth"].isoformat(), shown
    assert shown["人员类别"] == GRADUATE, shown
    assert "小店区" in shown["业务办理属地"], shown
    assert shown["就业创业证号"] == "—", shown
    links = main.locator("h2:has-text('附件') + ul li")
    expect(links).to_have_text([f"{label}：{name}" for label, name in GRADUATE_FILES.values()])
    for kind, (label, name) in GRADUATE_FILES.items():
        href = main.get_by_role("link", name=name, exact=True).get_attribute("href")
        response = page.request.get(href)
        assert response.ok and response.body() == files[kind].read_bytes(), f"{label} does not open as uploaded"
    axe(page)


def read_submitted_from_me_and_my_applications(
    page, person: dict, reference: str, typed: dict, files: dict, axe
) -> None:
    """个人中心 → 查看申请内容, then 我的办件 → 查看申请内容: the same page."""
    page.locator("header .account").get_by_role("link", name="个人中心").click()
    card = page.locator("main .card", has_text=reference)
    expect(card).to_contain_text("未审核")
    card.get_by_role("link", name=re.compile(r"^查看申请内容")).click()
    expect_submitted(page, person, reference, typed, files, axe)
    from_me = page.url

    page.get_by_role("link", name="返回我的办件").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    card = page.locator("#applications li.card", has_text=reference)
    card.get_by_role("link", name=re.compile(r"^查看申请内容")).click()
    expect(page).to_have_url(from_me)
    expect(heading(page)).to_have_text("申请内容")
    axe(page)


def expect_asked_again_for_unclear_files(page, reference: str, details: str, typed: dict, axe) -> None:
    """/apply/ after 审核不通过 (材料不清晰或不完整): the grounds above the form, files to upload again."""
    rejection = page.locator("#last-rejection")
    expect(rejection.get_by_role("heading")).to_have_text(f"上次申请（申报编号 {reference}）审核不通过")
    expect(rejection.locator(".grounds li")).to_have_text(
        [f"{UNCLEAR.label}：{UNCLEAR.meaning}怎么办：{UNCLEAR.what_to_do}"]
    )
    expect(rejection).to_contain_text(f"经办人员补充说明：{details}")
    assert is_above(rejection, page.locator("#apply-form")), "the grounds are not above the form"
    expect(page.locator("details.guide")).not_to_have_attribute("open", re.compile(".*"))  # not a first visit
    for label, value in typed.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(SELECTS.get(label, value))
    for kind, (_, name) in GRADUATE_FILES.items():
        expect(row(page, kind)).to_have_class(re.compile(r"(^|\s)is-reupload(\s|$)"))
        expect(row(page, kind)).not_to_have_class(re.compile(r"(^|\s)is-done(\s|$)"))
        expect(row(page, kind).locator(".upload-status")).to_have_text(
            f"请重新上传：上次审核时这份材料看不清或不完整（{name}）。"
        )
    axe(page)


# -- 1. 撤回 from 个人中心 --------------------------------------------------------------------------


def withdraw_from_me(page, application: Application, axe) -> None:
    """个人中心 → 未审核 → 撤回: the confirmation page; 确认撤回 withdraws and lands on 我的办件."""
    page.locator("header .account").get_by_role("link", name="个人中心").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    pending = page.locator("main .card", has_text=application.reference)
    expect(pending).to_contain_text("未审核")
    pending.get_by_role("link", name=re.compile(r"^撤回")).click()

    expect(page).to_have_url(re.compile(rf"/me/applications/{application.id}/withdraw$"))
    expect(heading(page)).to_have_text("撤回申请")
    expect(page.get_by_role("main")).to_contain_text(f"确定撤回申报编号 {application.reference} 的就业见习人员申请吗？")
    expect(page.get_by_role("button", name="取消")).to_be_hidden()  # the dialog's, not this page's
    axe(page)

    page.get_by_role("button", name="确认撤回").click()

    expect(page).to_have_url(re.compile(rf"/me/applications\?withdrawn={application.reference}$"))
    expect(heading(page)).to_have_text("我的办件")
    expect(page.locator("#applications .notice")).to_contain_text(f"申报编号 {application.reference} 已撤回。")
    card = page.locator("#applications li.card", has_text=application.reference)
    expect(card.locator(".status-withdrawn")).to_have_text("已撤回")
    expect(card.get_by_role("link", name=re.compile(r"^撤回"))).to_have_count(0)
    axe(page)


def test_first_users_js_withdraw_from_me_page_then_from_my_applications_dialog(page, server, axe):
    username, first = applicant_with_pending_application(server, "孙小雨")
    sign_in(page, username, PASSWORD)

    withdraw_from_me(page, first, axe)

    second = another_application(server, username)
    page.locator("header .account").get_by_role("link", name="个人中心").click()
    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="我的办件").click()
    expect(page).to_have_url(re.compile(r"/me/applications$"))
    card = page.locator("#applications li.card", has_text=second.reference)
    expect(card.locator(".status-pending")).to_have_text("未审核")
    set_reload_marker(page)

    card.get_by_role("link", name=re.compile(r"^撤回")).click()

    dialog = page.get_by_role("dialog", name="撤回申请")
    expect(dialog).to_be_visible()
    assert dialog.evaluate("d => d.open && d.matches(':modal')"), "撤回 is not asked in a modal dialog"
    expect(dialog).to_contain_text(second.reference)
    axe(page)

    dialog.get_by_role("button", name="确认撤回").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#applications .notice")).to_contain_text(f"申报编号 {second.reference} 已撤回。")
    expect(card.locator(".status-withdrawn")).to_have_text("已撤回")
    assert page_was_not_reloaded(page), "撤回 in the dialog reloaded the page"
    axe(page)


def test_first_users_nojs_withdraw_from_me_and_from_my_applications_by_pages(page_nojs, server, axe):
    page = page_nojs
    username, first = applicant_with_pending_application(server, "周小林")
    sign_in(page, username, PASSWORD)

    withdraw_from_me(page, first, axe)

    second = another_application(server, username)
    page.goto("/me/applications")
    card = page.locator("#applications li.card", has_text=second.reference)
    card.get_by_role("link", name=re.compile(r"^撤回")).click()

    expect(page).to_have_url(re.compile(rf"/me/applications/{second.id}/withdraw$"))
    expect(heading(page)).to_have_text("撤回申请")
    axe(page)
    page.get_by_role("button", name="确认撤回").click()

    expect(page).to_have_url(re.compile(rf"/me/applications\?withdrawn={second.reference}$"))
    expect(page.locator("#applications .notice")).to_contain_text(f"申报编号 {second.reference} 已撤回。")
    axe(page)


# -- 3. 办事指南, 能否申请, every mistake at once ----------------------------------------------------------


def test_first_users_js_eligibility_follows_graduation_month_and_all_mistakes_show_at_once(page, server, axe):
    person = new_person("吴小燕")
    register(page, person)
    page.goto("/apply/")
    expect(heading(page)).to_have_text("就业见习人员申请")
    expect_guide_and_eligibility_before_uploads(page, person, axe)
    today = clock.today()
    recent, long_ago = f"{today.year - 1}-06", f"{today.year - 3}-06"
    month = page.get_by_label("毕业时间", exact=True)
    set_reload_marker(page)

    month.fill(recent)

    expect(verdicts(page)).to_have_text([graduate_met(recent), youth_met(person)])
    axe(page)

    month.fill(long_ago)

    expect(verdicts(page)).to_have_text([graduate_unmet(long_ago), youth_met(person)])
    assert page_was_not_reloaded(page), "the 能否申请 box reloaded the page"
    axe(page)

    typed = {label: value for label, value in answers(today).items() if label != "毕业院校"}
    fill_answers(page, typed)
    choose_xiaodian(page, with_js=True)
    page.get_by_role("button", name="提交", exact=True).click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    all_mistakes(summary)
    expect_mistakes_by_their_fields(page)
    expect(verdicts(page)).to_have_text([graduate_met(recent), youth_met(person)])
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page_was_not_reloaded(page), "a form with mistakes reloaded the page"
    axe(page)


def test_first_users_nojs_eligibility_from_what_was_submitted_and_all_mistakes_show_at_once(page_nojs, server, axe):
    page = page_nojs
    person = new_person("郑小华")
    register(page, person)
    page.goto("/apply/")
    expect_guide_and_eligibility_before_uploads(page, person, axe)
    today = clock.today()
    long_ago = f"{today.year - 3}-06"
    typed = {label: value for label, value in answers(today).items() if label != "毕业院校"}
    fill_answers(page, {**typed, "毕业时间": long_ago})
    expect(verdicts(page)).to_have_text([graduate_unknown(), youth_met(person)])  # nothing sent yet

    choose_xiaodian(page, with_js=False)  # 按所选的市更新县区列表 sends the form: judged from what it sent

    expect(verdicts(page)).to_have_text([graduate_unmet(long_ago), youth_met(person)])
    expect(page.locator(".error-summary")).to_have_count(0)
    axe(page)

    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_title(re.compile(r"^错误：就业见习人员申请"))
    all_mistakes(page.locator(".error-summary"))
    expect_mistakes_by_their_fields(page)
    expect(verdicts(page)).to_have_text([graduate_unmet(long_ago), youth_met(person)])
    axe(page)


# -- 4. after 申报成功; what was submitted; applying again after 审核不通过 ----------------------------------


def fill_whole_form(page, typed: dict, files: dict, with_js: bool) -> None:
    fill_answers(page, typed)
    choose_xiaodian(page, with_js)
    for kind, (label, _) in GRADUATE_FILES.items():
        file_input(page, label).set_input_files(files[kind])
        if with_js:
            expect_row_done(page, kind, files[kind])


def test_first_users_js_after_success_no_form_is_left_then_read_it_and_reapply_after_unclear_files(
    page, server, axe, files
):
    person = new_person("钱小兰")
    register(page, person)
    typed = answers(clock.today())
    page.goto("/apply/")
    fill_whole_form(page, typed, files, with_js=True)
    set_reload_marker(page)
    page.get_by_role("button", name="提交", exact=True).click()

    dialog = page.get_by_role("dialog", name="申报成功")
    expect(dialog).to_be_visible()
    reference = dialog.locator("p", has_text="申报编号").locator("strong").inner_text()
    axe(page)

    dialog.get_by_role("button", name="关闭").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    outcome = page.locator("#apply-form")
    expect(outcome.get_by_role("heading", name="申报成功")).to_be_visible()
    expect(outcome).to_contain_text(f"申报编号：{reference}")
    expect(outcome.get_by_role("link", name="查看未审核")).to_be_visible()
    expect(outcome.get_by_role("link", name="确认页（可以保存此页）")).to_be_visible()
    expect(page.locator("form#apply-form")).to_have_count(0)
    expect(outcome.locator("input, select, textarea, button")).to_have_count(0)
    expect(page.get_by_role("button", name="提交", exact=True)).to_have_count(0)
    assert page_was_not_reloaded(page)
    axe(page)

    read_submitted_from_me_and_my_applications(page, person, reference, typed, files, axe)

    details = "身份证照片反光"
    reject_as_unclear(server, reference, details)
    page.goto("/me/")
    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="就业见习人员申请").click()

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect_asked_again_for_unclear_files(page, reference, details, typed, axe)

    file_input(page, "身份证人像面").set_input_files(files["id_front"])

    expect_row_done(page, "id_front", files["id_front"])
    expect(row(page, "id_front")).not_to_have_class(re.compile(r"(^|\s)is-reupload(\s|$)"))
    expect(row(page, "id_back")).to_have_class(re.compile(r"(^|\s)is-reupload(\s|$)"))
    axe(page)


def test_first_users_nojs_success_page_then_read_it_and_reapply_after_unclear_files(page_nojs, server, axe, files):
    page = page_nojs
    person = new_person("冯小梅")
    register(page, person)
    typed = answers(clock.today())
    page.goto("/apply/")
    fill_whole_form(page, typed, files, with_js=False)

    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_url(re.compile(r"/apply/done/JX\d{14}$"))
    expect(heading(page)).to_have_text("申报成功")
    reference = page.url.rsplit("/", 1)[1]
    expect(page.get_by_role("main").locator("input, select, textarea, button")).to_have_count(0)
    axe(page)

    read_submitted_from_me_and_my_applications(page, person, reference, typed, files, axe)

    details = "学历证明缺少盖章页"
    reject_as_unclear(server, reference, details)
    page.goto("/me/")
    page.get_by_role("navigation", name="个人中心").get_by_role("link", name="就业见习人员申请").click()

    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect_asked_again_for_unclear_files(page, reference, details, typed, axe)


# -- 5. accounts -----------------------------------------------------------------------------------


def test_first_users_register_with_confirmation_then_sign_in_by_username_mobile_or_id_number(page, server, axe):
    person = new_person("陈小军")
    page.goto("/register")
    for label, value in person.items():
        if label != "birth":
            page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("确认密码", exact=True).fill(PASSWORD + "x")
    page.get_by_role("button", name="注册").click()

    expect(page).to_have_title(re.compile(r"^错误：个人注册"))
    expect(page.locator(".error-summary").get_by_role("link")).to_have_text(["两次输入的密码不一致"])
    expect(page.locator("#confirm_password-error")).to_have_text("错误：两次输入的密码不一致")
    expect(page.get_by_label("确认密码", exact=True)).to_have_attribute("aria-invalid", "true")
    axe(page)

    register(page, person)

    expect(heading(page)).to_have_text("个人中心")
    welcome = page.get_by_role("status").filter(has_text="注册成功")
    expect(welcome).to_contain_text(f"注册成功，欢迎您，{person['真实姓名']}。")
    expect(welcome.get_by_role("link", name="申请成为就业见习人员")).to_have_attribute("href", "/apply/")
    axe(page)

    sign_out(page)
    page.goto("/me/")

    expect(page).to_have_url(re.compile(r"/login\?next=/me/$"))
    expect(heading(page)).to_have_text("登录")
    expect(page.get_by_role("status").filter(has_text="请先登录")).to_be_visible()
    axe(page)

    for login in (person["手机号码"], person["身份证号码"], person["用户名"]):
        sign_in(page, login, PASSWORD)
        expect(page).to_have_url(re.compile(r"/me/$"))
        expect(page.locator("header .account .who")).to_have_text(person["真实姓名"])
        expect(page.get_by_role("status").filter(has_text="注册成功")).to_have_count(0)
        sign_out(page)


@pytest.mark.parametrize("viewport", [None, DESK], ids=["phone", "desk"])
def test_first_users_staff_see_login_workbench_and_office_menu(new_page, server, axe, viewport):
    page = new_page(**({"viewport": viewport} if viewport else {}))
    page.goto("/login")
    expect(heading(page)).to_have_text("登录")
    expect(page).to_have_title(re.compile(r"^登录 - "))
    expect(page.get_by_text("个人登录")).to_have_count(0)

    sign_in(page, "xiaodian", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/review/$"))
    account = page.locator("header .account")
    expect(account.get_by_role("link", name="工作台")).to_be_visible()
    expect(account.get_by_role("link", name="个人中心")).to_have_count(0)
    menu = page.get_by_role("navigation", name="主菜单")
    expect(menu.get_by_role("link", name="经办业务")).to_be_visible()
    expect(menu.get_by_role("link", name="个人办事")).to_have_count(0)
    axe(page)

    page.goto("/")
    menu.get_by_role("link", name="经办业务").click()

    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(heading(page)).to_have_text("审核工作台")
    account.get_by_role("link", name="工作台").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    axe(page)
