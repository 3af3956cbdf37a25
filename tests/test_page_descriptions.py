"""Issue 25's seven pages each tell a search engine (and a shared link's preview) what they are in
their own words: one meta description each, none the same as another's. Every other page has one
too (tests/page_checks.py checks each page any test receives)."""
from jianxi.db import db
from tests.factories import make_employer, make_position, valid_id_number
from tests.page_checks import descriptions
from tests.support import text


def description_of(response) -> str:
    assert response.status_code == 200
    [found] = descriptions(text(response))
    return found


def test_the_seven_pages_of_issue_25_each_describe_themselves_differently(client, auth, app):
    with app.app_context(), db.connection_context():
        position = make_position(make_employer(name="太原晋阳会计师事务所"), title="审计助理")
    found = {
        "home": description_of(client.get("/")),
        "search": description_of(client.get("/positions/")),
        "position": description_of(client.get(f"/positions/{position.id}")),
        "login": description_of(client.get("/login")),
    }
    auth.login(id_number=valid_id_number(birth="20030512"))
    found["apply"] = description_of(client.get("/apply/"))
    found["me"] = description_of(client.get("/me/"))
    auth.logout()
    auth.login(role="reviewer")
    found["review"] = description_of(client.get("/review/"))
    assert len(set(found.values())) == 7, found
    assert "见习岗位查询" in found["search"]
    assert "审核工作台" in found["review"]


def test_a_positions_description_names_it_its_unit_and_what_it_offers(client, app):
    with app.app_context(), db.connection_context():
        position = make_position(make_employer(name="太原晋阳会计师事务所"), title="审计助理", region="140105",
                                 openings=3, duration_months=6, monthly_subsidy=2100)
    description = description_of(client.get(f"/positions/{position.id}"))
    for words in ("太原晋阳会计师事务所", "审计助理", "小店区", "招收3人", "见习6个月", "2100元/月"):
        assert words in description, description


def test_a_page_with_no_words_of_its_own_gets_the_services_description(client, auth):
    auth.login()
    description = description_of(client.get("/me/password"))
    assert description.startswith("山西就业见习服务：")
