"""The office's side of the units, for tests beyond tests/review/: who acts on it (ACTORS, the offices'
sign-ins), one page of each kind for the HTML checker, and one object of each kind for the htmx checks.

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
from jianxi.db import db
from jianxi.models import Employer
from jianxi.services import recognition, unit_positions
from tests import clock
from tests.factories import JPEG, make_user, position_proposal, recognised_unit, register_unit, submitted_recognition
from tests.support import text

# The offices that act on a unit of 小店区 (auth.login's arguments): its county's, its city's, another county's.
ACTORS = {
    "county": dict(role="reviewer", jurisdiction="140105"),
    "city": dict(role="reviewer", jurisdiction="140100"),
    "other_county": dict(role="reviewer", jurisdiction="140106"),
}


def office_unit_pages(client, auth, app) -> dict[str, str]:
    """One page of each kind of the office's unit side, for the HTML checker (tests/test_html_valid.py)."""
    with app.app_context(), db.connection_context():
        pending = submitted_recognition("html_unit", "MA0KH7020", "140105", licence=JPEG)[1]
        decided = submitted_recognition("html_unit2", "MA0KH7021", "140105")[1]
        office = make_user("html_office", role="reviewer", jurisdiction="140105")
        recognition.decide(office, decided.id, recognition.Decision("recognise"), clock.now())
        unit = Employer.get_by_id(decided.employer_id)
        claim = register_unit("html_claimer", unit.credit_code)[1]
        published = position_proposal(unit, "html_first")
        position = unit_positions.approve(office, published.id, clock.now())
        edit = position_proposal(unit, "html_edit", position_id=position.id, title="改过名的岗位")
    auth.login(username="html_county", **ACTORS["county"])
    pages = {}
    for name, url in {
        "office-units": "/review/units/?status=all",
        "office-recognition": f"/review/units/{pending.id}",
        "office-recognition-decided": f"/review/units/{decided.id}",
        "office-revoke": f"/review/units/{decided.id}/revoke",
        "office-unit-accounts": "/review/units/accounts/",
        "office-account-confirm": f"/review/units/accounts/{claim.id}/confirm",
        "office-account-refuse": f"/review/units/accounts/{claim.id}/refuse",
        "office-positions-pending": "/review/positions/?status=pending",
        "office-proposal-edit": f"/review/proposals/{edit.id}",
        "office-proposal-approve": f"/review/proposals/{edit.id}/approve",
        "units": "/units/?city=140100",
        "unit": f"/units/{unit.id}",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = text(response)
    for name, url, form in (
        ("office-recognition-errors", f"/review/units/{pending.id}/decide", {"outcome": "refuse"}),
        ("office-recognition-confirm", f"/review/units/{pending.id}/decide", {"outcome": "refuse", "grounds": "other"}),
        ("office-account-refuse-errors", f"/review/units/accounts/{claim.id}/refuse", {"reason": ""}),
        ("office-proposal-errors", f"/review/proposals/{edit.id}/send-back", {"reason": ""}),
    ):
        response = client.post(url, data=form)
        assert response.status_code in (200, 422), name
        pages[name] = text(response)
    return pages


def unit_objects() -> dict[str, int]:
    """A 待审核 认定 in 小店区, an account asking to act for it and a position it proposed, for the htmx
    checks of every endpoint (tests/web/test_htmx.py)."""
    applied = submitted_recognition("hx_unit", "MA0KH7030", "140105")[1]
    unit = recognised_unit("hx_unit2", "MA0KH7031", "140105", "小店晋阳科技有限公司")
    return {"recognition": applied.id, "account": register_unit("hx_claimer", unit.credit_code)[1].id,
            "proposal": position_proposal(unit, "hx_proposer").id}
