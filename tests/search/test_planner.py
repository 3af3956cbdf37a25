"""However a page is found (cut from the few matches, walked in order, or sorted by the database
when the walk gives up), it is the page that tests/search_oracle.py computes in plain Python over
every row, sharing no code with the search. The limits are made small here so that a few
hundred positions take every path."""
import datetime
import random

import pytest

from jianxi.search import catalog
from jianxi.search import filters as search_filters
from jianxi.search import planner as finding
from jianxi.search import results as positions
from tests import clock, search_oracle
from tests.factories import make_employer, make_position

TODAY = clock.today()
WORDS = ["会计", "助理", "软件", "开发", "护理", "数据", "Java", "销售"]
# Sibling counties of one city, that city's 市本级, and a county of a sibling city.
PLACES = [("140105", "140100"), ("140106", "140100"), ("140100", "140100"), ("140213", "140200")]


@pytest.fixture
def catalogue(dbc):
    """Positions sharing publication times and deadlines (ties the order must break by id),
    in sibling counties and cities and several 学历要求, some closed, some ending today and some
    ended yesterday."""
    rng = random.Random(7)
    employers = [make_employer(name=f"{rng.choice(['山西', '太原'])}{rng.choice(WORDS)}有限公司{i}") for i in range(12)]
    base = datetime.datetime.combine(TODAY, datetime.time(9))
    for i in range(260):
        county, _ = rng.choice(PLACES)
        make_position(
            employer=rng.choice(employers), region=county,
            title="".join(rng.choices(WORDS, k=rng.randint(1, 2))) + rng.choice(["", "见习", "岗"]),
            education=rng.choice(["bachelor", "college", "any"]),
            published_at=base - datetime.timedelta(hours=rng.randint(0, 9)),
            deadline=TODAY + datetime.timedelta(days=rng.choice([-1, -1, 0, 0, 1, 2, 3, 4, 5, 6])),
            status=rng.choice(["open"] * 6 + ["closed"]),
        )


QUESTIONS = [
    {}, {"q": "会计"}, {"q": "Java"}, {"q": "java"}, {"q": "有限公司"}, {"q": "护理见习"}, {"q": "会计 助理"},
    {"q": "计"}, {"q": "山西"}, {"q": "不存在"}, {"city": "140100"}, {"city": "140100", "county": "140106"},
    {"city": "140100", "q": "助理"}, {"city": "140100", "county": "140105", "q": "数据", "education": "college"},
    {"education": "any", "q": "开发"}, {"city": "140200", "education": "bachelor"},
    {"city": "140100", "county": "140106", "q": "会计"}, {"city": "140100", "county": "140105", "q": "Java"},
    {"city": "140100", "county": "140100", "q": "山西"}, {"city": "140200", "q": "助理"},
    {"city": "140200", "county": "140213", "q": "计"}, {"city": "140100", "county": "140105", "education": "any"},
]


@pytest.mark.parametrize("count_limit, walk_rows, first_batch, frequency, walk_at_most, last_batch", [
    (1000, 2000, 100, None, 300, 3200),  # the application's own limits: every match is among the first few
    (60, 2000, 4, None, 300, 3200),      # counts stop early: pages are walked, batch after batch
    (60, 6, 4, None, 300, 3200),         # and the walk gives up soon: the database sorts the matches
    # PostgreSQL's plans by its statistics: every piece common (one piece in the GIN condition,
    # and a keyword alone counted by reading rows as they lie), or every piece rare (two).
    (60, 2000, 4, 0.5, 300, 3200),
    (60, 2000, 4, 0.01, 300, 3200),
    # PostgreSQL: every walk hands over to one query up to its reach (the budget and a last
    # batch) after its first batch: a reach beyond the filters' rows, within them, and too short.
    # Rare pieces (short lists in the GIN index): handed over. Common ones: walked on.
    (60, 2000, 4, 0.01, 1, 3200),
    (60, 40, 4, 0.01, 1, 8),
    (60, 6, 4, 0.01, 1, 8),
    (60, 2000, 4, 0.07, 1, 3200),
])
def test_every_way_of_finding_a_page_gives_the_oracles_page(catalogue, monkeypatch, count_limit, walk_rows,
                                                            first_batch, frequency, walk_at_most, last_batch):
    monkeypatch.setattr(finding, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(finding, "WALK_ROWS_PER_PAGE", walk_rows)
    monkeypatch.setattr(finding, "FIRST_BATCH", first_batch)
    monkeypatch.setattr(finding, "WALK_AT_MOST", walk_at_most)
    monkeypatch.setattr(finding, "LAST_BATCH", last_batch)
    if frequency is not None:
        monkeypatch.setattr(catalog, "_frequencies", lambda: lambda element: frequency)
    walks = {"walked": 0, "gave up": 0}
    real_walk = finding.walk

    def counted_walk(*args):
        found = real_walk(*args)
        walks["gave up" if found is None else "walked"] += 1
        return found

    monkeypatch.setattr(finding, "walk", counted_walk)
    edges = []
    real_edge = finding._up_to_edge
    monkeypatch.setattr(finding, "_up_to_edge", lambda *args: edges.append(args) or real_edge(*args))
    scans = []
    real_scan = finding._scanned_first
    monkeypatch.setattr(finding, "_scanned_first", lambda *args: scans.append(args) or real_scan(*args))
    compared, rows = 0, search_oracle.every_position()
    for question in QUESTIONS:
        for sort in ("newest", "deadline"):
            for page in (1, 2, 3):
                filters = search_filters.parse_filters({**question, "sort": sort, "page": str(page)})
                expected = search_oracle.answer({**question, "sort": sort}, TODAY, rows)
                result = positions.search(filters, TODAY, version=compared)  # a new version: no cache
                assert result.total == min(len(expected), count_limit + 1), question
                if page > result.pages:
                    continue
                assert [p.id for p in result.positions] == search_oracle.page(expected, page), (question, sort, page)
                compared += 1
    assert compared > 60
    assert bool(scans) == (catalog.is_postgres() and frequency == 0.5), "read as they lie only when common"
    handing_over = catalog.is_postgres() and walk_at_most == 1 and frequency < catalog.RARE_ENOUGH
    assert bool(edges) == handing_over, "handed over on PostgreSQL, when told and the pieces are rare"
    if count_limit < 1000:
        # Walked row by row, a budget of tens of rows leaves some pages unfilled; handed over, only a
        # reach shorter than a page does.
        gives_up = walk_rows + last_batch < search_filters.PAGE_SIZE if handing_over else walk_rows < 100
        assert walks["walked"] > 0 and (walks["gave up"] > 0) == gives_up, walks
    else:
        assert walks["gave up"] == 0


def test_more_than_the_limit_is_said_and_pages_stop_at_the_limit(dbc, monkeypatch):
    monkeypatch.setattr(finding, "COUNT_LIMIT", 40)
    employer = make_employer()
    for i in range(55):
        make_position(employer=employer, title=f"会计{i}")
    first = positions.search(search_filters.parse_filters({"q": "会计"}), TODAY)
    assert first.more_than_limit and first.total == 41 and first.pages == 2
    beyond = positions.search(search_filters.parse_filters({"q": "会计", "page": "3"}), TODAY)
    assert beyond.filters.page == 2 and len(beyond.positions) == 20
    assert "没有第3页：只显示前40个岗位（共2页），已显示第2页。" in beyond.filters.notices[0]
    exactly = positions.search(search_filters.parse_filters({"q": "会计1"}), TODAY)
    assert not exactly.more_than_limit and exactly.total == 11



# A trainee's list: their jurisdiction, and 学历要求 up to their own unless they chose one (or 全部).
TRAINEE_QUESTIONS = [
    {"city": "140100", "county": "140105"}, {"city": "140100"}, {"city": "140100", "county": "140105", "q": "会计"},
    {"city": "140100", "q": "山西"}, {"city": "140200", "county": "140213", "q": "计"},
    {"city": "140100", "education": "college"}, {"city": "140100", "county": "140106", "education": "all"},
]


@pytest.mark.parametrize("count_limit, walk_rows, first_batch", [(1000, 2000, 100), (60, 2000, 4), (60, 6, 4)])
def test_a_trainees_education_cap_gives_the_oracles_pages(catalogue, monkeypatch, count_limit, walk_rows, first_batch):
    monkeypatch.setattr(finding, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(finding, "WALK_ROWS_PER_PAGE", walk_rows)
    monkeypatch.setattr(finding, "FIRST_BATCH", first_batch)
    compared, rows = 0, search_oracle.every_position()
    for question in TRAINEE_QUESTIONS:
        for cap in ("any", "secondary", "college", "bachelor"):
            for sort in ("newest", "deadline"):
                asked = {**question, "sort": sort, "education_at_most": cap}
                if question.get("education") == "all":
                    asked = {key: value for key, value in asked.items() if key not in ("education", "education_at_most")}
                expected = search_oracle.answer(asked, TODAY, rows)
                for page in (1, 2):
                    args = {**question, "sort": sort, "page": str(page)}
                    filters = search_filters.parse_filters(args, education_at_most=cap)
                    result = positions.search(filters, TODAY, version=1000 + compared)
                    assert result.total == min(len(expected), count_limit + 1), (question, cap)
                    if page > result.pages:
                        continue
                    assert [p.id for p in result.positions] == search_oracle.page(expected, page), (question, cap, page)
                    compared += 1
    assert compared > 60


def test_pages_shown_together_are_the_oracles_pages_one_after_another(catalogue):
    rows = search_oracle.every_position()
    for question in ({}, {"q": "会计"}, {"city": "140100", "sort": "deadline"}):
        expected = search_oracle.answer(question, TODAY, rows)
        filters = search_filters.parse_filters({**question, "page": "3", "shown": "2"})
        result = positions.search(filters, TODAY)
        assert [number for number, _ in result.groups] == [2, 3]
        assert [p.id for p in result.positions] == search_oracle.page(expected, 2) + search_oracle.page(expected, 3)
