"""The public 见习单位名录 (/units/) and each unit's page: recognised units only, their open positions,
the search's 市 → 县区 filters and notices, nothing personal, and the links from the position pages."""
import datetime

import pytest

from jianxi.db import db
from jianxi.models import Position
from jianxi.services import recognition
from tests import clock
from tests.factories import make_employer, make_position, make_user
from tests.factories import submitted_recognition as submitted
from tests.support import text


@pytest.fixture
def directory(app):
    """Recognised units in 小店区, 迎泽区 and 大同市市本级; one not recognised and one 取消认定 in 小店区."""
    today = clock.today()
    with app.app_context(), db.connection_context():
        xiaodian = make_employer(name="小店晋阳软件有限公司", region="140105", industry="I", unit_type="enterprise",
                                 phone="0351-7777777", contact_person="赵联系")
        yingze = make_employer(name="迎泽区人民医院", region="140106", industry="Q", unit_type="institution")
        datong = make_employer(name="大同煤矿机械厂", region="140200", industry="C")
        unrecognised = make_employer(name="还没认定的公司", region="140105", status="unrecognised")
        revoked = make_employer(name="被取消认定的公司", region="140105", status="revoked")
        make_position(xiaodian, title="软件测试见习生")
        make_position(xiaodian, title="前端开发见习生")
        make_position(xiaodian, title="已结束的岗位", status="closed")
        make_position(xiaodian, title="已过期的岗位", deadline=today - datetime.timedelta(days=1))
        closed = make_position(revoked, title="被取消单位的岗位", status="closed")
    return {"xiaodian": xiaodian, "yingze": yingze, "datong": datong, "unrecognised": unrecognised,
            "revoked": revoked, "closed": closed}


def test_the_directory_lists_recognised_units_with_their_open_positions(client, directory):
    page = text(client.get("/units/"))
    assert "小店晋阳软件有限公司" in page and "迎泽区人民医院" in page and "大同煤矿机械厂" in page
    assert "还没认定的公司" not in page and "被取消认定的公司" not in page
    assert "共 <strong>3</strong> 家见习单位" in page
    row = page.split("小店晋阳软件有限公司", 1)[1].split("</tr>", 1)[0]
    assert "信息传输、软件和信息技术服务业" in row and "太原市 小店区" in row and "2个" in row, "open ones only"


@pytest.mark.parametrize("query, shown, notice", [
    ("city=140100", {"小店晋阳软件有限公司", "迎泽区人民医院"}, None),
    ("city=140100&county=140105", {"小店晋阳软件有限公司"}, None),
    ("city=140200&county=140200", {"大同煤矿机械厂"}, None),
    ("industry=Q", {"迎泽区人民医院"}, None),
    ("city=140100&industry=C", set(), None),
    ("city=140100&county=140202", {"小店晋阳软件有限公司", "迎泽区人民医院"}, "所选县区不属于该市，已显示全市见习单位。"),
    ("county=140105", {"小店晋阳软件有限公司", "迎泽区人民医院", "大同煤矿机械厂"}, "请先选择市，再选择县区"),
    ("industry=ZZ", {"小店晋阳软件有限公司", "迎泽区人民医院", "大同煤矿机械厂"}, "所属行业无效，已显示全部行业。"),
    ("city=999999", {"小店晋阳软件有限公司", "迎泽区人民医院", "大同煤矿机械厂"}, "没有找到所选的市"),
])
def test_the_directory_filters_by_place_and_industry_dropping_what_cannot_be_used(client, directory, query, shown,
                                                                                  notice):
    page = text(client.get(f"/units/?{query}"))
    listed = {name for name in ("小店晋阳软件有限公司", "迎泽区人民医院", "大同煤矿机械厂") if name in page}
    assert listed == shown
    if notice:
        assert notice in page
    if not shown:
        assert "没有符合条件的见习单位" in page


def test_the_filters_keep_the_city_cascade_and_htmx_swaps_the_results(client, hx, directory):
    page = text(client.get("/units/?city=140100&county=140105"))
    assert 'data-hx-get="/positions/counties"' in page and '<option value="140105" selected>' in page
    fragment = hx.get("/units/?industry=I", target="results")
    assert "<html" not in text(fragment) and "小店晋阳软件有限公司" in text(fragment)
    assert "迎泽区人民医院" not in text(fragment)
    assert "<html" in text(hx.get("/units/", target="somewhere-else"))


def test_the_directory_comes_twenty_a_page(client, app, directory):
    with app.app_context(), db.connection_context():
        for n in range(25):
            make_employer(name=f"阳曲单位{n:02d}", region="140122")
    first = text(client.get("/units/?city=140100&county=140122"))
    assert "第1页，共2页" in first and "阳曲单位19" in first and "阳曲单位20" not in first
    assert "阳曲单位24" in text(client.get("/units/?city=140100&county=140122&page=2"))
    assert "没有第9页，已显示最后一页。" in text(client.get("/units/?city=140100&county=140122&page=9"))


def test_a_units_page_shows_what_it_is_and_its_open_positions_and_nothing_personal(client, directory):
    unit = directory["xiaodian"]
    page = text(client.get(f"/units/{unit.id}?city=140100&page=1"))
    assert "小店晋阳软件有限公司" in page and "企业" in page and "信息传输、软件和信息技术服务业" in page
    assert "太原市小店区长风街1号" in page and "共 <strong>2</strong> 个" in page
    assert "软件测试见习生" in page and "前端开发见习生" in page and "已结束的岗位" not in page and "已过期的岗位" not in page
    assert 'href="/units/?city=140100"' in page, "返回 keeps the list's filters"
    for personal in ("0351-7777777", "赵联系", "王女士"):
        assert personal not in page


def test_a_unit_not_recognised_or_revoked_has_no_page(client, directory):
    for name in ("unrecognised", "revoked"):
        assert client.get(f"/units/{directory[name].id}").status_code == 404
    assert client.get("/units/999999").status_code == 404


def test_a_units_page_shows_no_mentor_licence_or_account(client, app):
    with app.app_context(), db.connection_context():
        user, applied = submitted("unit_person", "MA0K42001", "140105", name="有带教老师的公司")
        office = make_user("office", role="reviewer", jurisdiction="140105")
        recognition.decide(office, applied.id, recognition.Decision("recognise"), clock.now())
    page = text(client.get(f"/units/{applied.employer_id}"))
    assert "有带教老师的公司" in page
    for personal in ("张老师", "13812345678", "unit_person", "李经办", "0351-7654321", "/files/", "营业执照"):
        assert personal not in page, personal


def test_positions_name_their_unit_with_a_link_to_it_the_same_for_everyone(client, auth, directory):
    unit = directory["xiaodian"]
    link = f'<a href="/units/{unit.id}">小店晋阳软件有限公司</a>'
    anonymous = text(client.get("/positions/?q=软件测试"))
    assert link in anonymous
    position = Position.get(Position.title == "软件测试见习生")
    detail = text(client.get(f"/positions/{position.id}"))
    assert link in detail
    auth.login()
    assert text(client.get("/positions/?q=软件测试")).count(link) == anonymous.count(link)
    auth.logout()
    closed = text(client.get(f"/positions/{directory['closed'].id}"))
    assert "被取消认定的公司" in closed and f'/units/{directory["revoked"].id}"' not in closed


def test_the_public_menu_and_home_link_the_directory(client):
    assert 'href="/units/"' in text(client.get("/public/"))
    assert 'href="/units/"' in text(client.get("/"))
