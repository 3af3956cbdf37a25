"""The pages of a unit's months and claims, for tests/test_html_valid.py: the months of a placement,
a month's form in error, the claims list, a new claim with figures and refusals, a claim, and the
trainee's placement with its months. A helper module, not a test module."""
import datetime

from jianxi.db import db
from tests import clock
from tests.factories import PASSWORD, filed_placement, subsidy_rule


def subsidy_unit_pages(client, auth, app) -> dict[str, str]:
    today = clock.today()
    start = (today.replace(day=1) - datetime.timedelta(days=100)).replace(day=1)
    with app.app_context(), db.connection_context():
        subsidy_rule()
        _, _, placement = filed_placement(start, months=6, username="subunit", body="MA0000T01", person_number=391)
    pages = {}

    def grab(name, response):
        assert response.status_code < 500, (name, response.status_code)
        pages[name] = response.get_data(as_text=True)

    client.post("/logout")
    client.post("/login", data={"username": "subunit", "password": PASSWORD})
    months = f"/unit/placements/{placement.id}/months/"
    client.post(f"{months}{start:%Y-%m}", data={"days_attended": "20", "paid": "2200", "paid_on": f"{start:%Y-%m}-28"})
    grab("unit-months", client.get(months))
    second = (start + datetime.timedelta(days=32)).replace(day=1)
    grab("unit-month-errors", client.post(f"{months}{second:%Y-%m}", data={"days_attended": "99", "paid": "x"}))
    grab("unit-home-due", client.get("/unit/"))
    quarter = f"{start.year}Q{(start.month + 2) // 3}"
    grab("unit-claim-new", client.get(f"/unit/claims/new?quarter={quarter}"))
    submitted = client.post("/unit/claims/new", data={"quarter": quarter})
    grab("unit-claim", client.get(submitted.headers["Location"]))
    grab("unit-claims", client.get("/unit/claims/"))
    client.post("/logout")
    client.post("/login", data={"username": "trainee391", "password": PASSWORD})
    grab("me-placement-months", client.get(f"/me/placements/{placement.id}"))
    client.post("/logout")
    return pages
