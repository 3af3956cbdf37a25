"""How a placement ends (services.endings): 中途退出, 提前留用, 期满 with its 见习鉴定 and 留用; each
only from 在岗, once (also when two arrive at once), on the timeline; a 合格 one's 见习证明 code
verifies, showing the name masked; an unknown code finds nothing."""
import datetime

import pytest

from jianxi.models import Placement
from jianxi.services import certificates, endings, masking, placements
from jianxi.services.errors import Conflict, FieldProblems
from tests import clock
from tests.concurrency import run_together
from tests.factories import filed_placement

NOW = clock.now()
TODAY = NOW.date()


def test_leaving_early_needs_a_last_day_within_the_period_and_a_reason(dbc):
    unit_user, unit, placement = filed_placement(TODAY - datetime.timedelta(days=40))
    with pytest.raises(FieldProblems) as problems:
        endings.leave(unit_user, placement, {"last_day": (TODAY + datetime.timedelta(days=1)).isoformat(),
                                             "leave_reason": "other"}, TODAY, NOW)
    assert problems.value.errors == {"last_day": "最后见习日不能晚于今天", "leave_note": "选择“其他”时，请写明原因"}
    with pytest.raises(FieldProblems, match="应在"):
        endings.leave(unit_user, placement, {"last_day": placement.end_date.isoformat(), "leave_reason": "personal"},
                      placement.end_date, NOW)
    ended = endings.leave(unit_user, placement, {"last_day": (TODAY - datetime.timedelta(days=3)).isoformat(),
                                                 "leave_reason": "new_job"}, TODAY, NOW)
    assert (ended.status, ended.ending, ended.leave_reason, ended.state(TODAY)) == ("ended", "left", "new_job", "中途退出")
    with pytest.raises(Conflict, match="已于"):
        endings.hire(unit_user, ended, {"contract_on": TODAY.isoformat(), "insured_from": TODAY.isoformat()}, TODAY, NOW)
    labels = [e.label for e in placements.timeline(ended, TODAY)]
    assert labels[-2:] == ["在岗", "中途退出"]


def test_nothing_ends_before_it_is_on_the_job(dbc):
    unit_user, unit, placement = filed_placement(TODAY + datetime.timedelta(days=5))
    with pytest.raises(Conflict, match="在岗"):
        endings.leave(unit_user, placement, {"last_day": TODAY.isoformat(), "leave_reason": "personal"}, TODAY, NOW)


def test_an_early_hire_records_the_contract_and_insurance(dbc):
    unit_user, unit, placement = filed_placement(TODAY - datetime.timedelta(days=60))
    with pytest.raises(FieldProblems) as problems:
        endings.hire(unit_user, placement, {"contract_on": placement.start_date.isoformat(),
                                            "insured_from": "2000-01-01"}, TODAY, NOW)
    assert set(problems.value.errors) == {"contract_on", "insured_from"}
    hired = endings.hire(unit_user, placement, {"contract_on": TODAY.isoformat(), "insured_from": TODAY.isoformat()},
                         TODAY, NOW)
    assert (hired.ending, hired.contract_on, hired.last_day, hired.retained) == (
        "hired", TODAY, TODAY - datetime.timedelta(days=1), True)
    assert hired.certificate_code is None


def test_completion_waits_for_the_end_date_and_a_pass_gets_a_code_that_verifies(dbc):
    start = TODAY - datetime.timedelta(days=200)
    unit_user, unit, placement = filed_placement(start, months=6)
    assert placement.end_date < TODAY
    with pytest.raises(Conflict, match="届时再填写见习鉴定"):
        endings.assess(unit_user, placement, {"assessment": "pass", "assessment_text": "好"},
                       placement.end_date - datetime.timedelta(days=1), NOW)
    done = endings.assess(unit_user, placement, {"assessment": "pass", "assessment_text": "工作认真，按时完成任务。"},
                          placement.end_date, NOW)
    assert (done.ending, done.assessment, done.last_day) == ("completed", "pass", placement.end_date)
    assert len(done.certificate_code) == 12 and not set(done.certificate_code) & set("01OIL")
    found = certificates.by_code(done.certificate_code.lower())
    assert found.id == done.id
    shown = certificates.check(found)
    assert shown.name == "张*" and shown.unit == "山西晋阳软件有限公司" and shown.result == "见习期满，鉴定合格"
    assert certificates.by_code("ABCDEFGHJKMN") is None and certificates.by_code("") is None
    assert endings.can_retain(done)
    with pytest.raises(FieldProblems, match="劳动合同起始日"):
        endings.retain(unit_user, done, {"retained": "yes", "contract_on": ""}, NOW)
    kept = endings.retain(unit_user, done, {"retained": "yes", "contract_on": TODAY.isoformat()}, NOW)
    assert (kept.retained, kept.contract_on) == (True, TODAY)
    with pytest.raises(Conflict, match="已经登记过"):
        endings.retain(unit_user, kept, {"retained": "no"}, NOW)


def test_a_fail_gets_no_certificate(dbc):
    unit_user, unit, placement = filed_placement(TODAY - datetime.timedelta(days=200), months=6)
    done = endings.assess(unit_user, placement, {"assessment": "fail", "assessment_text": "多次缺勤。"}, TODAY, NOW)
    assert done.certificate_code is None and not certificates.has_certificate(done)


def test_two_endings_at_once_leave_one(app, dbc):
    unit_user, unit, placement = filed_placement(TODAY - datetime.timedelta(days=40))
    outcomes = run_together(
        app,
        lambda: endings.leave(unit_user, placement, {"last_day": TODAY.isoformat(), "leave_reason": "personal"},
                              TODAY, clock.now()),
        lambda: endings.hire(unit_user, placement, {"contract_on": TODAY.isoformat(), "insured_from": TODAY.isoformat()},
                             TODAY, clock.now()),
    )
    assert sum(isinstance(o, Placement) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
    assert Placement.get_by_id(placement.id).ending in ("left", "hired")


def test_names_and_numbers_masked_for_the_public():
    assert [masking.name(n) for n in ("张三", "张小明", "欧阳小明", "李")] == ["张*", "张*明", "欧**明", "李"]
    assert masking.id_number("14010520030512123X") == "140105********123X"
