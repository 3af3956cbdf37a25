"""Every URL that can answer with a fragment says so in `Vary`, for its page and its fragments alike,
so that no cache hands a fragment to someone who asked for the page."""
import io

import pytest

from jianxi.db import db
from tests.factories import JPEG, make_application, make_attachment, make_position, valid_id_number
from tests.review.unit_pages import unit_objects
from tests.support import text

# Endpoints whose URL answers htmx with a fragment, and the requests that show each answer.
FRAGMENT_REQUESTS = {
    "positions.index": [("GET", "/positions/", "results"), ("GET", "/positions/?page=1", "more")],
    "positions.counties": [("GET", "/positions/counties?city=140100", "county-field")],
    "apply.form": [("GET", "/apply/", "apply-form"), ("POST", "/apply/", "apply-form")],
    "apply.jurisdictions": [("GET", "/apply/jurisdictions?city=140100", "jurisdiction-field")],
    "unit.jurisdictions": [("GET", "/unit/jurisdictions?city=140100", "region-field")],
    "apply.eligibility_check": [("GET", "/apply/eligibility?graduation_month=2025-06", "eligibility")],
    "apply.upload": [("POST", "/apply/attachments/id_front", "row-id_front")],
    "apply.delete_attachment": [("POST", "/apply/attachments/{attachment}/delete", "row-id_back")],
    "me.applications": [("GET", "/me/applications", "applications")],
    "me.withdraw": [
        ("GET", "/me/applications/{application}/withdraw", "dialog-slot"),
        ("POST", "/me/applications/{application}/withdraw", "applications"),
    ],
    "me.positions": [("GET", "/me/positions/", "results"), ("GET", "/me/positions/?page=1", "more")],
    "me.favorite": [("POST", "/me/positions/{position}/favorite?action=add", "favorite-{position}")],
    "review.index": [("GET", "/review/", "queue")],
    "review.employers": [("GET", "/review/employers/", "employers")],
    "review.positions": [("GET", "/review/positions/", "positions")],
    "review.close_position": [("GET", "/review/positions/{position}/close", "dialog-slot")],
    "review.approve": [("GET", "/review/applications/{application}/approve", "dialog-slot")],
    "review.reject": [
        ("POST", "/review/applications/{application}/reject", "dialog-slot"),
        ("POST", "/review/applications/{application}/reject?grounds=in_school", "dialog-slot"),
    ],
    "review.recognitions": [("GET", "/review/units/", "recognitions")],
    "review.decide_recognition": [
        ("POST", "/review/units/{recognition}/decide", "dialog-slot"),
        ("POST", "/review/units/{recognition}/decide?outcome=refuse&grounds=other", "dialog-slot"),
    ],
    "review.revoke_recognition": [("GET", "/review/units/{recognition}/revoke", "dialog-slot")],
    "review.unit_accounts": [("GET", "/review/units/accounts/", "accounts")],
    "review.confirm_account": [("GET", "/review/units/accounts/{account}/confirm", "dialog-slot")],
    "review.refuse_account": [("GET", "/review/units/accounts/{account}/refuse", "dialog-slot")],
    "review.approve_proposal": [("GET", "/review/proposals/{proposal}/approve", "dialog-slot")],
    "units.index": [("GET", "/units/", "results")],
    "review.roster": [("GET", "/review/roster/", "roster")],
    "review.claims_list": [("GET", "/review/claims/", "claims")],
    "review.batches_list": [("GET", "/review/batches/", "batches")],
    "me.messages": [("GET", "/me/messages", "messages")],
    "unit.messages": [("GET", "/unit/messages", "messages")],
    "review.messages": [("GET", "/review/messages", "messages")],
}
# Endpoints that only ever answer with a whole page or a file (their errors are covered below).
PAGE_ONLY = {
    "assets.static", "portal.home", "portal.personal", "portal.public", "positions.detail",
    "auth.login", "auth.register", "auth.logout", "auth.password", "auth.forgot", "auth.reset", "apply.done", "me.index", "me.application", "me.position", "files.show",
    "review.application", "review.export", "review.new_employer", "review.edit_employer",
    "review.new_position", "review.edit_position", "review.position", "review.reopen_position",
    "review.interested_csv", "review.import_positions", "review.confirm_import", "review.import_template",
    "review.stats", "health.healthz", "robots.robots_txt",
    "review.recognition", "review.proposal", "review.send_back_proposal", "units.detail",
    "unit.register", "unit.index", "unit.recognition", "unit.positions", "unit.new_position", "unit.edit_position",
    "unit.edit_proposal", "unit.close_position", "unit.reopen_position",
    "admin.minimum_wages", "admin.remove_minimum_wage", "admin.holidays", "admin.remove_holiday", "admin.subsidy_rules",
    "admin.remove_subsidy_rule",
    "unit.candidates_of", "unit.candidate", "unit.placements_list", "unit.placement", "unit.edit_terms", "unit.confirm",
    "unit.insurance", "unit.submit", "unit.agreement", "unit.agreement_download",
    "me.offer", "me.accept", "me.decline", "me.placement", "me.confirm", "me.agreement", "me.agreement_download",
    "unit.end", "me.certificate", "me.certificate_download", "verify.index", "verify.show",
    "review.roster_xlsx", "review.roster_csv", "review.placement", "review.placement_agreement", "review.placement_agreement_download",
    "review.claim", "review.batch", "review.object_to", "review.pay", "review.batch_xlsx", "review.batch_csv",
    "publicity.index", "publicity.batch", "publicity.download",
    "unit.months", "unit.month", "unit.claims_list", "unit.claim_new", "unit.claim",
    "me.read_message", "me.read_all_messages", "unit.read_message", "unit.read_all_messages",
    "review.read_message", "review.read_all_messages", "account.notices", "account.verify_email",
}


def test_every_endpoint_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(FRAGMENT_REQUESTS) | PAGE_ONLY, "a new route: say whether it renders fragments"


@pytest.fixture
def objects(app, auth):
    """An applicant signed in, with a pending application and a spare attachment."""
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    with app.app_context(), db.connection_context():
        position = make_position()
        application = make_application(user)
        attachment = make_attachment(user, "id_back")
        units = unit_objects()
    return {"application": application.id, "attachment": attachment.id, "position": position.id, **units}


def _send(client, method, url, headers):
    if method == "GET":
        return client.get(url, headers=headers)
    data = {"file_id_front": (io.BytesIO(JPEG), "a.jpg")} if "attachments/id_front" in url else {}
    if "?" in url:  # form fields, e.g. a complete rejection, answered with the confirmation dialog
        url, fields = url.split("?")
        data.update(field.split("=") for field in fields.split("&"))
    return client.post(url, headers=headers, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize(
    "method, url, target",
    [request for requests in FRAGMENT_REQUESTS.values() for request in requests],
)
def test_fragment_and_page_answers_both_vary_on_htmx_headers(client, auth, objects, method, url, target):
    url, target = url.format(**objects), target.format(**objects)
    if url.startswith("/review/"):
        auth.logout()
        auth.login(role="reviewer", jurisdiction="140105")
    fragment = _send(client, method, url, {"HX-Request": "true", "HX-Target": target})
    assert fragment.status_code < 500 and "<html" not in text(fragment)
    assert {"HX-Request", "HX-Target"} <= set(fragment.vary), f"{method} {url} fragment"
    page = _send(client, method, url, {})
    assert {"HX-Request", "HX-Target"} <= set(page.vary), f"{method} {url} page"


@pytest.mark.parametrize("url", ["/positions/999999", "/files/999999", "/review/"])
def test_error_answers_vary_too(client, objects, url):
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "results"})
    assert fragment.status_code in (403, 404) and fragment.headers["HX-Retarget"] == "#alerts"
    assert {"HX-Request", "HX-Target"} <= set(fragment.vary)
    assert {"HX-Request", "HX-Target"} <= set(client.get(url).vary)
