"""Who may see and who may change what on the office side: one policy, for lists, pages, files
and exports alike, so a list can never show what its detail page would refuse.

- A county office (a reviewer whose jurisdiction is a county) sees and works on its county.
- A city office (jurisdiction = the city's code, its 市本级) works on its 市本级 and may view,
  not change, its counties.
- An admin views everything and changes nothing.
- A unit's account (role unit) acts for its one unit once that account is confirmed, and sees
  nothing of any other unit, nor of its own before it is confirmed (`acting_for`).
- Anyone else (applicants, visitors) sees nothing here; applicants reach their own objects
  through owner checks.

`scope(user, column)` narrows any query by a jurisdiction column; `can_view` / `can_change`
answer for a single object's jurisdiction code; `load` finds one object by id under the same rule.
"""
from peewee import Expression, Value

from ..models import (
    ACCOUNT_CONFIRMED,
    ROLE_ADMIN,
    ROLE_REVIEWER,
    ROLE_UNIT,
    Application,
    ApplicationAttachment,
    Attachment,
    Batch,
    Claim,
    Employer,
    Insurance,
    MonthRecord,
    Placement,
    Position,
    PositionProposal,
    Recognition,
    UnitAccount,
    User,
)
from ..reference import regions
from .errors import NotAllowed, NotFound


def is_office(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in (ROLE_REVIEWER, ROLE_ADMIN)


def own_office(user) -> str | None:
    """The one jurisdiction this user works on (decides, edits); None for admins and non-staff."""
    if getattr(user, "is_authenticated", False) and user.role == ROLE_REVIEWER:
        return user.jurisdiction_id
    return None


def viewable_codes(user) -> tuple[str, ...] | None:
    """The jurisdiction codes this user may view; None means all of them (admin)."""
    if not is_office(user):
        return ()
    if user.role == ROLE_ADMIN:
        return None
    code = user.jurisdiction_id
    if regions.is_city(code):
        return tuple(j.code for j in regions.jurisdictions(code))
    return (code,)


def scope(user, column) -> Expression:
    """A WHERE condition keeping the rows whose jurisdiction `column` the user may view."""
    codes = viewable_codes(user)
    if codes is None:
        return Value(True)
    if not codes:
        return Value(False)
    return column.in_(codes)


def can_view(user, code: str) -> bool:
    codes = viewable_codes(user)
    return codes is None or code in codes


def can_change(user, code: str) -> bool:
    return own_office(user) is not None and own_office(user) == code


# Each office-side object's jurisdiction column, and its name in a refusal. An account's and a
# proposal's are their unit's (their queries join Employer); a 认定's is its 业务办理归属地; a
# placement's the unit's jurisdiction when it was accepted.
JURISDICTION = {
    Employer: Employer.region, Position: Position.region, Application: Application.jurisdiction,
    Recognition: Recognition.region, UnitAccount: Employer.region, PositionProposal: Employer.region,
    Placement: Placement.region, Claim: Claim.region, Batch: Batch.region,
}
NAMES = {
    Employer: "见习单位", Position: "岗位", Application: "申请", Recognition: "认定申请", UnitAccount: "单位账号",
    PositionProposal: "待审核岗位", Placement: "见习记录", Claim: "补贴申请", Batch: "公示批次",
}


def visible(user, query, object_id: int):
    """The row of `query` (a model's select, joins allowed) with this id, if the user may view it."""
    model = query.model
    return query.where((model.id == object_id) & scope(user, JURISDICTION[model])).first()


def load(user, query, object_id: int, change: bool = False):
    """The row of `query` with this id if the user may view it, and change it when `change`:
    NotFound (404) when it is not theirs to see, NotAllowed (403) when only to see."""
    model = query.model
    found = visible(user, query, object_id)
    if found is None:
        raise NotFound(f"没有找到这个{NAMES[model]}")
    column = JURISDICTION[model]
    owner = found if column.model is model else getattr(found, column.model.__name__.lower())
    code = getattr(owner, column.object_id_name)
    if change and not can_change(user, code):
        raise NotAllowed(f"这个{NAMES[model]}由{regions.name_of(code)}维护，您可以查看，不能修改")
    return found


def new_employer_codes(user) -> tuple[str, ...]:
    """Where an office may register a new 见习单位: its own jurisdiction; a city office also any of its
    counties, handing the employer over to that county's office (which keeps it from then on)."""
    office = own_office(user)
    if office is None:
        return ()
    if regions.is_city(office):
        return tuple(j.code for j in regions.jurisdictions(office))
    return (office,)


def employers(user):
    """The 见习单位 this user may view, as a query to filter further."""
    return Employer.select().where(scope(user, Employer.region))


def positions(user):
    """The 见习岗位 this user may view (open or not), as a query to filter further."""
    return Position.select().where(scope(user, Position.region))


def can_see_interested(user, position: Position) -> bool:
    """意向人员 are personal data: only the office of the position's jurisdiction sees them."""
    return can_change(user, position.region_id)


def applications(user):
    """The applications this user may view, as a query to filter further."""
    return Application.select().where(scope(user, Application.jurisdiction))


def can_decide(user, application: Application) -> bool:
    return can_change(user, application.jurisdiction_id)


def can_open_attachment(user, attachment: Attachment) -> bool:
    """Its owner; office staff who may view an application the file belongs to, the 认定 whose 营业执照
    it is, or the placement whose policy or payment proof it is; a unit's colleagues its 营业执照,
    policies and payment proofs; the trainee the policy insuring them."""
    if not getattr(user, "is_authenticated", False):
        return False
    if attachment.owner_id == user.id:
        return True
    policies = Insurance.select().join(Placement).where(Insurance.scan == attachment.id)
    proofs = MonthRecord.select().join(Placement).where(MonthRecord.proof == attachment.id)
    unit = acting_for(user)
    if unit is not None:  # a colleague acting for the same unit sees its 营业执照, policies and proofs
        return (Recognition.select().where((Recognition.employer == unit.id) & (Recognition.licence == attachment.id))
                .exists() or policies.where(Placement.employer == unit.id).exists()
                or proofs.where(Placement.employer == unit.id).exists())
    if not is_office(user):  # the trainee sees the policy insuring them
        return policies.where(Placement.user == user.id).exists()
    return (
        ApplicationAttachment.select()
        .join(Application)
        .where((ApplicationAttachment.attachment == attachment.id) & scope(user, Application.jurisdiction))
        .exists()
    ) or recognitions(user).where(Recognition.licence == attachment.id).exists() \
        or policies.where(scope(user, Placement.region)).exists() \
        or proofs.where(scope(user, Placement.region)).exists()


def acting_for(user) -> Employer | None:
    """The unit a unit's account acts for, once the office confirmed it (or it registered the
    unit); None for anyone else, and for an account still waiting or refused."""
    if not getattr(user, "is_authenticated", False) or user.role != ROLE_UNIT:
        return None
    return (
        Employer.select().join(UnitAccount)
        .where((UnitAccount.user == user.id) & (UnitAccount.status == ACCOUNT_CONFIRMED))
        .first()
    )


def recognitions(user):
    """The 认定 applications this user may view: submitted ones of its jurisdiction (a draft is the unit's own)."""
    return Recognition.select().where(scope(user, Recognition.region) & (Recognition.submitted_at.is_null(False)))


def unit_accounts(user):
    """The accounts asking to act for (or acting for) units this user may view."""
    return UnitAccount.select(UnitAccount, Employer).join(Employer).where(scope(user, Employer.region))


def proposals(user):
    """Units' positions waiting for (or sent back by) the office, of units this user may view."""
    return PositionProposal.select(PositionProposal, Employer).join(Employer).where(scope(user, Employer.region))


def placements(user):
    """The 见习记录 of this user's jurisdiction (view; 备案 needs can_change on its region)."""
    return Placement.select().where(scope(user, Placement.region))


def claims(user):
    """补贴申请 of this user's jurisdiction (view; 审核 needs can_change on its region)."""
    return Claim.select().where(scope(user, Claim.region))


def batches(user):
    """公示批次 of this user's jurisdiction (view; publishing, objections and payment need can_change)."""
    return Batch.select().where(scope(user, Batch.region))


def is_operator(user) -> bool:
    """Operators (admins) keep the tables of rules: minimum wages, and later subsidy rules and holidays."""
    return bool(getattr(user, "is_authenticated", False)) and user.role == ROLE_ADMIN


def office_name(user: User) -> str:
    """'太原市 小店区', '太原市市本级', or '全省' for an admin."""
    return regions.name_of(user.jurisdiction_id) if own_office(user) else "全省"
