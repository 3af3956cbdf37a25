"""见习单位: the offices' host employers. Who may see or change one is services.access's rule."""
import datetime
from dataclasses import asdict, dataclass

from peewee import IntegrityError, fn

from .. import regions
from ..extensions import db
from ..models import Employer, Position
from . import access, audit, catalog, paging
from .errors import Conflict, NotFound, ServiceError
from .matching import contains
from .rules import EMPLOYER_LABELS, EmployerData

CODE_TAKEN = "该统一社会信用代码已登记，请查找已有的见习单位"


@dataclass(frozen=True)
class EmployerPage(paging.Paged):
    items: list
    total: int
    page: int
    q: str


def search(user, q: str, raw_page: str | None) -> EmployerPage:
    """The employers the user may view, by name or credit code, with their position counts."""
    page, _ = paging.parse_page(raw_page)
    q = " ".join(q.split())[:50]
    query = access.employers(user)
    if q:
        query = query.where(contains(Employer.name, q) | (Employer.credit_code == q.upper()))
    total = query.count()
    page = min(page, paging.last_page(total))
    rows = list(query.order_by(Employer.name, Employer.id).paginate(page, paging.PAGE_SIZE))
    counts = dict(
        Position.select(Position.employer, fn.COUNT(Position.id))
        .where(Position.employer.in_([row.id for row in rows]))
        .group_by(Position.employer)
        .tuples()
    )
    for row in rows:
        row.position_count = counts.get(row.id, 0)
    return EmployerPage(rows, total, page, q)


def viewable(user, employer_id: int) -> Employer:
    employer = access.employers(user).where(Employer.id == employer_id).first()
    if employer is None:
        raise NotFound("没有找到这个见习单位")
    return employer


def changeable(user, employer_id: int) -> Employer:
    employer = viewable(user, employer_id)
    if not access.can_change(user, employer.region_id):
        raise ServiceError(f"这个见习单位由{regions.name_of(employer.region_id)}维护，您可以查看，不能修改")
    return employer


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
    return list(Employer.select().where(Employer.region == office).order_by(Employer.name))
