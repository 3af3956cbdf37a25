"""Demo data of units that came in by their own door (ops.demo.units): the accounts the README
names, and 认定 in every state for the office's queue."""
from jianxi.models import ACCOUNT_PENDING, Position, PositionProposal, Recognition, User
from jianxi.ops.demo import seed_demo
from jianxi.reference.codes import INDUSTRIES
from jianxi.services import access, recognition, unit_positions, units
from jianxi.services.lists import Filters
from tests import clock


def test_the_demo_units_are_the_ones_the_readme_names(dbc):
    seed_demo(positions=60, seed=7, today=clock.today())
    danwei = access.acting_for(User.get(User.username == "danwei"))
    assert danwei.status == "recognised" and danwei.region_id == "140105" and danwei.industry in INDUSTRIES
    published = Position.select().where(Position.employer == danwei.id)
    assert published.count() == 2 and all(p.is_open(clock.today()) for p in published)
    assert PositionProposal.select().where((PositionProposal.employer == danwei.id) & (PositionProposal.status == "pending")).count() == 1
    xindanwei = access.acting_for(User.get(User.username == "xindanwei"))
    assert Recognition.get(Recognition.employer == xindanwei.id).status == "pending"
    xiaodian = User.get(User.username == "xiaodian")
    queue = recognition.queue(xiaodian, recognition.parse_filters({}))
    assert xindanwei.id in {r.employer_id for r in queue.items}
    assert {r.status for r in Recognition.select()} == {"draft", "pending", "returned", "refused", "recognised", "revoked"}
    waiting = units.requests(xiaodian, Filters())
    assert [a.user.username for a in waiting.items] == ["daili"] and waiting.items[0].status == ACCOUNT_PENDING
    assert unit_positions.waiting(xiaodian, Filters()).total == 1
