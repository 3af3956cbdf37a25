"""Every list page of the service, as a person sees it: a page past the last shows the last one with
the same notice everywhere (the public search, the review queue, the office's employers and
positions, 我的办件), and 我的办件 comes twenty a page with the same pager as the office lists."""
import datetime

import pytest

from jianxi.db import db
from jianxi.services import applications
from tests.factories import make_application, make_employer, make_position, valid_id_number

PAST_THE_LAST = "没有第99页，已显示最后一页。"


@pytest.mark.parametrize("url", ["/review/?page=99", "/review/employers/?page=99", "/review/positions/?page=99"])
def test_an_office_list_past_its_last_page_says_so(client, auth, app, url):
    auth.login(role="reviewer", jurisdiction="140105")
    with app.app_context(), db.connection_context():
        make_employer(region="140105")
        make_position(region="140105")
    for headers in ({}, {"HX-Request": "true"}):  # the page, and the list swapped in by htmx
        body = client.get(url, headers=headers).get_data(as_text=True)
        assert PAST_THE_LAST in body and "第1页" not in body  # one page: no pager


def test_the_public_search_past_its_last_page_says_so(client, dbc):
    make_position(region="140105")
    assert PAST_THE_LAST in client.get("/positions/?page=99").get_data(as_text=True)


def test_my_applications_twenty_a_page_and_past_the_last(client, auth, app):
    applicant = auth.login(id_number=valid_id_number())
    with app.app_context(), db.connection_context():
        references = []
        for day in range(1, 23):
            made = make_application(applicant, now=datetime.datetime(2026, 10, day, 9))
            applications.withdraw(applicant, made.id, datetime.datetime(2026, 10, day, 10))
            references.append(made.reference)
    first = client.get("/me/applications?status=withdrawn").get_data(as_text=True)
    assert "共 22 件" in first and "第1页，共2页" in first
    assert references[-1] in first and references[0] not in first
    assert 'href="/me/applications?page=2&amp;status=withdrawn"' in first
    second = client.get("/me/applications?status=withdrawn&page=2").get_data(as_text=True)
    assert references[0] in second and references[1] in second and references[-1] not in second
    past = client.get("/me/applications?page=99").get_data(as_text=True)
    assert PAST_THE_LAST in past and "第2页，共2页" in past
