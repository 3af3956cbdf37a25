"""批量导入: the template, the dry run's row-by-row problems, all-or-nothing writes, re-imports."""
import csv
import io

import pytest

from jianxi.models import AuditLog, ImportDraft, Position
from jianxi.services import imports
from jianxi.services.errors import Conflict, UnreadableFile
from tests import clock
from tests.factories import as_csv, code, make_employer, make_user, row

TODAY = clock.today()
NOW = clock.now()


@pytest.fixture
def employer(dbc):
    return make_employer(region="140105", credit_code=code("MA0K00001"))


def test_template_has_the_chinese_headers_and_an_example_row():
    lines = list(csv.reader(io.StringIO(imports.template().lstrip("\ufeff"))))
    assert lines[0] == list(imports.COLUMNS.values()) and lines[0][0] == "见习单位统一社会信用代码"
    assert len(lines) == 2 and lines[1][1] == "XD-2027-001"


def test_a_good_file_is_planned_then_written_and_audited(employer):
    rows = imports.read(as_csv([row("A1", employer.credit_code), row("A2", employer.credit_code, openings="5")]))
    plan = imports.plan(rows, TODAY)
    assert plan.ready and len(plan.creates) == 2 and not plan.problems
    assert Position.select().count() == 0, "the dry run writes nothing"
    assert imports.apply(plan, NOW) == (2, 0)
    made = {p.external_ref: p for p in Position.select()}
    assert made["A2"].openings == 5 and made["A1"].region_id == "140105" and made["A1"].city_id == "140100"
    assert AuditLog.select().where((AuditLog.action == "create") & (AuditLog.object_type == "position")).count() == 2


def test_importing_the_same_file_again_updates_instead_of_duplicating(employer):
    data = as_csv([row("A1", employer.credit_code), row("A2", employer.credit_code)])
    imports.apply(imports.plan(imports.read(data), TODAY), NOW)
    again = imports.plan(imports.read(data), TODAY)
    assert again.unchanged == 2 and not again.creates and not again.updates and not again.ready
    changed = imports.plan(imports.read(as_csv([row("A1", employer.credit_code, openings="9")])), TODAY)
    assert imports.apply(changed, NOW) == (0, 1) and Position.select().count() == 2
    assert Position.get(Position.external_ref == "A1").openings == 9
    assert "招收人数：2 → 9" in AuditLog.get(AuditLog.action == "update").detail


def test_every_bad_row_is_listed_by_line_column_and_message_and_nothing_is_written(employer, dbc):
    other = make_employer(region="140106", credit_code=code("MA0K00002", "140106"))
    rows = [
        row("B1", employer.credit_code),
        row("B2", employer.credit_code, openings="0", deadline="2020-01-01"),
        row("B3", code("MA0K00099")),
        row("B1", employer.credit_code),
        row("", employer.credit_code),
        row("B6", other.credit_code),
    ]
    office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
    plan = imports.plan(imports.read(as_csv(rows)), TODAY, office)
    found = {(p.line, p.column) for p in plan.problems}
    assert found == {(3, "招收人数"), (3, "有效期至"), (4, "见习单位统一社会信用代码"), (5, "岗位编号"),
                     (6, "岗位编号"), (7, "见习单位统一社会信用代码")}
    messages = {p.line: p.message for p in plan.problems}
    assert messages[5] == "岗位编号与第2行重复" and messages[7] == "这个见习单位不归您的经办机构维护"
    assert not plan.ready
    with pytest.raises(AssertionError):
        imports.apply(plan, NOW)
    assert Position.select().count() == 0


def test_an_import_interrupted_midway_leaves_nothing_half_written(employer, monkeypatch):
    data = as_csv([row(f"C{i}", employer.credit_code) for i in range(1200)])
    plan = imports.plan(imports.read(data), TODAY)
    calls = []

    def fail_on_third_batch(n):
        calls.append(n)
        if len(calls) == 3:
            raise OSError("the connection dropped")

    with pytest.raises(OSError):
        imports.apply(plan, NOW, progress=fail_on_third_batch)
    assert Position.select().count() == 0 and not AuditLog.select().exists()


def test_files_that_cannot_be_read_as_a_whole_say_why(employer):
    with pytest.raises(UnreadableFile, match="缺少这些列：岗位编号"):
        imports.read("见习单位统一社会信用代码,岗位名称\n".encode())
    with pytest.raises(UnreadableFile, match="没有岗位数据"):
        imports.read(as_csv([]))
    with pytest.raises(UnreadableFile, match="超过20000行"):
        imports.read(as_csv([row(f"D{i}", employer.credit_code) for i in range(imports.MAX_ROWS + 1)]))
    with pytest.raises(UnreadableFile, match="超过10MB"):
        imports.read(b"x" * (imports.MAX_BYTES + 1))
    with pytest.raises(UnreadableFile, match="编码"):
        imports.read(b"\xff\xfe\x00\xd8" * 10)


def test_a_file_saved_by_excel_in_gb18030_is_read(employer):
    rows = imports.read(as_csv([row("E1", employer.credit_code, title="会计助理")], encoding="gb18030"))
    assert rows[0]["title"] == "会计助理"


def test_a_draft_is_used_up_by_its_import_so_a_second_confirm_does_nothing(employer):
    office = make_user("xiaodian", role="reviewer", jurisdiction="140105")
    data = as_csv([row("F1", employer.credit_code)])
    token = imports.keep_draft(office, "f.csv", data, NOW)
    kept = imports.draft(office, token)
    assert imports.draft(make_user("other", role="reviewer", jurisdiction="140105"), token) is None
    plan = imports.plan(imports.read(bytes(kept.content)), TODAY, office)
    assert imports.apply(plan, NOW, office, draft=kept) == (1, 0)
    with pytest.raises(Conflict):
        imports.apply(plan, NOW, office, draft=kept)
    assert Position.select().count() == 1 and not ImportDraft.select().exists()


def test_the_dry_run_previews_each_position_to_add_or_update_with_what_changes(employer):
    imports.apply(imports.plan(imports.read(as_csv([row("P1", employer.credit_code), row("P2", employer.credit_code)])),
                                TODAY), NOW)
    rows = [row("P3", employer.credit_code, title="新岗位"), row("P1", employer.credit_code, openings="7"),
            row("P2", employer.credit_code)]
    plan = imports.plan(imports.read(as_csv(rows)), TODAY)
    assert [(c.line, c.external_ref, c.title, c.created, c.changes) for c in plan.preview] == [
        (2, "P3", "新岗位", True, ""), (3, "P1", "岗位P1", False, "招收人数：2 → 7")]
    assert plan.unchanged == 1 and Position.select().count() == 2, "the dry run writes nothing"


def test_each_problem_quotes_the_value_the_row_gave(employer):
    rows = [row("V1", employer.credit_code, openings="两个", deadline="2027-02-30"), row("", employer.credit_code),
            row("V3", employer.credit_code, duties="很长的职责" * 500)]
    plan = imports.plan(imports.read(as_csv(rows)), TODAY)
    found = {(p.line, p.column): (p.value, p.message) for p in plan.problems}
    assert found[(2, "招收人数")] == ("两个", "招收人数应为1到9999之间的整数")
    assert found[(2, "有效期至")] == ("2027-02-30", "有效期至应为日期，如 2027-06-30")
    assert found[(3, "岗位编号")] == ("", "请填写岗位编号（最多40个字符）")
    value, message = found[(4, "岗位职责")]
    assert message == "岗位职责不能超过2000个字" and len(value) == 40 and value.endswith("…")
    assert not plan.preview
