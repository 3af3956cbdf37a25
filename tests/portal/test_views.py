"""The portal's pages (portal/views.py): 首页, 个人办事 and 公共就业 as the user manual shows them, each
revalidated by its ETag."""
import pytest

from tests.support import text


def test_navigation_pages_follow_the_manual(client):
    home = text(client.get("/"))
    assert all(label in home for label in ("首页", "个人办事", "公共就业"))
    public = text(client.get("/public/"))
    assert "创业指导" in public and 'href="/positions/"' in public and "见习岗位查询" in public
    personal = text(client.get("/personal/"))
    assert "就业创业" in personal and "就业见习人员申请" in personal


@pytest.mark.parametrize("url", ["/", "/public/", "/personal/"])
def test_other_public_pages_revalidate_with_etag_too(client, url):
    first = client.get(url)
    assert first.headers["Cache-Control"] == "no-cache"
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
