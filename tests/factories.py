"""Plain functions that make rows for tests, and what rows are made from: a password, files, the
answers of an application, an office's 见习岗位 form, a decision, units registered, applying for 认定,
recognised and proposing positions (with a unit's 见习岗位 form), the rows of a 批量导入 CSV.

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import csv
import datetime
import io
import itertools

from jianxi.models import LICENCE, Employer, Position
from jianxi.services import review
from tests import clock

_counter = itertools.count(1)

PASSWORD = "secret-pass-1"  # every account's, unless a test gives another


def make_employer(**fields) -> Employer:
    n = next(_counter)
    values = {
        "name": f"山西测试{n}科技有限公司",
        "region": "140105",
        "address": "太原市小店区长风街1号",
        "contact_person": "王女士",
        "phone": "0351-1234567",
    }
    values.update(fields)
    return Employer.create(**values)


def make_position(employer: Employer | None = None, **fields) -> Position:
    from jianxi.reference import regions

    employer = employer or make_employer()
    today = clock.today()
    region = fields.pop("region", "140105")
    values = {
        "title": "会计助理",
        "employer": employer,
        "region": region,
        "city": regions.city_of(region),
        "address": "太原市小店区长风街1号",
        "openings": 2,
        "education": "bachelor",
        "major": "会计学",
        "duration_months": 6,
        "monthly_subsidy": 2000,
        "duties": "协助做账。",
        "contact": "王老师 0351-1234567",
        "published_at": datetime.datetime.combine(today, datetime.time(9)),
        "deadline": today + datetime.timedelta(days=30),
        "status": "open",
    }
    values.update(fields)
    return Position.create(**values)


def valid_id_number(birth: str = "20030512", region: str = "140105", sequence: str = "123") -> str:
    from jianxi.services.idcard import check_digit

    first17 = f"{region}{birth}{sequence}"
    return first17 + check_digit(first17)


def make_user(username: str = "zhangsan", password: str = PASSWORD, **fields):
    from jianxi.services import accounts

    values = {
        "real_name": "张三",
        "mobile": "13912345678",
        # Born on another day than trainee(n) and person(n) (2003-05-12, sequence n), so that the
        # counter's numbers never meet theirs whatever order a run makes users in.
        "id_number": valid_id_number(birth="20040101", sequence=f"{next(_counter) % 1000:03d}"),
        "role": "applicant",
        "jurisdiction": None,
    }
    values.update(fields)
    if values["role"] != "applicant" and "id_number" not in fields:
        values["id_number"] = None
    return accounts.create_user(accounts.NewUser(username=username, password=password, **values))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 2000 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500
PDF = b"%PDF-1.4\n" + b"0" * 500 + b"\n%%EOF"


def make_attachment(owner, kind="id_front", data=JPEG, name="证件.jpg", files=None):
    """An attachment kept in `files` (an ops.storage store), by default the app's."""
    from jianxi.ops import storage
    from jianxi.services import attachments

    return attachments.store(owner, kind, io.BytesIO(data), name, files or storage.current())


def application_data(**changes):
    from jianxi.services.applications import ApplicationData

    values = {
        "ethnicity": "01",
        "education": "bachelor",
        "school": "山西大学",
        "major": "会计学",
        "graduation_month": "2025-06",
        "category": "graduate",
        "employment_card_no": "",
        "mobile": "13912345678",
        "household": "山西省太原市小店区",
        "address": "太原市小店区长风街1号",
        "jurisdiction": "140105",
    }
    values.update(changes)
    return ApplicationData(**values)


def make_application(user, key=None, now=None, **changes):
    import uuid

    from jianxi.services import applications

    files = {kind: make_attachment(user, kind) for kind in ("id_front", "id_back", "diploma", "employment_card")}
    return applications.submit(
        user, application_data(**changes), files, key or str(uuid.uuid4()), now or clock.now()
    )


def person(n: int, **fields):
    """The n-th applicant of a test (username person<n>), born 2003-05-12 in 小店区."""
    return make_user(f"person{n}", id_number=valid_id_number(birth="20030512", sequence=f"{n:03d}"), **fields)


def trainee(n=1, jurisdiction="140105", approve=True):
    """A 就业见习人员 of `jurisdiction` (username trainee<n>): applied, and approved by its office
    unless approve=False, when the application stays 未审核."""
    user = make_user(f"trainee{n}", id_number=valid_id_number(birth="20030512", sequence=f"{n:03d}"))
    application = make_application(user, jurisdiction=jurisdiction)
    if approve:
        office = make_user(f"office{n}", role="reviewer", jurisdiction=jurisdiction)
        review.decide(office, application.id, review.Decision(True), clock.now())
    return user


# Decisions

APPROVE = review.Decision(approve=True)


def reject(details="", *grounds):
    """审核不通过 on these grounds (材料不清晰或不完整 unless told), with these words of explanation."""
    return review.Decision(approve=False, grounds=grounds or ("unclear_files",), details=details)


# An office's 见习岗位 form with every field right: change one to see its message.
GOOD_POSITION = {
    "title": "出纳见习", "address": "小店区长风街1号", "openings": "2", "education": "bachelor", "major": "",
    "duration_months": "6", "monthly_subsidy": "2000", "duties": "协助出纳工作", "contact": "王老师 0351-1234567",
    "deadline": (clock.today() + datetime.timedelta(days=60)).isoformat(),
}


# 见习单位 by their own door (单位注册, 认定, the positions they propose), made by the services

def unit_code(body: str, region: str = "140105") -> str:
    """A valid 统一社会信用代码 (GB 32100-2015's check character) of a unit registered in `region`,
    `body` its nine characters."""
    from jianxi.services import credit_code

    first17 = f"91{region}{body}"
    return first17 + credit_code.check_character(first17)


code = unit_code  # the name the 批量导入 tests know it by


# When register_unit registers unless told: a fixed time, the one tests/services/test_units.py acts at.
REGISTERED_AT = datetime.datetime(2026, 11, 2, 9, 30)


def register_unit(username: str, credit_code: str, region: str = "140105", name: str = "山西晋阳软件有限公司",
                  now: datetime.datetime = REGISTERED_AT):
    """单位注册 by the service (李经办's account `username`): (user, UnitAccount). A new `credit_code` makes
    an unrecognised unit and a confirmed account; a known one, a request to act for that unit."""
    from jianxi.services import units

    return units.register(units.NewUnitAccount(
        username=username, password=PASSWORD, person_name="李经办", mobile="13912345678",
        credit_code=credit_code, unit_name=name, region=region), now)


def submitted_recognition(username: str, body: str, region: str = "140105", licence=PDF,
                          name: str = "山西晋阳软件有限公司"):
    """A unit registered by `username` (credit code unit_code(body)), its 认定 application complete
    (a 营业执照 PDF, or a JPEG if `licence` is other data, and one 带教老师) and submitted:
    (user, Recognition), 待审核 at the office of `region`."""
    from jianxi.ops import storage
    from jianxi.services import access, attachments, recognition

    user, _ = register_unit(username, unit_code(body), region=region, name=name)
    unit = access.acting_for(user)
    kind_name = "营业执照.pdf" if licence == PDF else "营业执照.jpg"
    kept = attachments.store(user, LICENCE, io.BytesIO(licence), kind_name, storage.current())
    data, errors = recognition.parse(
        {"unit_type": "enterprise", "industry": "I", "insured_staff": "35", "address": "太原市小店区长治路1号",
         "region": region, "contact_person": "李经办", "phone": "0351-7654321", "statement": "软件开发，可提供3个见习岗位。"},
        [{"name": "张老师", "title": "技术总监", "phone": "13812345678"}],
    )
    assert errors == {}
    recognition.save(user, unit, data, kept.id, clock.now())
    return user, recognition.submit(user, unit, clock.now())


def recognised_unit(username: str, body: str, region: str, name: str) -> Employer:
    """A unit registered by `username` as submitted_recognition makes it, then recognised by an office
    of `region` (username office_<username>): the Employer, 已认定."""
    from jianxi.services import recognition

    _, applied = submitted_recognition(username, body, region, name=name)
    office = make_user(f"office_{username}", role="reviewer", jurisdiction=region)
    recognition.decide(office, applied.id, recognition.Decision("recognise"), clock.now())
    return Employer.get_by_id(applied.employer_id)


def unit_position_form(**changes) -> dict:
    """A unit's 见习岗位 form (as jianxi.services.unit_positions.check reads it), every field right
    unless changed: change one to see its message."""
    deadline = (clock.today() + datetime.timedelta(days=60)).isoformat()
    values = {"title": "软件测试见习生", "address": "太原市小店区长治路1号", "openings": "2", "education": "college",
              "major": "计算机类", "duration_months": "6", "monthly_subsidy": "1800", "duties": "参与软件测试。",
              "contact": "李经办 13912345678", "deadline": deadline}
    return values | changes


def position_proposal(unit: Employer, username: str, position_id: int | None = None, **changes):
    """A position proposed by a new account `username` of `unit` from unit_position_form(**changes):
    a new one, or an edit of `position_id` when given. The PositionProposal waiting for the office, or the
    Position itself when the edit needs no review."""
    from jianxi.services import unit_positions

    user = make_user(username, role="unit")
    data, reference, errors = unit_positions.check(unit, unit_position_form(**changes), clock.today(), position_id)
    assert errors == {}
    if position_id is None:
        return unit_positions.propose(user, unit, data, reference, clock.now())
    return unit_positions.edit(user, unit, position_id, data, reference, clock.now())


# 批量导入: the rows of a CSV in the template's layout

def row(ref: str, employer_code: str, **changes) -> dict:
    """One position to import (岗位编号 `ref`, of the employer with `employer_code`), good unless changed."""
    from jianxi.services import imports

    deadline = (clock.today() + datetime.timedelta(days=90)).isoformat()
    values = {**imports.EXAMPLE, "credit_code": employer_code, "external_ref": ref, "title": f"岗位{ref}",
              "deadline": deadline}
    values.update(changes)
    return values


def as_csv(rows: list[dict], encoding: str = "utf-8-sig") -> bytes:
    """The rows as a CSV file under the template's Chinese headers."""
    from jianxi.services import imports

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.COLUMNS.values())
    for values in rows:
        writer.writerow(values[key] for key in imports.COLUMNS)
    return out.getvalue().encode(encoding)


# From 收藏 to 上岗: minimum wages, a unit's position, an offer, a placement (by the services)

def minimum_wage(region: str = "140105", yuan: int = 2000, effective_from: datetime.date = datetime.date(2020, 1, 1)):
    """月最低工资标准 of `region` in force from `effective_from` (a row, as operators keep them); the
    row already there for that region and day, if a test made one before."""
    from jianxi.models import MinimumWage

    kept = MinimumWage.get_or_none((MinimumWage.region == region) & (MinimumWage.effective_from == effective_from))
    if kept is not None:
        return kept
    return MinimumWage.create(region=region, effective_from=effective_from, monthly_fen=yuan * 100,
                              source="测试数据", updated_at=REGISTERED_AT)


def hiring_unit(username: str = "danwei1", body: str = "MA0000001", region: str = "140105", openings: int = 2,
                name: str = "山西晋阳软件有限公司"):
    """A recognised unit (its account `username`, one 带教老师 张老师) with one open position of
    `openings` in `region`: (account, Employer, Position)."""
    from jianxi.models import User

    unit = recognised_unit(username, body, region, name)
    position = make_position(employer=unit, region=region, openings=openings, title="软件测试见习生",
                             monthly_subsidy=2200, duration_months=6)
    return User.get(User.username == username), unit, position


def offer_to(unit_user, position, person, start: datetime.date | None = None, now: datetime.datetime | None = None):
    """`person` shortlists `position` and the unit offers it (拟上岗日期 `start`, 30 days on unless given)."""
    from jianxi.services import candidates, favorites

    now = now or clock.now()
    favorites.add(person, position.id, now)
    start = start or (now.date() + datetime.timedelta(days=30))
    return candidates.offer(unit_user, position, person.id, {"start_date": start.isoformat()}, now)


def placed(unit_user, position, person, start: datetime.date | None = None, now: datetime.datetime | None = None):
    """An accepted offer: the Placement, 待签协议."""
    from jianxi.services import placements

    now = now or clock.now()
    step = offer_to(unit_user, position, person, start, now)
    return placements.accept(person, step.id, now)


def filed_placement(start: datetime.date, months: int = 6, username: str = "danwei1", body: str = "MA0000001",
                    person_number: int = 90):
    """A placement of a 小店区 unit starting `start`, its agreement confirmed by both, insured,
    submitted and 备案 by 小店区's office, all done the day the offer was made (well before `start`):
    (unit account, Employer, Placement). With `start` in the past it is 在岗 today."""
    from jianxi.services import agreement_terms, placements, policies

    made = datetime.datetime.combine(start - datetime.timedelta(days=20), datetime.time(9, 30))
    minimum_wage("140105", 1500)
    unit_user, unit, position = hiring_unit(username, body)
    position.duration_months = months
    position.save()
    person = trainee(person_number)
    found = placements.unit_placement(unit, placed(unit_user, position, person, start=start, now=made).id)
    terms = agreement_terms.parse_terms(found, {"start_date": start.isoformat(), "months": str(months),
                                               "allowance": "2200", "mentor": "1", "working_hours": "9-17",
                                               "duties": "测试"}, made.date())
    found = agreement_terms.change_terms(unit_user, found, terms, 1, made)
    agreement_terms.confirm(person, placements.trainee_placement(person, found.id), 2, False, made)
    agreement_terms.confirm(unit_user, placements.unit_placement(unit, found.id), 2, True, made)
    found = placements.unit_placement(unit, found.id)
    policy = policies.parse({"insurer": "中国人寿", "policy_number": "P-1", "premium": "120",
                             "starts_on": start.isoformat(), "ends_on": "2040-01-01"})
    policies.record(unit_user, found, policy, make_attachment(unit_user, "policy", PDF, "保单.pdf"), made)
    placements.submit(unit_user, placements.unit_placement(unit, found.id), made)
    office = make_user(f"office_of_{username}", role="reviewer", jurisdiction="140105")
    placements.decide(office, found.id, placements.FILE, "", made)
    return unit_user, unit, placements.unit_placement(unit, found.id)


def subsidy_rule(region: str = "140000", effective_from: datetime.date = datetime.date(2020, 1, 1), share: int = 60,
                 cap_yuan: int = 240, pays_remaining: bool = True, retention: tuple[int, int] | None = None):
    """见习补贴 rule for `region` (the province by default): `share` % of the minimum wage, insurance
    refund up to `cap_yuan`, optionally (rate %, share %) for units keeping enough trainees on."""
    from jianxi.models import SubsidyRule

    rate, raised = retention or (None, None)
    return SubsidyRule.create(region_code=region, effective_from=effective_from, share_percent=share,
                              insurance_cap_fen=cap_yuan * 100, pays_remaining=pays_remaining,
                              retention_rate_percent=rate, retention_share_percent=raised, source="测试数据",
                              updated_at=REGISTERED_AT)


def calendar_days(holidays=(), workdays=()):
    """Days of the 节假日安排 for a test: `holidays` off, `workdays` (weekend days) worked."""
    from jianxi.models import CalendarDay

    for day in holidays:
        CalendarDay.create(day=day, kind="holiday", name="测试", updated_at=REGISTERED_AT)
    for day in workdays:
        CalendarDay.create(day=day, kind="workday", name="测试", updated_at=REGISTERED_AT)


def month_record(unit_user, placement, month: datetime.date, days: int, paid_yuan: str = "2200",
                 paid_on: datetime.date | None = None, today: datetime.date | None = None):
    """The unit's record of `month` (its first day) of a placement, as the unit's form would save it."""
    from jianxi.services import month_records

    today = today or (month_records.month_end(month) + datetime.timedelta(days=20))
    shown = month_records.month_of(placement, f"{month:%Y-%m}", today)
    values = month_records.parse(shown, {"days_attended": str(days), "paid": paid_yuan,
                                         "paid_on": (paid_on or month_records.month_end(month)).isoformat()}, today)
    return month_records.save(unit_user, placement, shown, values, None,
                              datetime.datetime.combine(today, datetime.time(10)))


def make_outbox(channel: str = "sms", address: str = "13912345678", body: str = "【山西就业见习】您的就业见习人员申请已审核通过，请登录查看。",
                subject: str = "", link: str | None = None, user=None, at: datetime.datetime = REGISTERED_AT, **fields):
    """An outbox row due at `at`; with `link`, the 消息 it belongs to (of `user`, else a new applicant)."""
    from jianxi.models import Message, Outbox

    message = None
    if link is not None:
        message = Message.create(user=user or make_user(f"notice{next(_counter)}"), kind="test", group="decisions",
                                 title=subject or "通知", body=body, link=link, created_at=at)
    values = {"channel": channel, "address": address, "subject": subject, "body": body, "message": message,
              "next_at": at, "created_at": at}
    values.update(fields)
    return Outbox.create(**values)
