"""The office's pages of the subsidy and the public 公示, for tests/test_html_valid.py: the claims list, a
claim with its decision form, in error and decided; the batches with the next one previewed, its form in
error; a batch in its window (objection forms, one in error), after it (the pay form, in error) and paid;
the public list, a batch with a line held, and an unknown batch. A helper module, not a test module."""
import datetime

from jianxi.db import db
from jianxi.models import Batch, SubsidyRule
from jianxi.services import claims
from tests import clock
from tests.factories import PASSWORD, filed_placement, month_record, subsidy_rule

D = datetime.date


def office_subsidy_pages(client, auth, app) -> dict[str, str]:
    with app.app_context(), db.connection_context():
        if not SubsidyRule.select().where(SubsidyRule.region_code == "140000").exists():
            subsidy_rule()
        unit_user, unit, placement = filed_placement(D(2026, 7, 1), months=6, username="revunit", body="MA0000R01",
                                                     person_number=491)
        for month in (D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)):
            month_record(unit_user, placement, month, 20)
        [claim] = claims.submit(unit_user, unit, claims.quarter("2026Q3"), D(2026, 10, 20),
                                datetime.datetime(2026, 10, 20, 10))
        august, september = (line.id for line in claims.lines(claim) if line.month in (D(2026, 8, 1), D(2026, 9, 1)))
    pages = {}

    def grab(name, response):
        assert response.status_code < 500, (name, response.status_code)
        pages[name] = response.get_data(as_text=True)

    client.post("/logout")
    client.post("/login", data={"username": "office_of_revunit", "password": PASSWORD})
    url = f"/review/claims/{claim.id}"
    grab("review-claims", client.get("/review/claims/"))
    grab("review-claim", client.get(url))
    grab("review-claim-errors", client.post(url, data={"return": str(august), f"reason-{september}": "未勾选"}))
    decided = client.post(url, data={"return": str(august), f"reason-{august}": "工资表与出勤表不一致"})
    grab("review-claim-decided", client.get(decided.headers["Location"]))
    grab("review-batches-preview", client.get("/review/batches/"))
    grab("review-batches-errors", client.post("/review/batches/", data={"contact": ""}))
    published = client.post("/review/batches/", data={"contact": "异议请联系小店区人社局就业科，电话 0351-1234567"})
    grab("review-batch-open", client.get(published.headers["Location"]))
    batch_url = published.headers["Location"].split("?")[0]
    grab("review-batch-objection-errors", client.post(f"{batch_url}/objections",
                                                      data={"line": str(september), f"reason-{september}": ""}))
    client.post(f"{batch_url}/objections", data={"line": str(september), f"reason-{september}": "群众反映未到岗"})
    with app.app_context(), db.connection_context():
        batch = Batch.get_by_id(int(batch_url.rsplit("/", 1)[1]))
        past = clock.today() - datetime.timedelta(days=10)
        Batch.update(published_on=past - datetime.timedelta(days=7), window_ends=past).where(
            Batch.id == batch.id).execute()
    grab("review-batch-due", client.get(batch_url))
    grab("review-batch-pay-errors", client.post(f"{batch_url}/pay", data={"paid_on": "2000-01-01", "voucher": ""}))
    grab("review-batches", client.get("/review/batches/"))
    grab("publicity-held", client.get(f"/publicity/{batch.slug}"))
    paid = client.post(f"{batch_url}/pay", data={"paid_on": clock.today().isoformat(), "voucher": "PZ-1"})
    grab("review-batch-paid", client.get(paid.headers["Location"]))
    client.post("/logout")
    grab("publicity", client.get("/publicity/"))
    grab("publicity-paid", client.get(f"/publicity/{batch.slug}"))
    grab("publicity-unknown", client.get("/publicity/140105-2026-99"))
    return pages
