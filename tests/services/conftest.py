"""Fixtures of the service tests that several modules share."""
import pytest

from tests.factories import make_user


@pytest.fixture
def offices(dbc):
    """太原市's offices (小店区, its neighbour 迎泽区, the city's own) and an admin, by what they are to 小店区."""
    return {
        "county": make_user("xiaodian", role="reviewer", jurisdiction="140105", real_name="王建国"),
        "other_county": make_user("yingze", role="reviewer", jurisdiction="140106"),
        "city": make_user("taiyuan", role="reviewer", jurisdiction="140100"),
        "admin": make_user("admin1", role="admin"),
    }
