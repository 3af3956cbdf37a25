"""ops.bulk: the fastest load each engine offers keeps NULL and the empty string apart, and loads
into tables whose names SQL reserves (user)."""
from jianxi.models import Employer, User
from jianxi.ops import bulk


def test_bulk_insert_keeps_none_as_null_and_empty_text_as_text(dbc):
    columns = ["name", "credit_code", "region_id", "address", "contact_person", "phone"]
    assert bulk.insert(Employer, columns, [("甲公司", None, "140105", "", "王女士", "0351-1234567")]) == 1
    found = Employer.get(Employer.name == "甲公司")
    assert found.credit_code is None and found.address == ""


def test_bulk_insert_into_the_user_table(dbc):
    columns = ["username", "password_hash", "real_name", "id_number", "mobile", "role", "jurisdiction_id",
               "created_at", "session_token"]
    rows = [(f"bulk{n}", "x", "张三", None, "13912345678", "reviewer", "140105", "2026-12-01 08:00:00", f"{n:032x}")
            for n in range(3)]
    assert bulk.insert(User, columns, rows) == 3
    assert [u.id_number for u in User.select().where(User.username.startswith("bulk"))] == [None] * 3
