"""Demo placements (ops.demo.placements): `danwei`'s positions have a placement in every state,
shown on 小店区's 花名册, and the `trainee` account has an offer from danwei waiting."""
from jianxi.models import Placement, User
from jianxi.ops.demo import seed_demo
from jianxi.services import access, candidates
from tests import clock


def test_every_state_is_shown_and_the_trainee_has_an_offer_waiting(dbc):
    seed_demo(positions=60, seed=7, today=clock.today())
    danwei = access.acting_for(User.get(User.username == "danwei"))
    shown = sorted(p.state(clock.today()) for p in Placement.select().where(Placement.employer == danwei.id))
    assert shown == sorted(["待签协议", "待签协议", "待备案", "退回修改", "已备案", "在岗"])
    signed = [p for p in Placement.select() if p.status == "accepted" and p.signed]
    assert len(signed) == 1  # the one with its agreement confirmed by both and insured, not yet submitted
    trainee = User.get(User.username == "trainee")
    waiting = [s for s in candidates.of_trainee(trainee) if s.kind == "offer"]
    assert len(waiting) == 1 and waiting[0].offer_status(clock.now()) == "open"
    assert waiting[0].employer_id == danwei.id
    assert seed_demo(positions=60, seed=7, today=clock.today()).count("未重复生成") >= 3  # a second run adds nothing
    assert Placement.select().count() == 6
