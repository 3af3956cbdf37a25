"""Demo placements (ops.demo.placements, .subsidies): `danwei`'s positions have a placement in every
state, shown on 小店区's 花名册, and the `trainee` account has an offer from danwei waiting; months
recorded, a claim in each state and a batch in its 公示 window."""
from decimal import ROUND_HALF_UP, Decimal

from jianxi.models import Batch, Claim, ClaimLine, MonthRecord, Placement, User
from jianxi.ops.demo import seed_demo
from jianxi.services import access, candidates
from tests import clock


def test_every_state_is_shown_and_the_trainee_has_an_offer_waiting(dbc):
    seed_demo(positions=60, seed=7, today=clock.today())
    danwei = access.acting_for(User.get(User.username == "danwei"))
    shown = sorted(p.state(clock.today()) for p in Placement.select().where(Placement.employer == danwei.id))
    # The six of ops.demo.placements, and the four placed months ago by ops.demo.subsidies.
    assert shown == sorted(["待签协议", "待签协议", "待备案", "退回修改", "已备案", "在岗",
                            "期满", "在岗", "中途退出", "提前留用"])
    signed = [p for p in Placement.select() if p.status == "accepted" and p.signed]
    assert len(signed) == 1  # the one with its agreement confirmed by both and insured, not yet submitted
    trainee = User.get(User.username == "trainee")
    waiting = [s for s in candidates.of_trainee(trainee) if s.kind == "offer"]
    assert len(waiting) == 1 and waiting[0].offer_status(clock.now()) == "open"
    assert waiting[0].employer_id == danwei.id
    assert seed_demo(positions=60, seed=7, today=clock.today()).count("未重复生成") >= 3  # a second run adds nothing
    assert Placement.select().count() == 10


def test_the_demo_has_months_recorded_a_claim_in_each_state_and_a_batch_in_its_window(dbc):
    seed_demo(positions=60, seed=7, today=clock.today())
    today = clock.today()
    assert MonthRecord.select().count() > 10
    states = {(claim.status, claim.batch.status if claim.batch else None) for claim in Claim.select()}
    assert states == {("decided", "paid"), ("decided", "published"), ("submitted", None)}
    assert {line.state for line in ClaimLine.select()} == {"paid", "approved", "returned", "claimed"}
    [open_batch] = [batch for batch in Batch.select() if batch.status == "published"]
    assert open_batch.published_on <= today <= open_batch.window_ends
    # Every figure is one the calculator gives again from the records and rules (none typed in).
    for line in ClaimLine.select().where(ClaimLine.kind == "month"):
        exact = Decimal(line.wage_fen * line.share_percent * line.served_days) / (100 * line.working_days)
        assert line.amount_fen == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_a_fresh_demo_shows_a_batch_to_the_public(app, client, dbc):
    seed_demo(positions=60, seed=7, today=clock.today())
    page = client.get("/publicity/").get_data(as_text=True)
    assert "共 <strong>2</strong> 批" in page and "太原市 小店区" in page and "公示中" in page and "已拨付" in page
    [open_batch] = [batch for batch in Batch.select() if batch.status == "published"]
    shown = client.get(f"/publicity/{open_batch.slug}").get_data(as_text=True)
    assert "补贴表" in shown and "花名册" in shown and "0351-7000000" in shown
