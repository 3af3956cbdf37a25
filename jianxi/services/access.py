"""Who may see and who may change what on the office side: one policy, for lists, pages, files
and exports alike, so a list can never show what its detail page would refuse.

- A county office (a reviewer whose jurisdiction is a county) sees and works on its county.
- A city office (jurisdiction = the city's code, its 市本级) works on its 市本级 and may view,
  not change, its counties.
- An admin views everything and changes nothing.
- Anyone else (applicants, visitors) sees nothing here; applicants reach their own objects
  through owner checks.

`scope(user, column)` narrows any query by a jurisdiction column; `can_view` / `can_change`
answer for a single object's jurisdiction code; `load` finds one object by id under the same rule.
"""
from peewee import Expression, Value

from ..models import (
    ROLE_ADMIN,
    ROLE_REVIEWER,
    Application,
    ApplicationAttachment,
    Attachment,
    Employer,
    Position,
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


# Each office-side object's jurisdiction column, and its name in a refusal.
JURISDICTION = {Employer: Employer.region, Position: Position.region, Application: Application.jurisdiction}
NAMES = {Employer: "见习单位", Position: "岗位", Application: "申请"}


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
    code = getattr(found, JURISDICTION[model].object_id_name)
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
    """Its owner, or office staff who may view an application the file belongs to."""
    if not getattr(user, "is_authenticated", False):
        return False
    if attachment.owner_id == user.id:
        return True
    if not is_office(user):
        return False
    return (
        ApplicationAttachment.select()
        .join(Application)
        .where((ApplicationAttachment.attachment == attachment.id) & scope(user, Application.jurisdiction))
        .exists()
    )


def office_name(user: User) -> str:
    """'太原市 小店区', '太原市市本级', or '全省' for an admin."""
    return regions.name_of(user.jurisdiction_id) if own_office(user) else "全省"
