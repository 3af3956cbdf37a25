"""The operator's commands (jianxi/cli.py): init-db, seed-demo, create-user, set-password, import-positions,
clean-uploads, minimum-wages, calendar and subsidy-rules. Those of other modules are tested with them: reindex-positions in
tests/search/test_catalog.py, backup and restore in tests/ops/test_backups.py."""
import datetime
import os
import time

from jianxi.models import (
    Application,
    Attachment,
    AuditLog,
    CalendarDay,
    Employer,
    MinimumWage,
    Position,
    Region,
    SubsidyRule,
    User,
)
from jianxi.ops import storage
from jianxi.reference import regions
from jianxi.services import attachments
from tests.factories import (
    as_csv,
    code,
    make_application,
    make_attachment,
    make_employer,
    make_user,
    row,
    valid_id_number,
)


def test_init_db_loads_11_cities_and_117_counties_and_is_safe_to_repeat(app, dbc):
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0 and "数据库已是最新结构" in result.output  # the fixture made the latest schema
    assert Region.select().where(Region.city.is_null()).count() == 11
    assert Region.select().where(Region.city.is_null(False)).count() == 117
    assert Region.get_by_id("140105").name == "小店区" and Region.get_by_id("140105").city_id == "140100"
    assert MinimumWage.select().count() == 0, "the shipped figures are demo ones: a live service enters its own"
    assert "还没有数据" in result.output


def test_seed_demo_covers_every_office_with_accounts_once(app, dbc):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--positions", "600", "--seed", "7"])
    assert result.exit_code == 0, result.output
    offices = {j.code for city in regions.cities() for j in regions.jurisdictions(city.code)}
    assert len(offices) == 128
    assert {p.region_id for p in Position.select(Position.region)} == offices
    assert Position.select().count() == 600 and Employer.select().count() >= 128
    roles = {u.username: u.role for u in User.select()}
    assert {name: roles[name] for name in ("demo", "xiaodian", "taiyuan", "admin", "trainee")} == {
        "demo": "applicant", "xiaodian": "reviewer", "taiyuan": "reviewer", "admin": "admin", "trainee": "applicant",
    }
    assert {role for name, role in roles.items() if name not in ("xiaodian", "taiyuan", "admin")} == {"applicant", "unit"}
    assert {roles[name] for name in ("danwei", "xindanwei", "daili")} == {"unit"}
    assert CalendarDay.select().count() == 72, "the shipped 节假日安排 of 2025 and 2026"
    assert [(r.region_code, r.demo) for r in SubsidyRule.select()] == [("140000", True)], "the demo rule"
    again = runner.invoke(args=["seed-demo", "--positions", "600"])
    assert "未重复生成" in again.output and Position.select().count() == 600
    assert User.select().count() == len(roles), "accounts are made once"


def test_seed_demo_applications_in_every_state_for_two_offices_with_files(app, dbc):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--positions", "200", "--seed", "3"])
    assert result.exit_code == 0, result.output
    by_office = {}
    for a in Application.select():
        by_office.setdefault(a.jurisdiction_id, set()).add(a.status)
    assert set(by_office) == {"140105", "140100"}
    assert by_office["140105"] == {"pending", "approved", "rejected", "withdrawn"}
    assert Application.select().count() >= 30
    trainee = User.get(User.username == "trainee")
    assert Application.get(Application.user == trainee).status == "approved"
    files = list(Attachment.select())
    assert {f.content_type for f in files} == {"image/png", "application/pdf"}
    assert all(storage.current().path(f.stored_name).is_file() for f in files)
    assert all(a.grounds for a in Application.select().where(Application.status == "rejected"))


def test_seed_demo_is_reproducible(app, dbc):
    from jianxi.ops.demo import _seed_positions

    _seed_positions(50, 11, datetime.date(2026, 11, 26))
    first = list(Position.select(Position.title, Position.region, Position.deadline).order_by(Position.id).tuples())
    Position.delete().execute()
    Employer.delete().execute()
    _seed_positions(50, 11, datetime.date(2026, 11, 26))
    second = list(Position.select(Position.title, Position.region, Position.deadline).order_by(Position.id).tuples())
    assert first == second and len(first) == 50


def test_create_user_reviewer_of_a_county(app, dbc):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--role", "reviewer", "--jurisdiction", "140105", "--username", "wangjg",
              "--password", "review-pass-1", "--real-name", "王建国", "--mobile", "13800138000"]
    )
    assert result.exit_code == 0 and "已创建账号 wangjg（经办人员）" in result.output
    user = User.get(User.username == "wangjg")
    assert user.role == "reviewer" and user.jurisdiction_id == "140105" and user.password_hash != "review-pass-1"


def test_create_user_bad_input_is_explained(app, dbc):
    runner = app.test_cli_runner()
    base = ["create-user", "--username", "someone", "--real-name", "某人", "--mobile", "13800138000"]
    cases = [
        (["--role", "reviewer", "--jurisdiction", "999999", "--password", "review-pass-1"], "辖区"),
        (["--role", "applicant", "--password", "review-pass-1"], "身份证号码"),
        (["--role", "applicant", "--id-number", "110105194912310021", "--password", "review-pass-1"], "校验位"),
        (["--role", "admin", "--password", "12345678"], "不能全是数字"),
    ]
    for extra, message in cases:
        result = runner.invoke(args=base + extra)
        assert result.exit_code != 0 and message in result.output, result.output
    assert User.select().count() == 0


def test_set_password_command_for_a_forgotten_password(app, dbc):
    user = make_user()
    result = app.test_cli_runner().invoke(args=["set-password", "ZhangSan", "--password", "brand-new-pass-9"])
    assert result.exit_code == 0 and "所有设备上的登录都已退出" in result.output
    assert User.get_by_id(user.id).session_token != user.session_token
    bad = app.test_cli_runner().invoke(args=["set-password", "zhangsan", "--password", "123456789"])
    assert bad.exit_code != 0 and "不能全是数字" in bad.output


def test_import_command_with_progress_and_errors(app, dbc, tmp_path):
    employer = make_employer(region="140105", credit_code=code("MA0K00088"))
    path = tmp_path / "positions.csv"
    path.write_bytes(as_csv([row("H1", employer.credit_code), row("H2", "9114010500000000XX")]))
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["import-positions", str(path)])
    assert failed.exit_code != 0 and "错误 1" in failed.output and "第3行" in failed.output
    path.write_bytes(as_csv([row("H1", employer.credit_code), row("H2", employer.credit_code)]))
    assert "未导入" in runner.invoke(args=["import-positions", str(path), "--dry-run"]).output
    done = runner.invoke(args=["import-positions", str(path)])
    assert done.exit_code == 0 and "新增 2 个岗位" in done.output and Position.select().count() == 2
    assert AuditLog.select().where(AuditLog.actor.is_null() & (AuditLog.action == "create")).count() == 2


def test_clean_uploads_removes_crash_leftovers_and_unused_removed_files(app, dbc):
    files = storage.current()
    owner = make_user(id_number=valid_id_number(birth="20030512"))
    used = make_application(owner)
    kept = attachments.latest_by_kind(owner)["id_front"]
    removed_unused = make_attachment(owner, "other")
    attachments.remove(owner, removed_unused.id)
    attachments.remove(owner, kept.id)  # removed, but the application still uses it
    folder = files.path("ab0000").parent
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / ".ab01.part", folder / ".ab02.part"
    unrecorded, arriving = folder / "ab03.jpg", folder / "ab04.jpg"  # kept, but the crash came before the row
    for path in (stale, fresh, unrecorded, arriving):
        path.write_bytes(b"x" * 1000)
    two_hours_ago = time.time() - 7200
    for path in (stale, unrecorded):
        os.utime(path, (two_hours_ago, two_hours_ago))
    result = app.test_cli_runner().invoke(args=["clean-uploads"])
    assert result.exit_code == 0 and "已清理 2 个未写完或未登记的上传文件、1 个已删除" in result.output
    assert not stale.exists() and not unrecorded.exists()
    assert fresh.exists() and arriving.exists(), "an upload still arriving or being recorded is left alone"
    assert not files.path(removed_unused.stored_name).exists()
    assert not Attachment.select().where(Attachment.id == removed_unused.id).exists()
    assert files.path(kept.stored_name).exists() and used.status == "pending"


def test_minimum_wages_load_is_idempotent_and_keeps_changed_rows(app, dbc):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["minimum-wages", "load"])
    assert first.exit_code == 0 and "新增 256 条" in first.output
    changed = runner.invoke(args=["minimum-wages", "set", "140105", "2025-01-01", "2345.6", "--tier", "一类",
                                  "--source", "晋政发测试"])
    assert changed.exit_code == 0 and "已修改：太原市 小店区 自2025-01-01起 月最低工资标准 2,345.60 元。" in changed.output
    again = runner.invoke(args=["minimum-wages", "load"])
    assert again.exit_code == 0 and "新增 0 条" in again.output
    assert MinimumWage.get(MinimumWage.region == "140105", MinimumWage.effective_from == datetime.date(2025, 1, 1)
                           ).monthly_fen == 234560
    log = AuditLog.get(AuditLog.object_type == "minimum_wage")
    assert log.action == "update" and log.actor is None


def test_minimum_wages_set_explains_bad_input_and_writes_nothing(app, dbc):
    runner = app.test_cli_runner()
    cases = [
        (["140105", "2025-01-01", "2150.123", "--source", "x"], "最多保留两位小数"),
        (["--source", "x", "--", "140105", "2025-01-01", "-1"], "不能为负数"),  # after --, -1 is no option
        (["110105", "2025-01-01", "2150", "--source", "x"], "山西省"),
        (["140105", "2025-01-01", "2150"], "请填写来源"),
    ]
    for args, message in cases:
        result = runner.invoke(args=["minimum-wages", "set", *args])
        assert result.exit_code != 0 and message in result.output, result.output
    assert MinimumWage.select().count() == 0
    demo = runner.invoke(args=["minimum-wages", "set", "140100", "2025-01-01", "2150", "--demo"])
    assert demo.exit_code == 0 and "已新增：太原市市本级" in demo.output and "（演示数据）" in demo.output


def test_minimum_wages_list_by_city(app, dbc, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "wages.csv"
    path.write_text("region,effective_from,yuan,tier,source,demo\n140100,2023-01-01,1980,一类,演示,true\n"
                    "140105,2099-01-01,9999,一类,晋政发测试,false\n", encoding="utf-8")
    assert "新增 2 条" in runner.invoke(args=["minimum-wages", "load", str(path)]).output
    listed = runner.invoke(args=["minimum-wages", "list", "--city", "140100"])
    assert listed.exit_code == 0
    assert "140100 太原市市本级：1,980.00 元 一类 自2023-01-01起（演示数据）" in listed.output
    assert "140105 太原市 小店区：1,980.00 元 一类 自2023-01-01起（按全市标准）（演示数据）；2099-01-01起 9,999.00 元" in listed.output
    assert "大同市" not in listed.output and len(listed.output.splitlines()) == 11
    assert runner.invoke(args=["minimum-wages", "list", "--city", "140105"]).exit_code != 0


def test_init_db_loads_the_shipped_calendar_but_not_the_demo_subsidy_rule(app, dbc):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0 and "节假日安排：载入随附的 72 天" in first.output
    assert CalendarDay.select().count() == 72  # 2025: 28 + 5 days, 2026: 33 + 6
    assert SubsidyRule.select().count() == 0, "the shipped rule is demo data: a live service enters its own"
    assert "见习补贴标准：还没有数据" in first.output
    # An operator removes a day of 2026 (say it was corrected): the next upgrade does not put it back.
    CalendarDay.delete().where(CalendarDay.day == datetime.date(2026, 10, 7)).execute()
    again = runner.invoke(args=["init-db"])
    assert again.exit_code == 0 and "节假日安排" not in again.output and CalendarDay.select().count() == 71


def test_calendar_load_set_and_list(app, dbc, tmp_path):
    runner = app.test_cli_runner()
    assert "新增 72 天" in runner.invoke(args=["calendar", "load"]).output
    assert "新增 0 天" in runner.invoke(args=["calendar", "load"]).output
    path = tmp_path / "holidays.csv"
    path.write_text("day,kind,name,source\n2027-02-06,调休上班,春节,通知\n2027-02-08,workday,春节,通知\n",
                    encoding="utf-8")
    refused = runner.invoke(args=["calendar", "load", str(path)])
    assert refused.exit_code != 0 and "第3行" in refused.output and CalendarDay.select().count() == 72
    made = runner.invoke(args=["calendar", "set", "2027-02-06", "workday", "春节", "--source", "国办通知"])
    assert made.exit_code == 0 and "已新增：2027-02-06（星期六） 调休上班 春节 国办通知。" in made.output
    changed = runner.invoke(args=["calendar", "set", "2027-02-06", "holiday", "春节", "--source", "国办通知"])
    assert changed.exit_code == 0 and "已修改：" in changed.output
    assert AuditLog.get(AuditLog.action == "update", AuditLog.object_type == "calendar_day").actor is None
    for args, message in [(["2027-02-08", "workday", "春节", "--source", "x"], "本来就是工作日"),
                          (["2027-02-10", "holiday", "春节"], "请填写来源"),
                          (["2027-13-01", "holiday", "春节", "--source", "x"], "日期应为日期")]:
        result = runner.invoke(args=["calendar", "set", *args])
        assert result.exit_code != 0 and message in result.output, result.output
    listed = runner.invoke(args=["calendar", "list", "--year", "2026"])
    assert listed.exit_code == 0 and "2026-10-10 星期六 调休上班 国庆节" in listed.output
    # 2026 by month, worked out in tests/services/test_calendar_days.py: 248 working days in all.
    assert "各月工作日：1月21 2月16 3月22 4月21 5月19 6月21 7月23 8月21 9月22 10月18 11月21 12月23" in listed.output
    empty = runner.invoke(args=["calendar", "list", "--year", "2030"])
    assert "2030年的节假日安排还没有录入" in empty.output


def test_subsidy_rules_load_set_and_list(app, dbc):
    runner = app.test_cli_runner()
    assert "新增 1 条" in runner.invoke(args=["subsidy-rules", "load"]).output
    made = runner.invoke(args=["subsidy-rules", "set", "140100", "2099-01-01", "65", "300", "--pays-remaining",
                               "--retention", "50", "75", "--source", "晋人社发测试"])
    assert made.exit_code == 0, made.output
    assert ("已新增：太原市（全市） 自2099-01-01起 月最低工资标准的65% 保险费补贴最高300.00元 剩余期限补贴发放 "
            "留用奖励：留用率达到50%的按75% 晋人社发测试。") in made.output
    for args, message in [(["140105", "2026-01-01", "0", "240", "--source", "x"], "补贴比例应为1到100之间的整数"),
                          (["140105", "2026-01-01", "60", "240.001", "--source", "x"], "最多保留两位小数"),
                          (["140105", "2026-01-01", "60", "240", "--retention", "50", "55", "--source", "x"],
                           "留用奖励比例应高于补贴比例（60%）"),
                          (["110000", "2026-01-01", "60", "240", "--source", "x"], "地区应为全省"),
                          (["140105", "2026-01-01", "60", "240"], "请填写来源")]:
        result = runner.invoke(args=["subsidy-rules", "set", *args])
        assert result.exit_code != 0 and message in result.output, result.output
    assert SubsidyRule.select().count() == 2
    listed = runner.invoke(args=["subsidy-rules", "list"]).output.splitlines()
    assert listed == [
        "140000 山西省（全省） 自2023-01-01起 [现行] 60% 保险费补贴最高240.00元 剩余期限补贴发放 "
        "留用奖励：留用率达到50%的按70%（演示数据）",
        "140100 太原市（全市） 自2099-01-01起 [待执行] 65% 保险费补贴最高300.00元 剩余期限补贴发放 "
        "留用奖励：留用率达到50%的按75%",
    ]
