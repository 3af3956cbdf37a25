"""The keyword index finds exactly what the substring rule finds, and every write keeps it and the
data version in step."""
import random

import pytest

from jianxi.models import Employer, Position
from jianxi.ops.demo import seed_demo
from jianxi.search import catalog
from jianxi.search import filters as search_filters
from jianxi.search import results as positions
from jianxi.services import employers, rules
from jianxi.services import positions as office_positions
from tests import clock
from tests.factories import GOOD_POSITION, as_csv, code, make_employer, make_position, make_user, row

TODAY = clock.today()
NOW = clock.now()


WORDS = ["会计", "助理", "软件", "开发", "见习", "护理", "数据", "分析", "Java", "IT", "运维", "销售", "客服", "设计"]
PLACES = ["太原", "晋阳", "汾河", "Sx", "龙城", "并州"]


def generated(rng, n):
    made = []
    for i in range(n):
        employer = make_employer(name=f"{rng.choice(PLACES)}{rng.choice(WORDS)}有限公司{i % 7}")
        title = "".join(rng.choices(WORDS, k=rng.randint(1, 3))) + rng.choice(["", "见习生", "（初级）", " 助理", "_x%", "会计"])
        made.append(make_position(employer, title=title, status=rng.choice(["open"] * 5 + ["closed"])))
    return made


def test_the_index_finds_exactly_what_the_substring_rule_finds(dbc):
    rng = random.Random(12)
    made = generated(rng, 150)
    texts = [p.title for p in made] + [p.employer.name for p in made]
    queries = {t[i:i + n] for t in texts for n in (2, 3, 4) for i in range(0, max(1, len(t) - n), 3)}
    queries |= {"java", "JAVA", "it运", "理 助", "%", "_x", "不存在的词", "有限公司1", "a", "会", "计会计", "析太原",
                "ΑΒ", "zzzzz", "司0"}
    compared = 0
    for q in sorted(queries):
        filters = search_filters.SearchFilters(q=" ".join(q.split()))
        if not filters.q:
            continue
        indexed = {p.id for p in positions.matching(filters, TODAY)}
        scanned = {p.id for p in positions.matching(filters, TODAY, keyword_index=False)}
        expected = {p.id for p in made if p.status == "open"
                    and (filters.q.lower() in p.title.lower() or filters.q.lower() in p.employer.name.lower())}
        assert indexed == scanned == expected, q
        compared += 1
    assert compared > 200


def test_a_one_character_keyword_is_found_through_the_index_too(dbc):
    make_position(title="会计助理")
    make_position(title="出纳")
    assert [p.title for p in positions.search(search_filters.SearchFilters(q="计"), TODAY).positions] == ["会计助理"]
    condition, exact = catalog.keyword_condition("计")
    assert condition is not None and exact, "the index alone answers: no substring scan"


@pytest.fixture
def office(dbc):
    return make_user("xiaodian", role="reviewer", jurisdiction="140105")


def found(q):
    return {p.title for p in positions.search(search_filters.SearchFilters(q=q), TODAY).positions}


def test_every_write_path_keeps_the_index_and_raises_the_version(office, dbc):
    def raises(write):
        before = catalog.version()
        write()
        assert catalog.version() > before, write

    employer = make_employer(region="140105", credit_code=code("MA0K00111"))
    data, _ = rules.parse_position({**GOOD_POSITION, "title": "甲乙丙岗位"}, TODAY)
    raises(lambda: office_positions.create(office, employer.id, data, NOW))
    assert found("甲乙丙") == {"甲乙丙岗位"}
    position = Position.get(Position.title == "甲乙丙岗位")
    edited, _ = rules.parse_position({**GOOD_POSITION, "title": "丁戊己岗位"}, TODAY)
    raises(lambda: office_positions.update(office, position.id, employer.id, edited, NOW))
    assert found("丁戊己") == {"丁戊己岗位"} and found("甲乙丙") == set()
    raises(lambda: office_positions.close(office, position.id, "filled", NOW))
    assert found("丁戊己") == set()
    raises(lambda: office_positions.reopen(office, position.id, NOW))
    renamed, _ = rules.parse_employer({"name": "庚辛壬科技有限公司", "credit_code": employer.credit_code,
                                       "address": "x", "contact_person": "王", "phone": "0351-1234567"})
    raises(lambda: employers.update(office, employer.id, renamed, NOW))
    assert found("庚辛壬") == {"丁戊己岗位"}
    from jianxi.services import imports

    csv = as_csv([row("K1", employer.credit_code, title="癸子丑岗位")])
    raises(lambda: imports.apply(imports.plan(imports.read(csv), TODAY), NOW))
    assert found("癸子丑") == {"癸子丑岗位"}
    csv = as_csv([row("K1", employer.credit_code, title="寅卯辰岗位")])
    raises(lambda: imports.apply(imports.plan(imports.read(csv), TODAY), NOW))
    assert found("寅卯辰") == {"寅卯辰岗位"} and found("癸子丑") == set()
    raises(lambda: Position.update(status="closed").where(Position.id == position.id).execute())
    raises(lambda: Employer.delete().where(Employer.id == make_employer().id).execute())


def test_seeding_keeps_the_index_and_raises_the_version(app, dbc):
    before = catalog.version()
    seed_demo(positions=300, seed=5)
    assert catalog.version() > before
    sample = Position.select().join(Employer).order_by(Position.id).limit(5)
    for position in sample:
        assert position.id in {p.id for p in positions.matching(search_filters.SearchFilters(q=position.title), TODAY)} \
            or not position.is_open(TODAY)


def test_reindex_command_repairs_titles_changed_by_hand(app, dbc):
    position = make_position(title="旧的名称")
    Position.update(title="手改的名称").where(Position.id == position.id).execute()
    assert found("手改") == set(), "a write by hand bypasses the index text"
    result = app.test_cli_runner().invoke(args=["reindex-positions"])
    assert result.exit_code == 0 and "已重建 1 个岗位" in result.output
    assert found("手改") == {"手改的名称"} and found("旧的") == set()


def test_a_position_moved_or_changed_in_education_is_found_under_its_new_filters(dbc):
    position = make_position(title="丙丁会计", region="140105", education="bachelor")

    def found_with(**filters):
        return {p.title for p in positions.search(search_filters.SearchFilters(q="丙丁", **filters), TODAY).positions}

    assert found_with(county="140105", city="140100", education="bachelor") == {"丙丁会计"}
    # A write by hand, past the model: the index follows the row all the same.
    Position.update(region="140213", city="140200", education="college").where(Position.id == position.id).execute()
    assert found_with(county="140105", city="140100") == set() and found_with(education="bachelor") == set()
    assert found_with(county="140213", city="140200", education="college") == {"丙丁会计"}
    assert found_with(city="140200") == {"丙丁会计"}
