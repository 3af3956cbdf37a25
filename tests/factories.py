"""Plain functions that make rows for tests, and what rows are made from: a password, files, the
answers of an application, an office's 见习岗位 form, a decision, the rows of a 批量导入 CSV.

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import csv
import datetime
import io
import itertools

from jianxi.models import Employer, Position
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
        "id_number": valid_id_number(sequence=f"{next(_counter) % 1000:03d}"),
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


# 批量导入: the rows of a CSV in the template's layout

def code(body: str, area: str = "140105") -> str:
    """A valid 统一社会信用代码 of a company registered in `area`, `body` its nine characters."""
    from jianxi.services import credit_code

    first17 = f"91{area}{body}"
    return first17 + credit_code.check_character(first17)


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
