"""见习岗位 as offices keep them: list, publish, edit, 结束招募 and 重新开放, and 意向人员.

Every change is one conditional UPDATE or INSERT in a transaction with its audit row; who may do
it is services.access's rule (the office of the position's jurisdiction).
"""
import datetime
from dataclasses import asdict, dataclass, field

from peewee import fn

from .. import regions
from ..extensions import db
from ..ids import parse_id
from ..keywords import index_text
from ..models import (
    APPLICATION_APPROVED,
    CLOSE_REASONS,
    POSITION_CLOSED,
    POSITION_OPEN,
    Application,
    Employer,
    Favorite,
    Position,
    User,
)
from . import access, audit, paging
from .errors import Conflict, NotFound, ServiceError
from .matching import contains
from .rules import POSITION_LABELS, PositionData

SOON = datetime.timedelta(days=7)
STATUS_FILTERS = {"open": "招募中", "closing": "即将截止（7天内）", "expired": "已过期", "closed": "已结束"}


def closing_soon(position: Position, today: datetime.date) -> bool:
    """即将截止: still open, and the deadline within the next 7 days."""
    return position.is_open(today) and position.deadline <= today + SOON


@dataclass(frozen=True)
class OfficeFilters:
    status: str = ""
    employer: int | None = None
    q: str = ""
    page: int = 1
    notices: tuple[str, ...] = field(default=(), compare=False)

    def query_args(self, **changes) -> dict:
        return paging.url_args({"status": self.status, "employer": self.employer, "q": self.q}, **changes)


def parse_filters(user, args) -> OfficeFilters:
    notices = []
    status = args.get("status", "").strip()
    if status and status not in STATUS_FILTERS:
        notices.append("招募状态无效，已显示全部。")
        status = ""
    employer = parse_id(args.get("employer"))
    if args.get("employer") and (employer is None or not access.employers(user).where(Employer.id == employer).exists()):
        notices.append("没有找到所选的见习单位，已显示全部单位。")
        employer = None
    page, notice = paging.parse_page(args.get("page"))
    if notice:
        notices.append(notice)
    return OfficeFilters(status, employer, " ".join(args.get("q", "").split())[:50], page, tuple(notices))


@dataclass(frozen=True)
class OfficePage(paging.Paged):
    filters: OfficeFilters
    items: list
    total: int

    @property
    def page(self) -> int:
        return self.filters.page


def search(user, filters: OfficeFilters, today: datetime.date) -> OfficePage:
    """The positions the user may view, newest first, each with its 收藏人数."""
    query = access.positions(user)
    if filters.status == "open":
        query = query.where((Position.status == POSITION_OPEN) & (Position.deadline >= today))
    elif filters.status == "closing":
        query = query.where((Position.status == POSITION_OPEN) & Position.deadline.between(today, today + SOON))
    elif filters.status == "expired":
        query = query.where((Position.status == POSITION_OPEN) & (Position.deadline < today))
    elif filters.status == "closed":
        query = query.where(Position.status == POSITION_CLOSED)
    if filters.employer:
        query = query.where(Position.employer == filters.employer)
    if filters.q:
        query = query.where(contains(Position.title, filters.q))
    total = query.count()
    page = min(filters.page, paging.last_page(total))
    rows = list(
        query.select(Position, Employer).join(Employer)
        .order_by(Position.published_at.desc(), Position.id.desc())
        .paginate(page, paging.PAGE_SIZE)
    )
    counts = favorite_counts([row.id for row in rows])
    for row in rows:
        row.favorite_count = counts.get(row.id, 0)
    return OfficePage(OfficeFilters(filters.status, filters.employer, filters.q, page, filters.notices), rows, total)


def favorite_counts(position_ids: list[int]) -> dict[int, int]:
    if not position_ids:
        return {}
    return dict(
        Favorite.select(Favorite.position, fn.COUNT(Favorite.id))
        .where(Favorite.position.in_(position_ids))
        .group_by(Favorite.position)
        .tuples()
    )


def viewable(user, position_id: int) -> Position:
    position = (
        access.positions(user).select(Position, Employer).join(Employer).where(Position.id == position_id).first()
    )
    if position is None:
        raise NotFound("没有找到这个岗位")
    return position


def changeable(user, position_id: int) -> Position:
    position = viewable(user, position_id)
    if not access.can_change(user, position.region_id):
        raise ServiceError(f"这个岗位由{regions.name_of(position.region_id)}维护，您可以查看，不能修改")
    return position


EMPLOYER_NEEDED = "请选择本单位登记的见习单位"


def employer_problem(user, employer_id) -> dict[str, str]:
    """{"employer": message} unless the employer is one this office keeps (checked with the other fields)."""
    employer = Employer.get_or_none(Employer.id == parse_id(employer_id)) if parse_id(employer_id) else None
    return {} if employer and access.can_change(user, employer.region_id) else {"employer": EMPLOYER_NEEDED}


def _employer_for(user, employer_id) -> Employer:
    if employer_problem(user, employer_id):
        raise ServiceError(EMPLOYER_NEEDED, field="employer")
    return Employer.get_by_id(parse_id(employer_id))


def create(user, employer_id, data: PositionData, now: datetime.datetime) -> Position:
    employer = _employer_for(user, employer_id)
    with db.atomic():
        position = Position.create(
            employer=employer, region=employer.region_id, city=regions.city_of(employer.region_id),
            published_at=now, updated_at=now, status=POSITION_OPEN, **asdict(data),
        )
        audit.record(user, "create", "position", position.id, now, f"{data.title}（{employer.name}）")
    return position


def update(user, position_id: int, employer_id, data: PositionData, now: datetime.datetime) -> Position:
    position = changeable(user, position_id)
    employer = _employer_for(user, employer_id)
    labels = {**POSITION_LABELS, "employer": "见习单位"}
    before = {name: getattr(position, name) for name in POSITION_LABELS} | {"employer": position.employer.name}
    after = asdict(data) | {"employer": employer.name}
    with db.atomic():
        Position.update(
            employer=employer, updated_at=now, search_text=index_text(data.title, employer.name), **asdict(data)
        ).where(Position.id == position.id).execute()
        audit.record(user, "update", "position", position.id, now, audit.changes(before, after, labels))
    return Position.get_by_id(position.id)


def close(user, position_id: int, reason: str, now: datetime.datetime) -> Position:
    """结束招募, with one of CLOSE_REASONS: a conditional UPDATE of an open position."""
    if reason not in CLOSE_REASONS:
        raise ServiceError("请选择结束招募的原因", field="reason")
    position = changeable(user, position_id)
    with db.atomic():
        changed = (
            Position.update(status=POSITION_CLOSED, close_reason=reason, closed_at=now, updated_at=now)
            .where((Position.id == position.id) & (Position.status == POSITION_OPEN))
            .execute()
        )
        if not changed:
            raise Conflict("这个岗位已经结束招募，未做更改。")
        audit.record(user, "close", "position", position.id, now, f"结束招募：{CLOSE_REASONS[reason]}")
    return Position.get_by_id(position.id)


def reopen(user, position_id: int, now: datetime.datetime) -> Position:
    """重新开放: only a closed position whose deadline has not passed."""
    position = changeable(user, position_id)
    with db.atomic():
        changed = (
            Position.update(status=POSITION_OPEN, close_reason="", closed_at=None, updated_at=now)
            .where((Position.id == position.id) & (Position.status == POSITION_CLOSED)
                   & (Position.deadline >= now.date()))
            .execute()
        )
        if not changed:
            if position.status == POSITION_OPEN:
                raise Conflict("这个岗位正在招募，未做更改。")
            raise Conflict("有效期已过，不能重新开放；请先修改有效期至。")
        audit.record(user, "reopen", "position", position.id, now, "重新开放")
    return Position.get_by_id(position.id)


@dataclass(frozen=True)
class Interested:
    """意向人员: a trainee who shortlisted the position, as their approved application describes them."""

    name: str
    mobile: str
    education: str
    school: str
    at: datetime.datetime


def interested(user, position: Position) -> list[Interested]:
    if not access.can_see_interested(user, position):
        raise ServiceError("意向人员只对岗位所属的经办机构显示")
    rows = (
        Favorite.select(Favorite.created_at, Application.name, Application.mobile, Application.education,
                        Application.school)
        .join(User, on=(Favorite.user == User.id))
        .join(Application, on=((Application.user == User.id) & (Application.status == APPLICATION_APPROVED)))
        .where(Favorite.position == position.id)
        .order_by(Favorite.created_at, Favorite.id)
        .tuples()
    )
    return [Interested(name, mobile, education, school, at) for at, name, mobile, education, school in rows]
