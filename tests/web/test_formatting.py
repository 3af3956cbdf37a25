"""How text reads in the UI (web/formatting.py): each phone number in a contact becomes a tel: link,
and nothing else does."""
import re

import pytest


@pytest.mark.parametrize(
    "contact, linked",
    [
        ("王老师 0351-1234567", ["0351-1234567"]),
        ("电话03517654321转8001", ["03517654321"]),
        ("010-12345678、15803512345", ["010-12345678", "15803512345"]),
        ("编号 140105200305120011 或 1391234567890", []),
        ("请发邮件", []),
    ],
)
def test_tel_links_link_each_phone_number_only(contact, linked):
    from jianxi.web.formatting import tel_links

    html = str(tel_links(contact))
    assert re.findall(r'<a href="tel:(\d+)">([^<]+)</a>', html) == [(n.replace("-", ""), n) for n in linked]
    assert re.sub(r"<[^>]+>", "", html) == contact
