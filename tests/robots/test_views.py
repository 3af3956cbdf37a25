"""/robots.txt (robots/views.py): crawlers may read the public pages, not the personal, office and
unit areas; plain text that caches may keep."""
import urllib.robotparser

import pytest

from tests.support import text


@pytest.fixture
def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text(response).splitlines())
    return response, parser


def test_robots_txt_is_plain_text_with_the_disallow_lines_and_may_be_cached(robots):
    response, _ = robots
    assert response.mimetype == "text/plain"
    lines = text(response).splitlines()
    assert lines[0] == "User-agent: *"
    for area in ("/me/", "/apply/", "/review/", "/unit/", "/admin/", "/files/"):
        assert f"Disallow: {area}" in lines
    assert "public" in response.headers["Cache-Control"] and "max-age=" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/", "/positions/", "/positions/12?city=140100", "/units/", "/units/3",
                                  "/publicity/", "/public/", "/personal/", "/login", "/register"])
def test_a_crawler_may_read_the_public_pages(robots, path):
    _, parser = robots
    assert parser.can_fetch("Baiduspider", path)


@pytest.mark.parametrize("path", ["/me/", "/me/applications", "/apply/", "/review/", "/review/applications/1",
                                  "/unit/", "/unit/claims/", "/admin/holidays", "/files/7", "/account/notices"])
def test_a_crawler_stays_out_of_personal_office_and_unit_pages(robots, path):
    _, parser = robots
    assert not parser.can_fetch("Baiduspider", path)
