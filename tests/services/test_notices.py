"""Every change that concerns someone writes their 消息, and an SMS (or e-mail) row where their choice
or the group's default says so, in the change's own transaction: a change refused or rolled back
writes neither. Each message's link opens a page of the recipient's."""
import datetime

import pytest

from jianxi.models import Application, Message, NoticeChoice, Outbox, Placement, User
from jianxi.services import batches, claims, endings, notices, review
from jianxi.services.errors import Conflict
from tests import clock
from tests.factories import (
    PASSWORD,
    filed_placement,
    make_application,
    make_user,
    month_record,
    offer_to,
    person,
    subsidy_rule,
)

D = datetime.date
NOW = clock.now()


def _kinds(user) -> list[str]:
    return [m.kind for m in Message.select().where(Message.user == user.id).order_by(Message.id)]


def _sms(user) -> list[str]:
    return [row.body for row in Outbox.select().join(Message)
            .where((Message.user == user.id) & (Outbox.channel == "sms") & (Outbox.address == user.mobile))
            .order_by(Outbox.id)]


def test_a_decision_on_an_application_reaches_the_applicant_in_the_service_and_by_sms(dbc):
    applicant = person(1, mobile="13700000001")
    application = make_application(applicant, jurisdiction="140105")
    office = make_user("office_a", role="reviewer", jurisdiction="140105")
    review.decide(office, application.id, review.Decision(True), NOW)
    [message] = Message.select().where(Message.user == applicant.id)
    assert (message.kind, message.title, message.link, message.read_at) == (
        "application_decided", "就业见习人员申请已审核通过", f"/me/applications/{application.id}", None)
    assert _sms(applicant) == ["【山西就业见习】您的就业见习人员申请已审核通过，请登录查看。"]
    # Deciding again is refused: no second message, no second SMS.
    with pytest.raises(Conflict):
        review.decide(office, application.id, review.Decision(True), NOW)
    assert _kinds(applicant) == ["application_decided"] and len(_sms(applicant)) == 1


def test_a_change_whose_notice_cannot_be_written_is_not_made(dbc, monkeypatch):
    applicant = person(2, mobile="13700000002")
    application = make_application(applicant, jurisdiction="140105")
    office = make_user("office_b", role="reviewer", jurisdiction="140105")

    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(Outbox, "create", broken)
    with pytest.raises(RuntimeError):
        review.decide(office, application.id, review.Decision(True), NOW)
    assert Application.get_by_id(application.id).status == "pending"
    assert not Message.select().exists()


def test_a_person_who_turned_sms_off_gets_the_message_only(dbc):
    applicant = person(3, mobile="13700000003")
    NoticeChoice.create(user=applicant, group="decisions", sms=False, email=False)
    application = make_application(applicant, jurisdiction="140105")
    review.decide(make_user("office_c", role="reviewer", jurisdiction="140105"), application.id,
                  review.Decision(True), NOW)
    assert _kinds(applicant) == ["application_decided"] and _sms(applicant) == []


def test_the_way_from_offer_to_paid_tells_each_side(dbc):
    subsidy_rule()
    early = make_user("xiaodian_early", role="reviewer", jurisdiction="140105")
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    trainee = placement.user
    office = User.get(User.username == "office_of_danwei1")
    # filed_placement went through: application approved, offer, agreement changed, 备案.
    assert _kinds(trainee) == ["application_decided", "offer", "agreement_to_confirm", "placement_decided"]
    assert _kinds(early) == ["recognition_submitted", "placement_submitted"]
    assert _kinds(unit_user)[-1] == "placement_decided"
    # The offer (group offers) went by SMS; the agreement to confirm (a task) did not.
    assert _sms(trainee) == ["【山西就业见习】您的就业见习人员申请已审核通过，请登录查看。",
                             "【山西就业见习】您收到见习岗位“软件测试见习生”的录用通知，7天内有效，请登录答复。",
                             "【山西就业见习】见习记录已备案，请登录查看。"]
    for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
        month_record(unit_user, placement, month, 20)
    [claim] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), D(2026, 10, 20), NOW)
    assert _kinds(office)[-1] == "claim_submitted"
    september = next(line for line in claims.lines(claim) if line.month == D(2026, 9, 1))
    claims.decide(office, claim, {september.id: "考勤表缺页"}, NOW)
    assert _kinds(unit_user)[-1] == "claim_returned"
    batch = batches.publish(office, "电话 0351-1234567", D(2026, 10, 21), NOW)
    assert _kinds(unit_user)[-1] == "batch_published"
    batches.pay(office, batch, {"paid_on": "2026-10-30", "voucher": "PZ-1"}, D(2026, 10, 30), NOW)
    assert _kinds(unit_user)[-1] == "batch_paid"
    ended = endings.assess(unit_user, Placement.get_by_id(placement.id),
                           {"assessment": "pass", "assessment_text": "合格。"}, placement.end_date, NOW)
    assert ended.certificate_code and _kinds(trainee)[-1] == "certificate"


def test_a_failed_ending_tells_no_one(dbc):
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    before = Message.select().count()
    with pytest.raises(Conflict):
        endings.assess(unit_user, placement, {"assessment": "pass", "assessment_text": "合格。"}, D(2026, 8, 1), NOW)
    assert Message.select().count() == before


def test_every_link_opens_a_page_of_its_recipient(app, dbc):
    subsidy_rule()
    make_user("xiaodian_first", role="reviewer", jurisdiction="140105")  # there before the unit applies
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    office = User.get(User.username == "office_of_danwei1")
    for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
        month_record(unit_user, placement, month, 20)
    [claim] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), D(2026, 10, 20), NOW)
    claims.decide(office, claim, {}, NOW)
    batch = batches.publish(office, "电话 0351-1234567", D(2026, 10, 21), NOW)
    batches.pay(office, batch, {"paid_on": "2026-10-30", "voucher": "PZ-1"}, D(2026, 10, 30), NOW)
    endings.assess(unit_user, Placement.get_by_id(placement.id), {"assessment": "pass", "assessment_text": "合格。"},
                   placement.end_date, NOW)
    messages = list(Message.select(Message, User).join(User).order_by(Message.id))
    kinds = {m.kind for m in messages}
    assert {"application_decided", "offer", "agreement_to_confirm", "placement_submitted", "placement_decided",
            "claim_submitted", "claim_approved", "batch_published", "batch_paid", "certificate",
            "recognition_submitted", "recognition_decided"} <= kinds
    for message in messages:
        client = app.test_client()
        assert client.post("/login", data={"username": message.user.username, "password": PASSWORD}).status_code == 303
        assert client.get(message.link).status_code == 200, (message.kind, message.link, message.user.username)


def test_an_offer_reaches_the_person_with_its_page_and_counts_as_unread(dbc):
    subsidy_rule()
    unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=3)
    position = placement.position
    waiting = person(5, mobile="13700000005")
    review.decide(make_user("office_e", role="reviewer", jurisdiction="140105"),
                  make_application(waiting, jurisdiction="140105").id, review.Decision(True), NOW)
    step = offer_to(unit_user, position, waiting)
    assert _kinds(waiting)[-1] == "offer"
    assert Message.get((Message.user == waiting.id) & (Message.kind == "offer")).link == f"/me/offers/{step.id}"
    assert notices.unread_count(waiting) == 2
