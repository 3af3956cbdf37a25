"""见习单位: the offices' host employers. Who may see or change one is services.access's rule."""
import datetime
from dataclasses import asdict, dataclass
from typing import ClassVar

from peewee import IntegrityError, fn

from ..db import db
from ..models import EMPLOYER_RECOGNISED, Employer, Position
from ..search import catalog
from . import access, audit, lists
from .errors import Conflict, ServiceError
from .matching import contains
from .rules import EMPLOYER_LABELS, EmployerData

CODE_TAKEN = "该统一社会信用代码已登记，请查找已有的见习单位"


@dataclass(frozen=True)
class EmployerFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("q",)
    q: str = ""


def parse_filters(args) -> EmployerFilters:
    read = lists.Reader(args)
    return read.filters(EmployerFilters, read.text("q", 50))


def search(user, filters: EmployerFilters) -> lists.ListPage:
    """The employers the user may view, by name or credit code, with their position counts."""
    query = access.employers(user)
    if filters.q:
        query = query.where(contains(Employer.name, filters.q) | (Employer.credit_code == filters.q.upper()))
    filters, rows, total = lists.page_of(query, filters, Employer.name, Employer.id)
    counts = dict(
        Position.select(Position.employer, fn.COUNT(Position.id))
        .where(Position.employer.in_([row.id for row in rows]))
        .group_by(Position.employer)
        .tuples()
    )
    for row in rows:
        row.position_count = counts.get(row.id, 0)
    return lists.ListPage(filters, rows, total)


def viewable(user, employer_id: int) -> Employer:
    return access.load(user, Employer.select(), employer_id)


def changeable(user, employer_id: int) -> Employer:
    return access.load(user, Employer.select(), employer_id, change=True)


def create(user, data: EmployerData, region: str, now: datetime.datetime) -> Employer:
    if region not in access.new_employer_codes(user):
        raise ServiceError("请选择您可以登记的属地", field="region")
    try:
        with db.atomic():
            employer = Employer.create(region=region, updated_at=now, **asdict(data))
            audit.record(user, "create", "employer", employer.id, now, f"{data.name}（{data.credit_code}）")
    except IntegrityError:
        raise Conflict(CODE_TAKEN, field="credit_code") from None
    return employer


def update(user, employer_id: int, data: EmployerData, now: datetime.datetime) -> Employer:
    employer = changeable(user, employer_id)
    before = {name: getattr(employer, name) for name in EMPLOYER_LABELS}
    after = asdict(data)
    try:
        with db.atomic():
            Employer.update(updated_at=now, **after).where(Employer.id == employer.id).execute()
            if data.name != employer.name:
                catalog.reindex_employer(Employer.get_by_id(employer.id))
            audit.record(user, "update", "employer", employer.id, now, audit.changes(before, after, EMPLOYER_LABELS))
    except IntegrityError:
        raise Conflict(CODE_TAKEN, field="credit_code") from None
    return Employer.get_by_id(employer.id)


def choices(user) -> list[Employer]:
    """The employers this user may publish positions for (those of its own office)."""
    office = access.own_office(user)
    if office is None:
        return []
    return list(Employer.select().where((Employer.region == office) & (Employer.status == EMPLOYER_RECOGNISED))
                .order_by(Employer.name))
