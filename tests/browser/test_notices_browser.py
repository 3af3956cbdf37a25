"""Issue 24 in a real browser: 消息, 通知设置 and 忘记密码, on a phone (360×740).

One walk, run twice, with JavaScript on and off:

1. An applicant has a submitted application (made by the services); a reviewer of its 小店区
   office, at a desk (1280×800), opens it and 审核通过.
2. The applicant signs in on the phone: the header says 消息（1条未读） on 个人中心. 消息 lists
   "就业见习人员申请已审核通过" as 未读; 查看并办理 marks it read and opens the application, whose
   header has no count any more; back in 消息 it is 已读 and nothing is left to mark.
3. 通知设置: the applicant unticks 同时发短信 for 审核结果 and saves; the page says so and keeps it.
4. 退出, then 登录 → 忘记密码？: username and mobile, then the 6-digit code from the SMS (its outbox
   row) and a new password twice; 登录 says the password was reset, and the new one signs in.

Every kind of page the applicant sees is checked with axe-core and for sideways scrolling at 360 px;
the fixtures fail the test on any console error with JavaScript on.
"""
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from jianxi.db import db
from jianxi.models import (
    CHANNEL_SMS,
    GROUP_DECISIONS,
    GROUP_OFFERS,
    GROUPS,
    Application,
    Message,
    NoticeChoice,
    Outbox,
    User,
)
from tests.factories import PASSWORD, make_application, make_user, valid_id_number

from .helpers import PHONE, Walk, heading, sign_in

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}
XIAODIAN = "140105"
TITLE = "就业见习人员申请已审核通过"
NEW_PASSWORD = "xin-mima-2026"
CODE_IN_SMS = re.compile(r"验证码为(\d{6})")
# The visually hidden part of a name comes with spaces around it in Chromium's accessible names.
OPEN_IT = re.compile(rf"^查看并办理\s*：\s*{TITLE}$")
WALKS = [pytest.param(True, id="js-on"), pytest.param(False, id="js-off")]


@dataclass
class World:
    """An applicant with a 未审核 application of 小店区, and a reviewer of 小店区's office."""

    applicant: str
    real_name: str
    mobile: str
    application_id: int
    reference: str
    office: str


@contextmanager
def in_database(server):
    server.point_proxy_here()
    with server.app.app_context(), db.connection_context():
        yield


def make_world(server) -> World:
    mark = uuid.uuid4().int
    mobile = f"137{mark % 10**8:08d}"  # its own number, so its SMS are told apart from everyone's
    with in_database(server):
        user = make_user(f"nt{mark % 10**10:010d}", real_name="赵消息", mobile=mobile,
                         id_number=valid_id_number(birth="20011109", sequence=f"{mark % 1000:03d}"))
        application = make_application(user, jurisdiction=XIAODIAN, mobile=mobile)
        office = make_user(f"xd_nt{mark % 10**8:08d}", role="reviewer", jurisdiction=XIAODIAN, real_name="孙审核")
        return World(user.username, user.real_name, mobile, application.id, application.reference, office.username)


def main(page):
    return page.get_by_role("main")


def account_bar(page):
    return page.locator("header .account")


def messages_link(page):
    """消息 in the header; its name says how many are unread (条未读 is for screen readers)."""
    return account_bar(page).get_by_role("link", name=re.compile(r"^消息"))


def the_message(page):
    return main(page).locator("ol.messages > li", has_text=TITLE)


# -- 1. the office approves ------------------------------------------------------------------------


def office_approves(page, walk: Walk, world: World) -> None:
    sign_in(page, world.office, PASSWORD)
    page.goto(f"/review/applications/{world.application_id}")
    expect(heading(page)).to_have_text(f"就业见习人员申请 {world.reference}")
    expect(main(page)).to_contain_text("审核状态：未审核")
    walk.check(page, "审核 (office)")
    page.locator("#decision").get_by_role("button", name="审核通过").click()
    page.get_by_role("button", name="确认通过").click()  # in a dialog with JavaScript, on a page without
    expect(main(page).locator(".notice").first).to_have_text(f"申报编号 {world.reference} 已审核通过。")


# -- 2. the applicant reads the message and follows its link ----------------------------------------


def sees_the_count(page, walk: Walk, world: World) -> None:
    sign_in(page, world.applicant, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(messages_link(page)).to_have_text("消息（1条未读）")
    expect(messages_link(page)).to_have_accessible_name(re.compile(r"^消息（1\s*条未读\s*）$"))
    expect(page.get_by_role("heading", name="您已是就业见习人员")).to_be_visible()
    walk.check(page, "个人中心 (1 unread)")


def reads_the_message(page, walk: Walk, world: World) -> None:
    messages_link(page).click()
    expect(page).to_have_url(re.compile(r"/me/messages$"))
    expect(heading(page)).to_have_text("消息")
    expect(main(page).locator("#messages .count")).to_have_text("共 1 条，其中 1 条未读（最新的在前）")
    message = the_message(page)
    expect(message).to_have_class(re.compile(r"(^|\s)unread(\s|$)"))
    expect(message.get_by_role("heading")).to_have_text(f"未读 {TITLE}")
    expect(message).to_contain_text("您的就业见习人员申请已审核通过。可以浏览并收藏见习岗位，等待单位联系。")
    expect(main(page).get_by_role("button", name="全部标为已读")).to_be_visible()
    walk.check(page, "消息 (unread)")

    message.get_by_role("button", name=OPEN_IT).click()
    expect(page).to_have_url(re.compile(rf"/me/applications/{world.application_id}$"))
    expect(heading(page)).to_have_text("申请内容")
    expect(main(page)).to_contain_text(f"申报编号 {world.reference}")
    expect(main(page).locator(".status-approved")).to_have_text("审核通过")
    expect(messages_link(page)).to_have_accessible_name("消息")
    walk.check(page, "申请内容")

    messages_link(page).click()
    expect(page).to_have_url(re.compile(r"/me/messages$"))
    expect(main(page).locator("#messages .count")).to_have_text("共 1 条（最新的在前）")
    message = the_message(page)
    expect(message).not_to_have_class(re.compile(r"(^|\s)unread(\s|$)"))
    expect(message.get_by_role("heading")).to_have_text(TITLE)
    expect(message.locator(".meta")).to_contain_text("已读")
    expect(message.get_by_role("button", name=OPEN_IT)).to_be_visible()  # the link stays
    expect(main(page).get_by_role("button", name="全部标为已读")).to_have_count(0)
    walk.check(page, "消息 (read)")


# -- 3. 通知设置 --------------------------------------------------------------------------------------


def group(page, name: str):
    return main(page).get_by_role("group", name=name, exact=True)


def turns_off_sms_for_decisions(page, walk: Walk) -> None:
    main(page).get_by_role("link", name="通知设置").click()
    expect(page).to_have_url(re.compile(r"/account/notices$"))
    expect(heading(page)).to_have_text("通知设置")
    decisions = group(page, GROUPS[GROUP_DECISIONS])
    expect(decisions.get_by_label("同时发短信")).to_be_checked()  # the default
    expect(decisions.get_by_label("同时发电子邮件")).not_to_be_checked()
    walk.check(page, "通知设置")

    decisions.get_by_label("同时发短信").uncheck()
    main(page).get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/account/notices\?saved=saved$"))
    expect(main(page).get_by_role("status").filter(has_text="通知设置已保存")).to_have_text("通知设置已保存。")
    expect(group(page, GROUPS[GROUP_DECISIONS]).get_by_label("同时发短信")).not_to_be_checked()
    for name, label in GROUPS.items():
        if name != GROUP_DECISIONS:  # the other groups as they were: offers by SMS, the rest not
            sms = group(page, label).get_by_label("同时发短信")
            expect(sms).to_be_checked(checked=name == GROUP_OFFERS)
    walk.check(page, "通知设置 (saved)")


# -- 4. 忘记密码 --------------------------------------------------------------------------------------


def sign_out(page) -> None:
    account_bar(page).get_by_role("button", name="退出").click()
    expect(account_bar(page).get_by_role("link", name="登录", exact=True)).to_be_visible()


def code_sent_to(server, mobile: str) -> str:
    with in_database(server):
        sms = (Outbox.select().where((Outbox.channel == CHANNEL_SMS) & (Outbox.address == mobile))
               .order_by(Outbox.created_at.desc(), Outbox.id.desc()).first())
    assert sms is not None, f"no SMS to {mobile} in the outbox"
    found = CODE_IN_SMS.search(sms.body)
    assert found, f"the newest SMS to {mobile} carries no code: {sms.body}"
    return found.group(1)


def resets_the_password(page, walk: Walk, server, world: World) -> None:
    sign_out(page)
    account_bar(page).get_by_role("link", name="登录", exact=True).click()
    expect(heading(page)).to_have_text("登录")
    walk.check(page, "登录")
    main(page).get_by_role("link", name="忘记密码？").click()

    expect(page).to_have_url(re.compile(r"/password/forgot$"))
    expect(heading(page)).to_have_text("忘记密码")
    walk.check(page, "忘记密码")
    page.get_by_label("用户名", exact=True).fill(world.applicant)
    page.get_by_label("手机号码", exact=True).fill(world.mobile)
    main(page).get_by_role("button", name="获取验证码").click()

    expect(page).to_have_url(re.compile(r"/password/reset$"))
    expect(heading(page)).to_have_text("设置新密码")
    expect(main(page).get_by_role("status")).to_have_text(
        "如果用户名和手机号码相符，验证码已发送到该手机，10分钟内有效，最多可以输入5次。")
    walk.check(page, "设置新密码")
    page.get_by_label("短信验证码", exact=True).fill(code_sent_to(server, world.mobile))
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("确认新密码", exact=True).fill(NEW_PASSWORD)
    main(page).get_by_role("button", name="设置新密码").click()

    expect(page).to_have_url(re.compile(r"/login\?reset=done$"))
    expect(main(page).get_by_role("status")).to_have_text("密码已重置，所有设备上的登录都已退出。请用新密码登录。")
    walk.check(page, "登录 (password reset)")

    sign_in(page, world.applicant, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(account_bar(page).locator(".who")).to_have_text(world.real_name)
    expect(messages_link(page)).to_have_accessible_name("消息")


# -- the walk -------------------------------------------------------------------------------------


@pytest.mark.parametrize("with_js", WALKS)
def test_notices_walk_approved_count_read_link_settings_forgot_password(new_page, server, axe, with_js):
    walk = Walk(with_js, axe)
    world = make_world(server)
    office_page = new_page(viewport=DESK, java_script_enabled=with_js)
    phone = new_page(viewport=PHONE, java_script_enabled=with_js)

    office_approves(office_page, walk, world)
    with in_database(server):
        assert Application.get_by_id(world.application_id).status == "approved"
        user = User.get(User.username == world.applicant)
        (message,) = Message.select().where(Message.user == user.id)
        link = f"/me/applications/{world.application_id}"
        assert (message.title, message.link, message.read_at) == (TITLE, link, None)
        assert Outbox.select().where((Outbox.message == message.id) & (Outbox.channel == CHANNEL_SMS)
                                     & (Outbox.address == world.mobile)).count() == 1

    sees_the_count(phone, walk, world)
    reads_the_message(phone, walk, world)
    with in_database(server):
        assert Message.get_by_id(message.id).read_at is not None

    turns_off_sms_for_decisions(phone, walk)
    with in_database(server):
        choice = NoticeChoice.get((NoticeChoice.user == user.id) & (NoticeChoice.group == GROUP_DECISIONS))
        assert (choice.sms, choice.email) == (False, False)

    resets_the_password(phone, walk, server, world)
