"""Plain functions that make rows for tests."""
import datetime
import itertools

from jianxi.models import Employer, Position

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
    from jianxi import regions

    employer = employer or make_employer()
    today = datetime.date.today()
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
