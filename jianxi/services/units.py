"""Units' accounts: 单位注册 (a person acting for one unit), and the office confirming or refusing an
account that asks to act for a unit already known.

Registering a 统一社会信用代码 nobody holds makes the unit (未认定, in the 业务办理归属地 chosen)
and an account confirmed at once. Registering one that an office keeps, or that other accounts
hold, hands over nothing: the account waits for the office of the unit's jurisdiction, and
access.acting_for gives it no unit until then. The unique credit code decides when two
registrations of a new code race: the second becomes a request like any other.
"""
import datetime
from dataclasses import dataclass

from peewee import IntegrityError

from ..db import db, writing
from ..models import (
    ACCOUNT_CONFIRMED,
    ACCOUNT_PENDING,
    ACCOUNT_REFUSED,
    EMPLOYER_UNRECOGNISED,
    ROLE_UNIT,
    Employer,
    UnitAccount,
    User,
)
from ..reference import regions
from . import access, accounts, audit, credit_code, lists
from .errors import Conflict, ServiceError


@dataclass(frozen=True)
class NewUnitAccount:
    username: str
    password: str
    person_name: str
    mobile: str
    credit_code: str
    unit_name: str
    region: str


def register(new: NewUnitAccount, now: datetime.datetime) -> tuple[User, UnitAccount]:
    """单位注册: the account, and either a new unit for it or its request to act for a known one."""
    code = credit_code.parse(new.credit_code)
    if new.region not in {j.code for city in regions.cities() for j in regions.jurisdictions(city.code)}:
        raise ServiceError("请选择业务办理归属地", field="region")
    with writing():
        user = accounts.create_user(accounts.NewUser(
            username=new.username, password=new.password, real_name=new.person_name, mobile=new.mobile, role=ROLE_UNIT,
        ))
        employer, created = _unit_for(code, new, now)
        account = UnitAccount.create(user=user, employer=employer, created_at=now,
                                     status=ACCOUNT_CONFIRMED if created else ACCOUNT_PENDING)
        audit.record(user, "register" if created else "claim", "employer", employer.id, now,
                     f"{new.person_name}（{new.username}）")
    return user, account


def _unit_for(code: str, new: NewUnitAccount, now: datetime.datetime) -> tuple[Employer, bool]:
    """(the unit with this credit code, whether it was made just now)."""
    known = Employer.get_or_none(Employer.credit_code == code)
    if known:
        return known, False
    try:
        with db.atomic():  # a savepoint: the unique code refusing it leaves the registration going on
            return Employer.create(
                name=new.unit_name, credit_code=code, region=new.region, address="", contact_person=new.person_name,
                phone=new.mobile, status=EMPLOYER_UNRECOGNISED, updated_at=now,
            ), True
    except IntegrityError:  # registered by someone else a moment ago: a request like any other
        return Employer.get(Employer.credit_code == code), False


def account_of(user) -> UnitAccount | None:
    """The person's account with its unit, whatever its state."""
    return UnitAccount.select(UnitAccount, Employer).join(Employer).where(UnitAccount.user == user.id).first()


def own_unit(user) -> Employer:
    """The unit this account acts for; a refusal naming why not (waiting, refused) otherwise."""
    unit = access.acting_for(user)
    if unit is not None:
        return unit
    account = account_of(user)
    if account is not None and account.status == ACCOUNT_PENDING:
        raise Conflict("您的账号正在等待经办机构确认，确认后才能办理该单位的业务。")
    raise Conflict("您的账号未获确认，不能办理该单位的业务；如有疑问请联系经办机构。")


def colleagues(unit: Employer) -> list[UnitAccount]:
    """Every account of the unit, for a confirmed one to see who else acts for it."""
    return list(UnitAccount.select(UnitAccount, User).join(User).where(UnitAccount.employer == unit.id)
                .order_by(UnitAccount.created_at, UnitAccount.id))


def requests(user, filters: lists.Filters) -> lists.ListPage:
    """Accounts waiting for this office's answer, oldest first."""
    query = access.unit_accounts(user).where(UnitAccount.status == ACCOUNT_PENDING)
    return lists.ListPage(*lists.page_of(query, filters, UnitAccount.created_at, UnitAccount.id))


def decide(office, account_id: int, confirm: bool, now: datetime.datetime, reason: str = "") -> UnitAccount:
    """确认 or 拒绝 an account's request, once, by the office of the unit's jurisdiction."""
    reason = " ".join(reason.split())
    if not confirm and not reason:
        raise ServiceError("请填写不予确认的原因", field="reason")
    if len(reason) > 200:
        raise ServiceError("原因不能超过200个字", field="reason")
    account = access.load(office, access.unit_accounts(office), account_id, change=True)
    with writing():
        changed = (
            UnitAccount.update(status=ACCOUNT_CONFIRMED if confirm else ACCOUNT_REFUSED, decided_at=now,
                               decided_by=office, reason=reason)
            .where((UnitAccount.id == account.id) & (UnitAccount.status == ACCOUNT_PENDING))
            .execute()
        )
        if not changed:
            raise Conflict("这个单位账号已经处理过了，未做更改。")
        audit.record(office, "confirm_account" if confirm else "refuse_account", "employer", account.employer_id, now,
                     f"{account.user.real_name}（{account.user.username}）{('：' + reason) if reason else ''}")
    return UnitAccount.get_by_id(account.id)
