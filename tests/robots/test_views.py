"""/robots.txt (robots/views.py): crawlers may read every page, the signed-in areas included (they
answer a crawler with 登录's redirect), but not downloads, signing out or the password-reset steps;
plain text that caches may keep."""
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
    for prefix in ("/files/", "/logout", "/password/", "/healthz"):
        assert f"Disallow: {prefix}" in lines
    assert "public" in response.headers["Cache-Control"] and "max-age=" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/", "/positions/", "/positions/12?city=140100", "/units/", "/units/3",
                                  "/publicity/", "/public/", "/personal/", "/login", "/register"])
def test_a_crawler_may_read_the_public_pages(robots, path):
    _, parser = robots
    assert parser.can_fetch("Baiduspider", path)


@pytest.mark.parametrize("path", ["/me/", "/apply/", "/review/", "/unit/", "/admin/holidays", "/account/notices"])
def test_a_crawler_may_knock_on_signed_in_areas_and_gets_only_the_way_to_sign_in(robots, client, path):
    _, parser = robots
    assert parser.can_fetch("Baiduspider", path)
    answer = client.get(path)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


@pytest.mark.parametrize("path", ["/files/7", "/logout", "/password/reset", "/healthz"])
def test_a_crawler_stays_out_of_what_is_no_page(robots, path):
    _, parser = robots
    assert not parser.can_fetch("Baiduspider", path)
