"""见习补贴's rules as data (services/subsidy_rules.py): the rule in force (county > city > province,
then by date), what operators may enter, the table they keep, the shipped demo rule."""
import datetime

import pytest

from jianxi.models import AuditLog, SubsidyRule
from jianxi.services import subsidy_rules
from jianxi.services.errors import Conflict, NotFound, ServiceError, UnreadableFile
from tests import clock
from tests.factories import make_user

D = datetime.date
NOW = datetime.datetime(2026, 11, 2, 10, 0)
SOURCE = "晋人社发测试"


def rule(region, effective_from, share, **fields):
    values = {"insurance_cap_fen": 24000, "pays_remaining": False, "source": SOURCE, "demo": False,
              "updated_at": NOW} | fields
    return SubsidyRule.create(region_code=region, effective_from=effective_from, share_percent=share, **values)


def entry(**changes):
    raw = {"region": "140105", "effective_from": "2026-01-01", "share_percent": "60", "insurance_cap_yuan": "240",
           "pays_remaining": "true", "retention_rate_percent": "", "retention_share_percent": "", "source": SOURCE,
           "demo": "false"} | changes
    return subsidy_rules.parse(raw)


def test_in_force_prefers_the_county_then_the_city_then_the_province(dbc):
    rule("140000", D(2023, 1, 1), 60)
    rule("140100", D(2025, 1, 1), 65)
    rule("140105", D(2026, 1, 1), 70)
    on = D(2026, 6, 1)
    assert subsidy_rules.in_force("140105", on).share_percent == 70, "小店区's own"
    assert subsidy_rules.in_force("140106", on).share_percent == 65, "迎泽区 has none: 太原市's"
    assert subsidy_rules.in_force("140100", on).share_percent == 65, "太原市's 市本级: the city's"
    assert subsidy_rules.in_force("140212", on).share_percent == 60, "大同市 新荣区: neither, the province's"
    assert subsidy_rules.in_force("141102", on).region_code == "140000"


def test_in_force_before_a_places_first_rule_falls_back_to_the_wider_one(dbc):
    rule("140000", D(2023, 1, 1), 60)
    rule("140100", D(2025, 1, 1), 65)
    rule("140105", D(2026, 1, 1), 70)
    assert subsidy_rules.in_force("140105", D(2025, 12, 31)).share_percent == 65
    assert subsidy_rules.in_force("140105", D(2024, 12, 31)).share_percent == 60
    assert subsidy_rules.in_force("140105", D(2022, 12, 31)) is None, "nothing in force before any rule"


def test_in_force_changes_on_the_effective_day_itself(dbc):
    rule("140000", D(2023, 1, 1), 60)
    rule("140000", D(2026, 7, 1), 55)
    assert subsidy_rules.in_force("140105", D(2026, 6, 30)).share_percent == 60
    assert subsidy_rules.in_force("140105", D(2026, 7, 1)).share_percent == 55
    assert subsidy_rules.in_force("140105", D(2030, 1, 1)).share_percent == 55


def test_parse_reads_percents_yuan_and_flags(dbc):
    parsed, errors = entry(share_percent="60%", insurance_cap_yuan="240.5", pays_remaining="否",
                           retention_rate_percent="50", retention_share_percent="70％")
    assert errors == {}
    assert parsed == subsidy_rules.Entry("140105", D(2026, 1, 1), 60, 24050, False, 50, 70, SOURCE, False)
    province, errors = entry(region="140000", insurance_cap_yuan="0")
    assert errors == {} and province.region_code == "140000" and province.insurance_cap_fen == 0
    assert province.retention_rate_percent is None and province.retention_share_percent is None


def test_a_demo_rule_needs_no_source(dbc):
    parsed, errors = entry(source="", demo="true")
    assert errors == {} and parsed.demo is True


@pytest.mark.parametrize("changes, field, message", [
    ({"region": "110000"}, "region", "地区应为全省（140000）或山西省的市、县"),
    ({"region": ""}, "region", "请选择地区"),
    ({"effective_from": "2026/01/01"}, "effective_from", "执行日期应为日期"),
    ({"share_percent": ""}, "share_percent", "请填写补贴比例"),
    ({"share_percent": "0"}, "share_percent", "补贴比例应为1到100之间的整数"),
    ({"share_percent": "101"}, "share_percent", "补贴比例应为1到100之间的整数"),
    ({"share_percent": "60.5"}, "share_percent", "补贴比例应为1到100之间的整数"),
    ({"share_percent": "六十"}, "share_percent", "补贴比例应为1到100之间的整数"),
    ({"insurance_cap_yuan": ""}, "insurance_cap_yuan", "请填写意外伤害保险费补贴上限"),
    ({"insurance_cap_yuan": "-1"}, "insurance_cap_yuan", "不能为负数"),
    ({"insurance_cap_yuan": "240.001"}, "insurance_cap_yuan", "最多保留两位小数"),
    ({"pays_remaining": "maybe"}, "pays_remaining", "剩余期限补贴应填 true 或 false"),
    ({"retention_rate_percent": "50"}, "retention_share_percent", "要么都填，要么都不填"),
    ({"retention_share_percent": "70"}, "retention_rate_percent", "要么都填，要么都不填"),
    ({"retention_rate_percent": "150", "retention_share_percent": "70"}, "retention_rate_percent",
     "留用率应为1到100之间的整数"),
    ({"retention_rate_percent": "50", "retention_share_percent": "60"}, "retention_share_percent",
     "留用奖励比例应高于补贴比例（60%）"),
    ({"source": ""}, "source", "请填写来源"),
    ({"source": "文" * 301}, "source", "来源不能超过300个字"),
    ({"demo": "maybe"}, "demo", "演示数据应填 true 或 false"),
])
def test_parse_explains_each_bad_field_in_chinese(dbc, changes, field, message):
    parsed, errors = entry(**changes)
    assert parsed is None and message in errors[field], errors


def test_record_adds_then_changes_with_an_audit_row_each(dbc):
    admin = make_user("admin1", role="admin")
    row, created = subsidy_rules.record(admin, "140105", D(2026, 1, 1), 60, 24000, True, None, None, SOURCE, False, NOW)
    assert created and (row.share_percent, row.insurance_cap_fen, row.updated_by_id) == (60, 24000, admin.id)
    again, created = subsidy_rules.record(admin, "140105", D(2026, 1, 1), 60, 30000, True, 50, 70, SOURCE, False,
                                          NOW + datetime.timedelta(hours=1))
    assert not created and again.id == row.id
    assert (again.insurance_cap_fen, again.retention_rate_percent, again.retention_share_percent) == (30000, 50, 70)
    assert SubsidyRule.select().count() == 1
    logs = list(AuditLog.select().where(AuditLog.object_type == "subsidy_rule").order_by(AuditLog.id))
    assert [(log.action, log.actor_id, log.object_id) for log in logs] == [("create", admin.id, row.id),
                                                                           ("update", admin.id, row.id)]
    assert logs[0].detail == (f"太原市 小店区 自2026-01-01起 月最低工资标准的60% 保险费补贴最高240.00元 "
                              f"剩余期限补贴发放 留用奖励：无 {SOURCE}")
    assert logs[1].detail == ("太原市 小店区 自2026-01-01起：保险费补贴上限（元）：240.00 → 300.00；"
                              "留用奖励：无 → 留用率达到50%的按70%")


@pytest.mark.parametrize("args, field", [
    (("110000", D(2026, 1, 1), 60, 24000, True, None, None, SOURCE, False), "region"),
    (("140105", D(2026, 1, 1), 0, 24000, True, None, None, SOURCE, False), "share_percent"),
    (("140105", D(2026, 1, 1), 60, -1, True, None, None, SOURCE, False), "insurance_cap_yuan"),
    (("140105", D(2026, 1, 1), 60, 24000, True, 50, None, SOURCE, False), "retention_share_percent"),
    (("140105", D(2026, 1, 1), 60, 24000, True, 50, 60, SOURCE, False), "retention_share_percent"),
    (("140105", D(2026, 1, 1), 60, 24000, True, None, None, "", False), "source"),
])
def test_record_refuses_what_parse_would_refuse(dbc, args, field):
    with pytest.raises(ServiceError) as refused:
        subsidy_rules.record(None, *args, NOW)
    assert refused.value.field == field
    assert SubsidyRule.select().count() == 0 and AuditLog.select().count() == 0


def test_remove_only_a_rule_not_yet_in_force(dbc):
    admin = make_user("admin1", role="admin")
    today = clock.today()
    future = rule("140105", today + datetime.timedelta(days=1), 70)
    started = rule("140105", today, 65)
    removed = subsidy_rules.remove(admin, future.id, today, NOW)
    assert removed.share_percent == 70 and subsidy_rules.find(future.id) is None
    log = AuditLog.get(AuditLog.object_type == "subsidy_rule")
    assert (log.action, log.actor_id, log.object_id) == ("delete", admin.id, future.id)
    with pytest.raises(Conflict):
        subsidy_rules.remove(admin, started.id, today, NOW)
    with pytest.raises(NotFound):
        subsidy_rules.remove(admin, future.id, today, NOW)
    assert SubsidyRule.select().count() == 1 and AuditLog.select().count() == 1


def test_the_shipped_rule_is_one_province_wide_demo_rule(dbc):
    assert subsidy_rules.load() == 1
    assert subsidy_rules.load() == 0, "loading again adds nothing"
    row = subsidy_rules.in_force("141102", D(2026, 1, 1))
    assert (row.region_code, row.effective_from, row.share_percent, row.insurance_cap_fen) == (
        "140000", D(2023, 1, 1), 60, 24000)  # 60 % of the minimum wage; 240 元 of insurance refunded
    assert (row.pays_remaining, row.retention_rate_percent, row.retention_share_percent) == (True, 50, 70)
    assert row.demo and row.source.startswith("演示数据") and "PROGRAMME.md" in row.source


def test_loading_again_keeps_what_an_operator_changed(dbc):
    subsidy_rules.load()
    subsidy_rules.record(None, "140000", D(2023, 1, 1), 60, 24000, False, None, None, SOURCE, False, NOW)
    assert subsidy_rules.load() == 0
    row = SubsidyRule.get()
    assert (row.pays_remaining, row.retention_rate_percent, row.demo, row.source) == (False, None, False, SOURCE)


def test_a_file_with_a_bad_row_loads_nothing_and_names_the_line(dbc, tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("region,effective_from,share_percent,insurance_cap_yuan,pays_remaining,retention_rate_percent,"
                    "retention_share_percent,source,demo\n"
                    "140000,2023-01-01,60,240,true,,,演示,true\n"
                    "140100,2025-01-01,60,240,true,50,,演示,true\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as refused:
        subsidy_rules.load(path)
    assert "第3行" in refused.value.message and "要么都填" in refused.value.message
    assert SubsidyRule.select().count() == 0


def test_table_lists_places_in_order_with_each_rules_state(dbc):
    today = D(2026, 6, 1)
    old = rule("140000", D(2023, 1, 1), 60)
    current = rule("140000", D(2026, 1, 1), 62)
    coming = rule("140000", D(2027, 1, 1), 64)
    county = rule("140105", D(2025, 1, 1), 70)
    city = rule("140200", D(2024, 1, 1), 66)
    rows = subsidy_rules.table(today)
    assert [(r.rule.id, r.place, r.state) for r in rows] == [
        (old.id, "山西省（全省）", "past"), (current.id, "山西省（全省）", "current"),
        (coming.id, "山西省（全省）", "upcoming"),
        (county.id, "太原市 小店区", "current"),  # 太原市 (140100) comes first, its counties after it
        (city.id, "大同市（全市）", "current"),
    ]
    assert [r.state_label for r in rows[:3]] == ["已被取代", "现行", "待执行"]
