"""Every kind of page, checked by the W3C Nu HTML checker (vnu.jar, installed by `make test`)."""
import io
import json
import pathlib
import shutil
import subprocess

from jianxi.db import db
from jianxi.services import applications, review
from tests import clock
from tests.admin.pages import admin_pages
from tests.factories import (
    as_csv,
    code,
    make_application,
    make_employer,
    make_position,
    make_user,
    row,
    valid_id_number,
)
from tests.inbox.pages import notice_pages
from tests.review.placement_stats_rows import stats_pages
from tests.review.roster_rows import roster_pages
from tests.review.subsidy_pages import office_subsidy_pages
from tests.review.unit_pages import office_unit_pages
from tests.support import require
from tests.unit import pages as unit_pages
from tests.unit.placement_pages import ending_pages, placement_pages
from tests.unit.subsidy_pages import subsidy_unit_pages

VNU = pathlib.Path(__file__).resolve().parents[1] / ".venv" / "vnu.jar"

require("html", VNU.exists() and shutil.which("java") is not None,
        "the HTML tests need Java and .venv/vnu.jar (apt-get install -y default-jre-headless; .ci/test-tools fetches the jar)")


def collect_pages(client, auth, app) -> dict[str, str]:
    pages = {}

    def grab(name, response):
        assert response.status_code < 500, name
        pages[name] = response.get_data(as_text=True)

    with app.app_context(), db.connection_context():
        position = make_position()
    grab("home", client.get("/"))
    grab("personal", client.get("/personal/"))
    grab("public", client.get("/public/"))
    grab("search", client.get("/positions/?city=140100&county=140105"))
    grab("search-notices", client.get("/positions/?city=999&page=abc"))
    grab("search-empty", client.get("/positions/?q=没有这个岗位"))
    grab("detail", client.get(f"/positions/{position.id}?city=140100"))
    grab("not-found", client.get("/positions/999999"))
    grab("login", client.get("/login"))
    grab("login-first", client.get("/login?next=/me/"))
    grab("register", client.get("/register"))
    grab("register-errors", client.post("/register", data={"username": "1", "id_number": "x"}))
    grab("forgot", client.get("/password/forgot"))
    grab("forgot-errors", client.post("/password/forgot", data={"username": "", "mobile": "1"}))
    client.post("/password/forgot", data={"username": "nobody1", "mobile": "13912345678"})
    grab("reset", client.get("/password/reset"))
    grab("reset-errors", client.post("/password/reset", data={"code": "1", "new_password": "1"}))
    grab("reset-wrong-code", client.post("/password/reset", data={
        "code": "123456", "new_password": "good-pass-1", "confirm_password": "good-pass-1"}))
    for _ in range(9):
        client.post("/password/forgot", data={"username": "nobody1", "mobile": "13912345678"})
    grab("forgot-throttled", client.post("/password/forgot", data={"username": "nobody1", "mobile": "13912345678"}))
    grab("login-after-reset", client.get("/login?reset=done"))
    user = auth.login(id_number=valid_id_number(birth="20030512"))
    grab("me", client.get("/me/"))
    grab("me-welcome", client.get("/me/?welcome=1"))
    grab("apply", client.get("/apply/"))
    grab("apply-errors", client.post("/apply/", data={"category": "graduate", "city": "140100"}))
    grab("logout", client.get("/logout"))
    with app.app_context(), db.connection_context():
        application = make_application(user)
    grab("done", client.get(f"/apply/done/{application.reference}"))
    grab("already", client.get("/apply/"))
    grab("applications", client.get("/me/applications"))
    grab("withdraw", client.get(f"/me/applications/{application.id}/withdraw"))
    grab("my-application", client.get(f"/me/applications/{application.id}"))
    with app.app_context(), db.connection_context():
        office = make_user("decider", role="reviewer", jurisdiction="140105")
        applications.withdraw(user, application.id, clock.now())
        rejected = make_application(user)
        review.decide(office, rejected.id, review.Decision(False, ("unclear_files",), "说明"), clock.now())
    grab("apply-after-rejection", client.get("/apply/"))
    with app.app_context(), db.connection_context():
        applications.withdraw(user, make_application(user).id, clock.now())
    grab("me-rejected", client.get("/me/"))
    grab("password-errors", client.post("/me/password", data={"current_password": "x"}))
    grab("me-positions-none", client.get("/me/positions/"))
    grab("applications-rejected", client.get("/me/applications"))
    client.post("/logout")
    auth.login(role="reviewer")
    grab("review", client.get("/review/"))
    grab("review-filtered", client.get("/review/?status=rejected&q=JX"))
    grab("review-application", client.get(f"/review/applications/{rejected.id}"))
    with app.app_context(), db.connection_context():
        pending = make_application(make_user("another", id_number=valid_id_number(birth="20020202", sequence="222")))
    grab("review-pending", client.get(f"/review/applications/{pending.id}"))
    grab("review-reject-errors", client.post(f"/review/applications/{pending.id}/reject", data={"details": "x"}))
    grab("review-reject-confirm", client.post(f"/review/applications/{pending.id}/reject", data={"grounds": "in_school"}))
    grab("office-employers", client.get("/review/employers/"))
    grab("office-employer-errors", client.post("/review/employers/new", data={"credit_code": "x"}))
    grab("office-positions", client.get("/review/positions/?status=open"))
    grab("office-position-errors", client.post("/review/positions/new", data={"openings": "0"}))
    with app.app_context(), db.connection_context():
        own = make_position(region="140105", title="有人收藏的岗位")
    grab("office-position", client.get(f"/review/positions/{own.id}"))
    grab("office-close", client.get(f"/review/positions/{own.id}/close"))
    grab("office-import", client.get("/review/import"))
    bad = "见习单位统一社会信用代码,岗位编号\n".encode()
    grab("office-import-unreadable", client.post("/review/import", data={"file": (io.BytesIO(bad), "a.csv")},
                                                 content_type="multipart/form-data"))
    with app.app_context(), db.connection_context():
        employer = make_employer(region="140105", credit_code=code("MA0K00055"))
    rows = as_csv([row("V1", employer.credit_code), row("V2", employer.credit_code, openings="0")])
    grab("office-import-plan", client.post("/review/import", data={"file": (io.BytesIO(rows), "a.csv")},
                                           content_type="multipart/form-data"))
    grab("office-stats", client.get("/review/stats"))
    grab("forbidden", client.get("/me/"))
    client.post("/logout")
    trainee = auth.login(username="trainee1", id_number=valid_id_number(birth="20020303", sequence="333"))
    with app.app_context(), db.connection_context():
        review.decide(office, make_application(trainee).id, review.Decision(True), clock.now())
        shelf = [make_position(title=f"岗位{i}") for i in range(4)]
    for p in shelf[:3]:
        client.post(f"/me/positions/{p.id}/favorite", data={"action": "add"})
    grab("me-positions", client.get("/me/positions/?q=岗位"))
    grab("me-position", client.get(f"/me/positions/{shelf[0].id}?q=岗位"))
    grab("me-favorite-refused", client.post(f"/me/positions/{shelf[3].id}/favorite", data={"action": "add"}))
    grab("me-favorites", client.get("/me/"))
    unit_pages.collect(client, app, grab)
    client.post("/logout")
    pages.update(office_unit_pages(client, auth, app))
    pages.update(roster_pages(client, auth, app))
    pages.update(stats_pages(client, auth, app))
    pages.update(admin_pages(client, auth, app))
    pages.update(placement_pages(client, auth, app))
    pages.update(ending_pages(client, auth, app))
    pages.update(subsidy_unit_pages(client, auth, app))
    pages.update(office_subsidy_pages(client, auth, app))
    pages.update(notice_pages(client, auth, app))
    return pages


def test_every_page_is_valid_html(client, auth, app, tmp_path):
    pages = collect_pages(client, auth, app)
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *sorted(map(str, tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{pathlib.Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert errors == [], "\n".join(errors)
