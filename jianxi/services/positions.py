"""见习岗位 as offices keep them: list, publish, edit, 结束招募 and 重新开放, and 意向人员.

Every change is one conditional UPDATE or INSERT in a transaction with its audit row; who may do
it is services.access's rule (the office of the position's jurisdiction).
"""
import datetime
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import ClassVar

from peewee import JOIN, SQL, IntegrityError, NodeList, fn

from ..db import db
from ..models import (
    APPLICATION_APPROVED,
    CLOSE_REASONS,
    EMPLOYER_RECOGNISED,
    POSITION_CLOSED,
    POSITION_OPEN,
    PROPOSAL_PENDING,
    Application,
    Employer,
    Favorite,
    Position,
    PositionProposal,
    User,
)
from ..models.positions import CLOSE_NOTE_MAX, CLOSE_OTHER
from ..reference import regions
from ..reference.ids import parse_id
from ..search import catalog
from . import access, audit, lists
from .errors import Conflict, ServiceError
from .matching import contains
from .rules import POSITION_LABELS, PositionData, parse_position, parse_reference

SOON = datetime.timedelta(days=7)
# 待审核 lists what units proposed (new positions, edits of published ones), not positions.
PENDING = "pending"
STATUS_FILTERS = {PENDING: "待审核（单位提交）", "open": "招募中", "closing": "即将截止（7天内）", "expired": "已过期",
                  "closed": "已结束"}


def closing_soon(position: Position, today: datetime.date) -> bool:
    """即将截止: still open, and the deadline within the next 7 days."""
    return position.is_open(today) and position.deadline <= today + SOON


@dataclass(frozen=True)
class PositionFilters(lists.Filters):
    KEYS: ClassVar[tuple[str, ...]] = ("status", "employer", "q")
    status: str = ""
    employer: int | None = None
    q: str = ""


def parse_filters(user, args) -> PositionFilters:
    read = lists.Reader(args)
    status = read.choice("status", STATUS_FILTERS, "招募状态无效，已显示全部。")
    employer = parse_id(args.get("employer"))
    if args.get("employer") and (employer is None or not access.employers(user).where(Employer.id == employer).exists()):
        read.note("没有找到所选的见习单位，已显示全部单位。")
        employer = None
    return read.filters(PositionFilters, status, employer, read.text("q", 50))


def search(user, filters: PositionFilters, today: datetime.date) -> lists.ListPage:
    """The positions the user may view, newest first, each with its 收藏人数; for 待审核 the units'
    proposals instead (services.unit_positions), oldest first."""
    if filters.status == PENDING:
        return _waiting(user, filters)
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
        query = query.where(contains(Position.title, filters.q) | _reference_starts(filters.q))
    filters, rows, total = lists.page_of(
        query.select(Position, Employer).join(Employer), filters, Position.published_at.desc(), Position.id.desc())
    counts = favorite_counts([row.id for row in rows])
    for row in rows:
        row.favorite_count = counts.get(row.id, 0)
    return lists.ListPage(filters, rows, total)


def _reference_starts(text: str, column=Position.external_ref):
    """岗位编号 equal to what was typed or beginning with it, case aside; % and _ are plain characters."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return NodeList((fn.LOWER(column), SQL("LIKE"), f"{escaped}%", SQL("ESCAPE '\\'")))


def _pending(user):
    return access.proposals(user).where(PositionProposal.status == PROPOSAL_PENDING)


def _waiting(user, filters: PositionFilters) -> lists.ListPage:
    """待审核 proposals the user may view, by unit and title or 岗位编号, each with the position it edits."""
    query = _pending(user)
    if filters.employer:
        query = query.where(PositionProposal.employer == filters.employer)
    if filters.q:
        query = query.where(contains(PositionProposal.title, filters.q)
                            | _reference_starts(filters.q, PositionProposal.external_ref))
    query = (query.select_extend(Position).switch(PositionProposal)
             .join(Position, JOIN.LEFT_OUTER, on=(PositionProposal.position == Position.id)))
    return lists.ListPage(*lists.page_of(query, filters, PositionProposal.submitted_at, PositionProposal.id))


def waiting_count(user) -> int:
    """How many proposals wait for an answer among those the user may view."""
    return _pending(user).count()


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
    return access.load(user, Position.select(Position, Employer).join(Employer), position_id)


def changeable(user, position_id: int) -> Position:
    return access.load(user, Position.select(Position, Employer).join(Employer), position_id, change=True)


EMPLOYER_NEEDED = "请选择本单位登记的见习单位（未认定的单位不能发布岗位）"


def employer_problem(user, employer_id) -> dict[str, str]:
    """{"employer": message} unless the employer is one this office keeps (checked with the other fields)."""
    employer = Employer.get_or_none(Employer.id == parse_id(employer_id)) if parse_id(employer_id) else None
    kept = employer and employer.status == EMPLOYER_RECOGNISED and access.can_change(user, employer.region_id)
    return {} if kept else {"employer": EMPLOYER_NEEDED}


def _employer_for(user, employer_id) -> Employer:
    if employer_problem(user, employer_id):
        raise ServiceError(EMPLOYER_NEEDED, field="employer")
    return Employer.get_by_id(parse_id(employer_id))


KEEP = object()  # update(): leave the 岗位编号 as it is


def check_form(user, raw: dict, today: datetime.date, publishing: bool = True, position_id: int | None = None):
    """The office form as (PositionData, 岗位编号, {}) or (None, None, {field: message}): the position's
    rules, an employer this office keeps, and a 岗位编号 no other position of that employer has."""
    data, errors = parse_position(raw, today, publishing)
    errors |= employer_problem(user, raw.get("employer"))
    if data is not None and position_id is not None and (fewer := below_placed(Position.get_or_none(Position.id == position_id), data.openings)):
        errors["openings"] = fewer
    reference, problem = parse_reference(raw.get("external_ref"))
    if problem:
        errors["external_ref"] = problem
    elif reference and "employer" not in errors:
        taken = reference_holder(parse_id(raw.get("employer")), reference, position_id)
        if taken:
            errors["external_ref"] = reference_taken(reference, taken.title)
    return (None, None, errors) if errors else (data, reference, {})


def below_placed(position: Position | None, openings: int) -> str | None:
    """招收人数 may not drop below the placements already accepted (services.placements): the
    database's CHECK would refuse it; this says so first, in words."""
    if position is None or openings >= position.placed:
        return None
    return f"这个岗位已录用{position.placed}人，招收人数不能少于{position.placed}"


def update_keeping_placed(position: Position, openings: int, **fields) -> None:
    """UPDATE a position, but not below its accepted placements at that moment (one raced in since
    the form was checked): Conflict instead of the CHECK's error."""
    changed = (Position.update(openings=openings, **fields)
               .where((Position.id == position.id) & (Position.placed <= openings)).execute())
    if not changed:
        raise Conflict(below_placed(Position.get_by_id(position.id), openings) or "岗位已变化，未做更改。")


def reference_holder(employer_id: int, reference: str, position_id: int | None = None) -> Position | None:
    """The employer's other position that already has this 岗位编号 (the import's key), if any."""
    query = Position.select().where((Position.employer == employer_id) & (Position.external_ref == reference))
    if position_id is not None:
        query = query.where(Position.id != position_id)
    return query.first()


def reference_taken(reference: str, title: str = "") -> str:
    holder = f"（{title}）" if title else ""
    return f"这个见习单位已有岗位编号为“{reference}”的岗位{holder}，请换一个编号，或不填"


def create(user, employer_id, data: PositionData, now: datetime.datetime, external_ref: str | None = None) -> Position:
    employer = _employer_for(user, employer_id)
    shown = f"，岗位编号 {external_ref}" if external_ref else ""
    with _one_reference_per_employer(employer, external_ref), db.atomic():
        position = Position.create(
            employer=employer, region=employer.region_id, city=regions.city_of(employer.region_id),
            published_at=now, updated_at=now, status=POSITION_OPEN, external_ref=external_ref, **asdict(data),
        )
        audit.record(user, "create", "position", position.id, now, f"{data.title}（{employer.name}{shown}）")
    return position


def update(user, position_id: int, employer_id, data: PositionData, now: datetime.datetime,
           external_ref=KEEP) -> Position:
    position = changeable(user, position_id)
    employer = _employer_for(user, employer_id)
    reference = position.external_ref if external_ref is KEEP else external_ref
    labels = {**POSITION_LABELS, "employer": "见习单位", "external_ref": "岗位编号"}
    before = {name: getattr(position, name) for name in POSITION_LABELS} | {
        "employer": position.employer.name, "external_ref": position.external_ref}
    after = asdict(data) | {"employer": employer.name, "external_ref": reference}
    with _one_reference_per_employer(employer, reference, position.id), db.atomic():
        update_keeping_placed(position, data.openings, employer=employer, updated_at=now, external_ref=reference,
                              **{k: v for k, v in asdict(data).items() if k != "openings"})
        catalog.reindex(Position.id == position.id)
        audit.record(user, "update", "position", position.id, now, audit.changes(before, after, labels))
    return Position.get_by_id(position.id)


@contextmanager
def _one_reference_per_employer(employer: Employer, reference: str | None, position_id: int | None = None):
    """The unique index (employer, 岗位编号) decides when two saves race: the loser is told by the
    field, as the form's own check would have told it."""
    try:
        yield
    except IntegrityError:
        holder = reference_holder(employer.id, reference, position_id) if reference else None
        if holder is None:
            raise
        raise ServiceError(reference_taken(reference, holder.title), field="external_ref") from None


def close(user, position_id: int, reason: str, now: datetime.datetime, note: str = "") -> Position:
    """结束招募, with one of CLOSE_REASONS (其他 in the office's own words): a conditional UPDATE of
    an open position."""
    note = close_note(reason, note)
    return close_loaded(user, changeable(user, position_id), reason, note, now)


def close_loaded(user, position: Position, reason: str, note: str, now: datetime.datetime) -> Position:
    """结束招募 of a position `user` was allowed to change (by the office, or by its own unit)."""
    with db.atomic():
        changed = (
            Position.update(status=POSITION_CLOSED, close_reason=reason, close_note=note, closed_at=now, updated_at=now)
            .where((Position.id == position.id) & (Position.status == POSITION_OPEN))
            .execute()
        )
        if not changed:
            raise Conflict("这个岗位已经结束招募，未做更改。")
        audit.record(user, "close", "position", position.id, now, f"结束招募：{close_label(reason, note)}")
    return Position.get_by_id(position.id)


def close_note(reason: str, note: str) -> str:
    """The reason's own words, required for 其他 and kept only for it."""
    if reason not in CLOSE_REASONS:
        raise ServiceError("请选择结束招募的原因", field="reason")
    if reason != CLOSE_OTHER:
        return ""
    note = " ".join((note or "").split())
    if not note:
        raise ServiceError("选择“其他”时，请填写结束招募的原因", field="other_reason")
    if len(note) > CLOSE_NOTE_MAX:
        raise ServiceError(f"结束招募的原因不能超过{CLOSE_NOTE_MAX}个字", field="other_reason")
    return note


def close_label(reason: str, note: str = "") -> str:
    """'已招满', or '其他：单位改制' for 其他."""
    return f"{CLOSE_REASONS[reason]}：{note}" if note else CLOSE_REASONS.get(reason, reason)


def reopen(user, position_id: int, now: datetime.datetime) -> Position:
    """重新开放: only a closed position whose deadline has not passed."""
    return reopen_loaded(user, changeable(user, position_id), now)


def reopen_loaded(user, position: Position, now: datetime.datetime) -> Position:
    """重新开放 of a position `user` was allowed to change; never one of a unit not recognised."""
    if position.employer.status != EMPLOYER_RECOGNISED:
        raise Conflict("这个见习单位未认定或已被取消认定，岗位不能重新开放。")
    with db.atomic():
        changed = (
            Position.update(status=POSITION_OPEN, close_reason="", close_note="", closed_at=None, updated_at=now)
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
