"""Plain functions that make rows for tests."""
import datetime
import itertools

from jianxi.models import Employer, Position
from tests import clock

_counter = itertools.count(1)


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


def make_user(username: str = "zhangsan", password: str = "secret-pass-1", **fields):
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
    import io

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
