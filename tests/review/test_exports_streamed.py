"""The queue's export.csv streams: the audit row is written before the first byte, the file starts
before the rows are all read, the database is read a chunk at a time (never the whole result at
once), and the file holds every row, free text still neutralised."""
import csv
import datetime
import io

import pytest

from jianxi import db as database
from jianxi.db import db
from jianxi.models import Application, AuditLog, User

ROWS = 5000
CHUNK = 200


def _applications(count: int) -> list[dict]:
    """`count` applications of 小店区 written in bulk, one per person, in the order the queue sorts
    them (all 未审核, oldest first); every 7th name starts like a formula."""
    User.insert_many([
        {"username": f"many{n}", "password_hash": "x", "real_name": "赵六", "mobile": "13912345678",
         "id_number": None,
         "role": "applicant", "created_at": datetime.datetime(2026, 1, 1), "session_token": f"{n:032d}"}
        for n in range(count)
    ]).execute()
    people = [u.id for u in User.select(User.id).where(User.username.startswith("many")).order_by(User.id)]
    start = datetime.datetime(2026, 1, 1, 8)
    rows = [{
        "user": user_id, "reference": f"JX{n:013d}", "submission_key": f"s-{n}", "status": "pending",
        "name": "=1+1" if n % 7 == 0 else f"赵{n}", "gender": "男", "birth_date": datetime.date(2003, 5, 12),
        "ethnicity": "01", "id_number": f"14010520030512{n % 10000:04d}", "education": "bachelor",
        "school": "山西大学", "major": "会计学", "graduation_month": "2025-06", "category": "graduate",
        "mobile": "13912345678", "household": "h", "address": "a", "jurisdiction": "140105",
        "submitted_at": start + datetime.timedelta(minutes=n), "submitted_month": "2026-01",
    } for n, user_id in enumerate(people)]
    for first in range(0, count, 500):
        Application.insert_many(rows[first:first + 500]).execute()
    return rows


@pytest.fixture
def fetched(monkeypatch):
    """How many rows the export has read from the database so far, a chunk of CHUNK at a time."""
    count = {"rows": 0}
    reading = database._ChunkedCursor.fetch

    def counting(cursor):
        rows = reading(cursor)
        count["rows"] += len(rows)
        return rows

    monkeypatch.setattr(database, "CHUNK_ROWS", CHUNK)
    monkeypatch.setattr(database._ChunkedCursor, "fetch", counting)
    return count


def test_a_long_export_streams_a_chunk_at_a_time_and_holds_every_row(client, auth, app, fetched):
    with app.app_context(), db.connection_context():
        written = _applications(ROWS)
    reviewer = auth.login(role="reviewer", jurisdiction="140105")
    response = client.get("/review/export.csv")
    assert response.status_code == 200 and response.is_streamed
    with app.app_context(), db.connection_context():
        assert AuditLog.get(AuditLog.action == "export").actor_id == reviewer.id, "audited before the first byte"
    chunks = iter(response.response)
    first = next(chunks).decode("utf-8")
    assert first.startswith("\ufeff申报编号,审核状态,姓名") and fetched["rows"] == 0, "the header before any row is read"
    with_rows = next(chunks)
    assert 0 < fetched["rows"] <= 2 * CHUNK, "the first rows go out after a chunk or two is read, not all of them"
    body = first + with_rows.decode("utf-8") + b"".join(chunks).decode("utf-8")
    response.close()
    assert fetched["rows"] == ROWS
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, rows = rows[0], rows[1:]
    column = {name: header.index(name) for name in ("申报编号", "姓名", "身份证号码", "提交时间")}
    assert [row[column["申报编号"]] for row in rows] == [w["reference"] for w in written]
    assert [row[column["姓名"]] for row in rows] == [
        "'=1+1" if w["name"].startswith("=") else w["name"] for w in written]
    assert rows[-1][column["身份证号码"]] == f'="{written[-1]["id_number"]}"'
    assert rows[-1][column["提交时间"]] == f"{written[-1]['submitted_at']:%Y-%m-%d %H:%M}"


def test_an_export_no_one_may_see_sends_nothing(client, auth, app, fetched):
    with app.app_context(), db.connection_context():
        _applications(3)
    auth.login(role="applicant")
    response = client.get("/review/export.csv")
    assert response.status_code in (302, 403, 404) and fetched["rows"] == 0
    with app.app_context(), db.connection_context():
        assert not AuditLog.select().where(AuditLog.action == "export").exists()
