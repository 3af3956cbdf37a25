import datetime

import pytest
from peewee import IntegrityError

from jianxi.db import db
from jianxi.models import AuditLog, Favorite, Position
from jianxi.search import filters as search_filters
from jianxi.search import results as positions
from jianxi.services import favorites
from jianxi.services.errors import Conflict, FavoritesFull, NotFound, NotTrainee
from tests import clock
from tests.concurrency import run_together
from tests.factories import make_position, make_user, trainee, valid_id_number

NOW = clock.now()
TODAY = NOW.date()


@pytest.fixture
def xiaodian(dbc):
    return [make_position(title=f"小店岗位{i}", region="140105") for i in range(5)]


def test_standing_and_search_follow_the_jurisdiction(xiaodian):
    user = trainee()
    make_position(title="迎泽岗位", region="140106")
    make_position(title="市本级岗位", region="140100")
    assert favorites.standing(user).is_trainee and favorites.standing(user).jurisdiction == "140105"
    found = positions.search_within("140105", search_filters.parse_filters({}, places=False), TODAY)
    assert {p.title for p in found.positions} == {p.title for p in xiaodian}
    city = positions.search_within("140100", search_filters.parse_filters({"city": "140200"}, places=False), TODAY)
    assert {"迎泽岗位", "市本级岗位"} <= {p.title for p in city.positions} and city.total == 7
    assert "city" not in city.filters.query_args(page=2)


def test_add_three_then_the_fourth_is_refused_with_the_three(xiaodian):
    user = trainee()
    for p in xiaodian[:3]:
        favorites.add(user, p.id, NOW)
    with pytest.raises(FavoritesFull, match="最多收藏3个岗位") as refused:
        favorites.add(user, xiaodian[3].id, NOW)
    assert [f.position_id for f in refused.value.favorites] == [p.id for p in xiaodian[:3]]
    assert favorites.remove(user, xiaodian[1].id, NOW)
    favorites.add(user, xiaodian[3].id, NOW)
    assert [f.position_id for f in favorites.of(user)] == [xiaodian[i].id for i in (0, 2, 3)]


def test_adding_twice_is_one_favorite(xiaodian):
    user = trainee()
    first = favorites.add(user, xiaodian[0].id, NOW)
    assert favorites.add(user, xiaodian[0].id, NOW).id == first.id and Favorite.select().count() == 1


def test_not_approved_is_not_a_trainee(xiaodian):
    pending = trainee(approve=False)
    with pytest.raises(NotTrainee, match="该人员不是就业见习人员") as refused:
        favorites.add(pending, xiaodian[0].id, NOW)
    assert refused.value.application.status == "pending"
    nobody = make_user("nobody", id_number=valid_id_number(sequence="901"))
    with pytest.raises(NotTrainee):
        favorites.add(nobody, xiaodian[0].id, NOW)
    assert not Favorite.select().exists()


def test_outside_the_jurisdiction_is_not_found(xiaodian):
    user = trainee()
    elsewhere = make_position(region="140106")
    with pytest.raises(NotFound):
        favorites.add(user, elsewhere.id, NOW)
    city_trainee = trainee(2, jurisdiction="140100")
    assert favorites.add(city_trainee, elsewhere.id, NOW).position_id == elsewhere.id, "a city's 市本级 covers its counties"


def test_closed_or_expired_cannot_be_added_but_a_favorite_stays_and_can_go(xiaodian):
    user = trainee()
    favorites.add(user, xiaodian[0].id, NOW)
    Position.update(status="closed").where(Position.id.in_([xiaodian[0].id, xiaodian[1].id])).execute()
    Position.update(deadline=TODAY - datetime.timedelta(days=1)).where(Position.id == xiaodian[2].id).execute()
    for p in xiaodian[1:3]:
        with pytest.raises(Conflict, match="已结束招募"):
            favorites.add(user, p.id, NOW)
    assert [f.position_id for f in favorites.of(user)] == [xiaodian[0].id]
    assert favorites.remove(user, xiaodian[0].id, NOW) and not favorites.of(user)


def test_add_and_remove_are_audited(xiaodian):
    user = trainee()
    favorites.add(user, xiaodian[0].id, NOW)
    favorites.remove(user, xiaodian[0].id, NOW)
    assert [(r.action, r.object_id) for r in AuditLog.select().where(AuditLog.object_type == "position")] == [
        ("favorite", xiaodian[0].id), ("unfavorite", xiaodian[0].id)]


def test_the_database_refuses_a_fourth_or_a_duplicate_even_around_the_service(xiaodian):
    user = trainee()
    for slot, p in enumerate(xiaodian[:3], start=1):
        Favorite.create(user=user, position=p, slot=slot, created_at=NOW)
    for row in ({"position": xiaodian[3], "slot": 4}, {"position": xiaodian[3], "slot": 1},
                {"position": xiaodian[0], "slot": 3}):
        with pytest.raises(IntegrityError), db.atomic():
            Favorite.create(user=user, created_at=NOW, **row)
    assert Favorite.select().count() == 3


def test_a_burst_of_adds_by_one_person_keeps_three(app, xiaodian):
    user = trainee()
    results = run_together(app, *[lambda p=p: favorites.add(user, p.id, NOW) for p in (xiaodian + xiaodian)[:7]])
    assert Favorite.select().where(Favorite.user == user).count() == 3, results
    assert sum(isinstance(r, Favorite) for r in results) >= 3
    assert all(isinstance(r, (Favorite, FavoritesFull)) for r in results), results
    assert len({f.slot for f in Favorite.select()}) == 3


@pytest.mark.parametrize("repeat", range(3))
def test_a_favorite_racing_the_closing_is_consistent(app, xiaodian, repeat):
    user = trainee()
    target = xiaodian[0]

    def close():
        return Position.update(status="closed").where(Position.id == target.id).execute()

    results = run_together(app, lambda: favorites.add(user, target.id, NOW), close)
    added = isinstance(results[0], Favorite)
    assert added or isinstance(results[0], Conflict), results
    assert Position.get_by_id(target.id).status == "closed"
    assert Favorite.select().where(Favorite.position == target.id).exists() == added
