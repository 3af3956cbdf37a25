"""月最低工资标准 as data (services/wages.py): the figure in force, what operators may enter, the
shipped file."""
import datetime

import pytest

from jianxi.models import AuditLog, MinimumWage
from jianxi.reference import regions
from jianxi.services import wages
from jianxi.services.errors import Conflict, NotFound, ServiceError, UnreadableFile
from tests import clock
from tests.factories import make_user

D = datetime.date
NOW = datetime.datetime(2026, 11, 2, 10, 0)


def figure(region, effective_from, fen, **fields):
    values = {"tier": "", "source": "晋政发测试", "demo": False, "updated_at": NOW} | fields
    return MinimumWage.create(region=region, effective_from=effective_from, monthly_fen=fen, **values)


def entry(**changes):
    raw = {"region": "140105", "effective_from": "2025-10-01", "yuan": "2150", "tier": "一类",
           "source": "山西省人民政府关于调整最低工资标准的通知", "demo": False} | changes
    return wages.parse(raw)


def test_in_force_prefers_the_countys_own_figure_over_its_citys(dbc):
    figure("140100", D(2023, 1, 1), 198000)
    own = figure("140105", D(2024, 1, 1), 210000)
    assert wages.in_force("140105", D(2024, 6, 1)) == own
    assert wages.in_force("140106", D(2024, 6, 1)).monthly_fen == 198000, "a county without a row: its city's"
    assert wages.in_force("140100", D(2024, 6, 1)).monthly_fen == 198000, "the 市本级: the city's own row"


def test_in_force_falls_back_to_the_city_before_the_countys_first_figure(dbc):
    figure("140100", D(2023, 1, 1), 198000)
    figure("140105", D(2025, 1, 1), 215000)
    assert wages.in_force("140105", D(2024, 12, 31)).monthly_fen == 198000


def test_in_force_changes_on_the_effective_day_itself(dbc):
    figure("140828", D(2023, 1, 1), 178000)
    figure("140828", D(2025, 1, 1), 195000)
    assert wages.in_force("140828", D(2024, 12, 31)).monthly_fen == 178000
    assert wages.in_force("140828", D(2025, 1, 1)).monthly_fen == 195000
    assert wages.in_force("140828", D(2030, 1, 1)).monthly_fen == 195000


def test_in_force_is_none_without_a_figure(dbc):
    assert wages.in_force("140105", D(2025, 1, 1)) is None
    figure("140105", D(2025, 1, 1), 215000)
    assert wages.in_force("140105", D(2024, 12, 31)) is None, "nothing in force before the first figure"
    assert wages.in_force("140202", D(2025, 6, 1)) is None, "another city's county"
    assert wages.in_force("999999", D(2025, 6, 1)) is None


@pytest.mark.parametrize("typed, fen", [
    ("2150", 215000), ("2150.5", 215050), ("2,150.05", 215005), (" 1980.10 ", 198010),
])
def test_parse_reads_yuan_exactly_to_fen(dbc, typed, fen):
    parsed, errors = entry(yuan=typed)
    assert errors == {} and parsed.monthly_fen == fen


@pytest.mark.parametrize("field, typed, message", [
    ("yuan", "2150.123", "最多保留两位小数"),
    ("yuan", "-2150", "不能为负数"),
    ("yuan", "0", "应大于0元"),
    ("yuan", "两千", "请填写数字"),
    ("yuan", "", "请填写月最低工资标准"),
    ("yuan", "NaN", "月最低工资标准"),
    ("region", "110105", "山西省"),
    ("region", "", "请选择地区"),
    ("effective_from", "2025/10/01", "执行日期应为日期"),
    ("effective_from", "2025-02-30", "执行日期应为日期"),
    ("tier", "一类地区一类地区一类地区", "档次不能超过10个字"),
    ("source", "", "请填写来源"),
    ("demo", "maybe", "true 或 false"),
])
def test_parse_explains_each_bad_field_in_chinese(dbc, field, typed, message):
    parsed, errors = entry(**{field: typed})
    assert parsed is None and message in errors[field], errors


def test_a_demo_figure_needs_no_source(dbc):
    parsed, errors = entry(source="", demo="true")
    assert errors == {} and parsed.demo is True and parsed.source == ""


def test_record_adds_then_changes_with_an_audit_row_each(dbc):
    admin = make_user("admin1", role="admin")
    row, created = wages.record(admin, "140105", D(2025, 10, 1), 215000, "一类", "晋政发测试", False, NOW)
    assert created and row.updated_by_id == admin.id and row.monthly_fen == 215000
    again, created = wages.record(admin, "140105", D(2025, 10, 1), 218000, "一类", "晋政发测试（更正）", False,
                                  NOW + datetime.timedelta(hours=1))
    assert not created and again.id == row.id and again.monthly_fen == 218000
    assert MinimumWage.select().count() == 1
    logs = list(AuditLog.select().where(AuditLog.object_type == "minimum_wage").order_by(AuditLog.id))
    assert [(log.action, log.actor_id, log.object_id) for log in logs] == [("create", admin.id, row.id),
                                                                           ("update", admin.id, row.id)]
    assert "2,150.00元" in logs[0].detail and "太原市 小店区" in logs[0].detail
    assert "月最低工资标准（元）：2,150.00 → 2,180.00" in logs[1].detail and "来源" in logs[1].detail


@pytest.mark.parametrize("args, field", [
    (("110105", D(2025, 1, 1), 215000, "", "x", False), "region"),
    (("140105", D(2025, 1, 1), 0, "", "x", False), "yuan"),
    (("140105", D(2025, 1, 1), -5, "", "x", False), "yuan"),
    (("140105", D(2025, 1, 1), 215000, "", "", False), "source"),
])
def test_record_refuses_what_parse_would_refuse(dbc, args, field):
    with pytest.raises(ServiceError) as refused:
        wages.record(None, *args, NOW)
    assert refused.value.field == field
    assert MinimumWage.select().count() == 0 and AuditLog.select().count() == 0


def test_remove_only_a_figure_not_yet_in_force(dbc):
    admin = make_user("admin1", role="admin")
    today = clock.today()
    future = figure("140105", today + datetime.timedelta(days=1), 230000)
    started = figure("140105", today, 220000)
    removed = wages.remove(admin, future.id, today, NOW)
    assert removed.monthly_fen == 230000 and MinimumWage.get_or_none(MinimumWage.id == future.id) is None
    log = AuditLog.get(AuditLog.object_type == "minimum_wage")
    assert (log.action, log.actor_id, log.object_id) == ("delete", admin.id, future.id)
    with pytest.raises(Conflict):
        wages.remove(admin, started.id, today, NOW)
    with pytest.raises(NotFound):
        wages.remove(admin, future.id, today, NOW)
    assert MinimumWage.select().count() == 1 and AuditLog.select().count() == 1


def test_the_shipped_file_gives_every_county_and_city_a_figure_once(dbc):
    assert wages.load() == 2 * (117 + 11)
    assert wages.load() == 0, "loading again adds nothing"
    counties = [j.code for c in regions.cities() for j in regions.jurisdictions(c.code)[1:]]
    assert len(counties) == 117
    in_force = {code: wages.in_force(code, D(2026, 1, 1)) for code in counties}
    assert all(row is not None and row.region_id == code for code, row in in_force.items())
    assert all(row.demo and row.source.startswith("演示数据") for row in MinimumWage.select())
    # The two figures derived from published subsidy notices (60 % of the minimum wage).
    assert wages.in_force("141102", D(2025, 6, 1)).monthly_fen == 129000 * 10 // 6
    assert wages.in_force("140828", D(2024, 6, 1)).monthly_fen == 106800 * 10 // 6


def test_loading_again_keeps_what_an_operator_changed(dbc):
    wages.load()
    wages.record(None, "140105", D(2025, 1, 1), 233300, "一类", "晋政发测试", False, NOW)
    assert wages.load() == 0
    row = wages.in_force("140105", D(2025, 6, 1))
    assert (row.monthly_fen, row.demo, row.source) == (233300, False, "晋政发测试")


def test_a_file_with_a_bad_row_loads_nothing_and_names_the_line(dbc, tmp_path):
    path = tmp_path / "wages.csv"
    path.write_text("region,effective_from,yuan,tier,source,demo\n"
                    "140105,2025-01-01,2150,一类,演示,true\n"
                    "140106,2025-01-01,2150.001,一类,演示,true\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as refused:
        wages.load(path)
    assert "第3行" in refused.value.message and "两位小数" in refused.value.message
    assert MinimumWage.select().count() == 0


def test_table_shows_each_county_with_its_figure_or_its_citys_and_the_next(dbc):
    today = D(2025, 6, 1)
    figure("140100", D(2023, 1, 1), 198000)
    own = figure("140105", D(2025, 1, 1), 215000)
    later = figure("140105", D(2026, 1, 1), 225000)
    figure("140105", D(2027, 1, 1), 235000)
    figure("140200", D(2023, 1, 1), 188000)
    rows = {row.code: row for row in wages.table("140100", today)}
    assert list(rows) == [j.code for j in regions.jurisdictions("140100")], "the city first, then its counties"
    assert rows["140105"].current == own and not rows["140105"].inherited and rows["140105"].next == later
    assert len(rows["140105"].upcoming) == 2
    assert rows["140106"].current.region_id == "140100" and rows["140106"].inherited and rows["140106"].next is None
    assert rows["140100"].is_city and not rows["140100"].inherited
    assert len(wages.table(None, today)) == 128
