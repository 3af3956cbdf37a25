"""见习岗位 posted by their own unit, and the office's review of them.

A recognised unit proposes a new position, or an edit of a published one; either waits for the
office (待审核) and is public only once approved (退回修改 with a reason otherwise), while a
published position stays public as it was until its edit is approved. An edit that changes none
of REVIEWED (only where, what major, how long, whom to contact, until when) takes effect at once.
结束招募 and 重新开放 by the unit take effect at once, through the same changes as the office's.
The rules of a position are the office form's and the CSV import's (services.rules).
"""
import datetime
from dataclasses import asdict, dataclass

from peewee import IntegrityError

from ..db import writing
from ..models import (
    EMPLOYER_RECOGNISED,
    POSITION_OPEN,
    PROPOSAL_APPROVED,
    PROPOSAL_OPEN,
    PROPOSAL_PENDING,
    PROPOSAL_RETURNED,
    Employer,
    Position,
    PositionProposal,
)
from ..reference import regions
from ..search import catalog
from . import access, audit, lists, notice_texts, notices, positions
from .errors import Conflict, NotFound, ServiceError
from .rules import POSITION_LABELS, PositionData, parse_position, parse_reference

# What the office reviews again when a unit edits a published position.
REVIEWED = ("title", "openings", "education", "monthly_subsidy", "duties")
NOT_RECOGNISED = "只有已认定的见习单位可以发布岗位；请先申请认定。"


def _recognised(unit: Employer) -> None:
    if unit.status != EMPLOYER_RECOGNISED:
        raise Conflict(NOT_RECOGNISED)


def own_position(unit: Employer, position_id: int) -> Position:
    position = (Position.select(Position, Employer).join(Employer)
                .where((Position.id == position_id) & (Position.employer == unit.id)).first())
    if position is None:
        raise NotFound("没有找到这个岗位")
    return position


def own_proposal(unit: Employer, proposal_id: int) -> PositionProposal:
    """One of the unit's proposals it may still change (an approved one is a record only)."""
    proposal = PositionProposal.get_or_none((PositionProposal.id == proposal_id) & (PositionProposal.employer == unit.id)
                                            & PositionProposal.status.in_(PROPOSAL_OPEN))
    if proposal is None:
        raise NotFound("没有找到这个岗位")
    return proposal


def check(unit: Employer, raw, today: datetime.date, position_id: int | None = None):
    """(PositionData, 岗位编号, {}) or (None, None, {field: message}), by the one rule set."""
    data, errors = parse_position(raw, today)
    if data is not None and position_id is not None and (
            fewer := positions.below_placed(Position.get_or_none(Position.id == position_id), data.openings)):
        errors["openings"] = fewer
    reference, problem = parse_reference(raw.get("external_ref"))
    if problem:
        errors["external_ref"] = problem
    elif reference:
        taken = positions.reference_holder(unit.id, reference, position_id)
        if taken:
            errors["external_ref"] = positions.reference_taken(reference, taken.title)
    return (None, None, errors) if errors else (data, reference, {})


def propose(user, unit: Employer, data: PositionData, reference: str | None, now: datetime.datetime,
            proposal_id: int | None = None) -> PositionProposal:
    """A new position for the office to publish (or the same proposal, edited after 退回修改)."""
    _recognised(unit)
    fields = asdict(data) | {"external_ref": reference}
    with writing():
        if proposal_id is None:
            proposal = PositionProposal.create(employer=unit.id, submitted_at=now, status=PROPOSAL_PENDING, **fields)
        else:
            proposal = own_proposal(unit, proposal_id)
            _resend(proposal, fields, now)
        audit.record(user, "propose", "proposal", proposal.id, now, data.title)
    return PositionProposal.get_by_id(proposal.id)


def _resend(proposal: PositionProposal, fields: dict, now: datetime.datetime) -> None:
    """The unit's new version of a proposal it may still change; refused if the office approved it
    meanwhile (the conditional UPDATE, not the read before it, decides when both happen at once)."""
    changed = (
        PositionProposal.update(status=PROPOSAL_PENDING, submitted_at=now, reason="", **fields)
        .where((PositionProposal.id == proposal.id) & PositionProposal.status.in_(PROPOSAL_OPEN))
        .execute()
    )
    if not changed:
        raise Conflict("经办机构刚刚审核通过了这个岗位，未做更改；请在岗位列表中查看，需要时再修改。")


def edit(user, unit: Employer, position_id: int, data: PositionData, reference: str | None,
         now: datetime.datetime) -> Position | PositionProposal:
    """An edit of a published position: at once when it changes nothing the office reviews; else a
    proposal (the one waiting for this position, if any, replaced), the position public as it was."""
    _recognised(unit)
    position = own_position(unit, position_id)
    after = asdict(data)
    if all(getattr(position, name) == after[name] for name in REVIEWED):
        before = {name: getattr(position, name) for name in POSITION_LABELS}
        with writing():
            positions.update_keeping_placed(position, data.openings, updated_at=now, external_ref=reference,
                                            **{k: v for k, v in after.items() if k != "openings"})
            audit.record(user, "update", "position", position.id, now, audit.changes(before, after, POSITION_LABELS))
        return Position.get_by_id(position.id)
    fields = after | {"external_ref": reference}
    with writing():
        waiting = open_edit(position)
        try:
            if waiting is None:
                waiting = PositionProposal.create(employer=unit.id, position=position.id, submitted_at=now,
                                                  status=PROPOSAL_PENDING, **fields)
            else:
                _resend(waiting, fields, now)
        except IntegrityError:  # another edit of the same position got there first
            raise Conflict("这个岗位的修改刚刚已提交过，请刷新后再改。") from None
        audit.record(user, "propose", "proposal", waiting.id, now, f"修改：{data.title}")
    return PositionProposal.get_by_id(waiting.id)


def open_edit(position: Position) -> PositionProposal | None:
    """The edit of a published position that waits for (or came back from) the office, if any."""
    return PositionProposal.get_or_none((PositionProposal.position == position.id)
                                        & PositionProposal.status.in_(PROPOSAL_OPEN))


def close(user, unit: Employer, position_id: int, reason: str, note: str, now: datetime.datetime) -> Position:
    note = positions.close_note(reason, note)
    return positions.close_loaded(user, own_position(unit, position_id), reason, note, now)


def reopen(user, unit: Employer, position_id: int, now: datetime.datetime) -> Position:
    return positions.reopen_loaded(user, own_position(unit, position_id), now)


@dataclass(frozen=True)
class UnitPositions:
    published: list
    proposals: list


def of_unit(unit: Employer) -> UnitPositions:
    """The unit's positions, newest first, and what waits for (or came back from) the office."""
    published = list(Position.select().where(Position.employer == unit.id)
                     .order_by(Position.published_at.desc(), Position.id.desc()))
    proposals = list(PositionProposal.select()
                     .where((PositionProposal.employer == unit.id) & PositionProposal.status.in_(PROPOSAL_OPEN))
                     .order_by(PositionProposal.submitted_at.desc(), PositionProposal.id.desc()))
    return UnitPositions(published, proposals)


# The office's side -----------------------------------------------------------------------------

def waiting(office, filters: lists.Filters) -> lists.ListPage:
    """待审核 positions of units this office may view, oldest first."""
    query = access.proposals(office).where(PositionProposal.status == PROPOSAL_PENDING)
    return lists.ListPage(*lists.page_of(query, filters, PositionProposal.submitted_at, PositionProposal.id))


def viewable(office, proposal_id: int) -> PositionProposal:
    return access.load(office, access.proposals(office), proposal_id)


def approve(office, proposal_id: int, now: datetime.datetime, seen: datetime.datetime | None = None) -> Position:
    """审核通过: a new position is published, an edit written to its position; the proposal is kept,
    已发布, naming the position (so a second click finds what the first did).
    `seen`: when the version the office looked at was sent; a later edit by the unit wins, and
    the office is told to look again (None: the version there is now)."""
    proposal = access.load(office, access.proposals(office), proposal_id, change=True)
    seen = proposal.submitted_at if seen is None else seen
    unit = proposal.employer
    if unit.status != EMPLOYER_RECOGNISED:
        raise Conflict("这个见习单位已不是已认定状态，岗位不能发布。")
    fields = {name: getattr(proposal, name) for name in POSITION_LABELS} | {"external_ref": proposal.external_ref}
    with writing():
        taken = PositionProposal.update(status=PROPOSAL_APPROVED, decided_at=now, decided_by=office).where(
            (PositionProposal.id == proposal.id) & (PositionProposal.status == PROPOSAL_PENDING)
            & (PositionProposal.submitted_at == seen)
        ).execute()
        if not taken:
            raise Conflict("这个岗位已经审核过，或单位刚刚修改过；未做更改，请刷新后再看。")
        if proposal.position_id is None:
            position = Position.create(employer=unit.id, region=unit.region_id, city=regions.city_of(unit.region_id),
                                       published_at=now, updated_at=now, status=POSITION_OPEN, **fields)
            PositionProposal.update(position=position.id).where(PositionProposal.id == proposal.id).execute()
            audit.record(office, "publish", "position", position.id, now, f"{proposal.title}（{unit.name}）")
        else:
            position = Position.get_by_id(proposal.position_id)
            before = {name: getattr(position, name) for name in POSITION_LABELS}
            positions.update_keeping_placed(position, proposal.openings, updated_at=now,
                                            **{k: v for k, v in fields.items() if k != "openings"})
            catalog.reindex(Position.id == position.id)
            audit.record(office, "publish_edit", "position", position.id, now,
                         audit.changes(before, fields, POSITION_LABELS))
        notices.send(notices.unit_users(unit.id), notice_texts.position_decided(proposal.title, True), now)
    return Position.get_by_id(position.id)


def published_from(office, proposal_id: int) -> Position | None:
    """The position an approved proposal became, if this office may view both."""
    proposal = access.visible(office, access.proposals(office), proposal_id)
    if proposal is None or proposal.status != PROPOSAL_APPROVED:
        return None
    return Position.get_or_none(Position.id == proposal.position_id)


def send_back(office, proposal_id: int, reason: str, now: datetime.datetime,
              seen: datetime.datetime | None = None) -> PositionProposal:
    """退回修改, with what to change; the unit edits and submits again."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError("请写明需要修改的内容", field="reason")
    if len(reason) > 200:
        raise ServiceError("退回原因不能超过200个字", field="reason")
    proposal = access.load(office, access.proposals(office), proposal_id, change=True)
    seen = proposal.submitted_at if seen is None else seen
    with writing():
        changed = (
            PositionProposal.update(status=PROPOSAL_RETURNED, reason=reason, decided_at=now, decided_by=office)
            .where((PositionProposal.id == proposal.id) & (PositionProposal.status == PROPOSAL_PENDING)
                   & (PositionProposal.submitted_at == seen))
            .execute()
        )
        if not changed:
            raise Conflict("这个岗位已经审核过，或单位刚刚修改过；未做更改，请刷新后再看。")
        audit.record(office, "send_back", "proposal", proposal.id, now, reason)
        notices.send(notices.unit_users(proposal.employer_id),
                     notice_texts.position_decided(proposal.title, False, reason), now)
    return PositionProposal.get_by_id(proposal.id)
