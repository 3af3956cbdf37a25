"""The pages of the way from 收藏 to 上岗 in each state worth checking, for tests/test_html_valid.py:
the unit's candidates, a candidate with a form in error, the trainee's 个人中心 with notices, an
offer, my placement, the unit's placements, the agreement form and insurance form in error, the
agreement page, and the office's placement with its 备案 form. A helper module, not a test module."""
from jianxi.db import db
from jianxi.models import User
from jianxi.services import placements
from tests.factories import PASSWORD, hiring_unit, make_user, minimum_wage, offer_to, placed, trainee


def placement_pages(client, auth, app) -> dict[str, str]:
    with app.app_context(), db.connection_context():
        minimum_wage("140105", 2000)
        unit_user, unit, position = hiring_unit("plunit", "MA0000P01", name="山西太行检测有限公司", openings=3)
        person, waiting = trainee(701), trainee(702)
        placement = placed(unit_user, position, person)
        offer = offer_to(unit_user, position, waiting)
        if not User.select().where(User.username == "pl_office").exists():
            make_user("pl_office", role="reviewer", jurisdiction="140105")
    pages = {}

    def grab(name, response):
        assert response.status_code < 500, (name, response.status_code)
        pages[name] = response.get_data(as_text=True)

    def sign_in(username):
        client.post("/logout")
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 303

    sign_in("plunit")
    candidates = f"/unit/positions/{position.id}/candidates/"
    grab("unit-candidates", client.get(candidates))
    grab("unit-candidate", client.get(f"{candidates}{waiting.id}"))
    grab("unit-candidate-errors", client.post(f"{candidates}{waiting.id}", data={"step": "unsuitable",
                                                                                 "unsuitable-reason": "other"}))
    grab("unit-placements", client.get("/unit/placements/"))
    grab("unit-placement", client.get(f"/unit/placements/{placement.id}"))
    grab("unit-terms-errors", client.post(f"/unit/placements/{placement.id}/agreement/edit",
                                          data={"allowance": "10", "months": "6", "version": "1"}))
    grab("unit-insurance-errors", client.post(f"/unit/placements/{placement.id}/insurance",
                                              data={"insurer": "", "starts_on": "2030-01-01", "ends_on": "2029-01-01"}))
    grab("agreement", client.get(f"/unit/placements/{placement.id}/agreement"))
    sign_in("trainee702")
    grab("me-notices", client.get("/me/"))
    grab("me-offer", client.get(f"/me/offers/{offer.id}"))
    sign_in("trainee701")
    grab("me-placement", client.get(f"/me/placements/{placement.id}"))
    with app.app_context(), db.connection_context():
        found = placements.unit_placement(unit, placement.id)
        assert found.status == "accepted"
    sign_in("pl_office")
    grab("office-placement", client.get(f"/review/placements/{placement.id}"))
    client.post("/logout")
    return pages


def ending_pages(client, auth, app) -> dict[str, str]:
    """A placement whose period is over: the unit's ending form in error, the 期满 page after the
    鉴定, the trainee's placement and 见习证明, and /verify/ (found, form, unknown)."""
    import datetime

    from tests import clock
    from tests.factories import filed_placement

    with app.app_context(), db.connection_context():
        _, _, placement = filed_placement(clock.today() - datetime.timedelta(days=200), username="endunit",
                                          body="MA0000E01")
    pages = {}

    def grab(name, response):
        assert response.status_code < 500, (name, response.status_code)
        pages[name] = response.get_data(as_text=True)

    client.post("/logout")
    client.post("/login", data={"username": "endunit", "password": PASSWORD})
    url = f"/unit/placements/{placement.id}"
    grab("unit-placement-due", client.get(url))
    grab("unit-leave-errors", client.post(f"{url}/end/leave", data={"last_day": "2000-01-01", "leave_reason": "other"}))
    client.post(f"{url}/end/assess", data={"assessment": "pass", "assessment_text": "认真负责。"})
    grab("unit-placement-ended", client.get(url))
    grab("unit-retain", client.get(f"{url}/end/retain"))
    with app.app_context(), db.connection_context():
        found = placements.unit_placement(placement.employer, placement.id)
        person = found.user.username
    client.post("/logout")
    client.post("/login", data={"username": person, "password": PASSWORD})
    grab("me-placement-ended", client.get(f"/me/placements/{placement.id}"))
    grab("me-certificate", client.get(f"/me/placements/{placement.id}/certificate"))
    client.post("/logout")
    grab("verify", client.get("/verify/"))
    grab("verify-found", client.get(f"/verify/{found.certificate_code}"))
    grab("verify-unknown", client.get("/verify/ABCDEFGHJKMN"))
    return pages
