"""services.inbox: a person's messages a page at a time, newest first; opening one marks it read
once; 全部标为已读; another's message is NotFound and stays as it was."""
import datetime

import pytest

from jianxi.models import Message
from jianxi.services import inbox, lists, notices
from jianxi.services.errors import NotFound
from tests import clock
from tests.factories import make_user
from tests.inbox.helpers import give

NOW = clock.now()


@pytest.fixture
def people(dbc):
    return make_user("owner1"), make_user("other1")


def test_page_is_own_newest_first_twenty_at_a_time(people):
    owner, other = people
    give(owner, 23, start=NOW - datetime.timedelta(days=1))
    give(other, 2)
    first = inbox.page(owner, lists.Filters())
    assert first.total == 23 and len(first.items) == 20 and first.pages == 2
    assert [m.title for m in first.items[:2]] == ["消息22", "消息21"]
    last = inbox.page(owner, lists.Filters(page=2))
    assert [m.title for m in last.items] == ["消息02", "消息01", "消息00"]
    past = inbox.page(owner, lists.Filters(page=5))
    assert past.page == 2 and past.filters.notices == ("没有第5页，已显示最后一页。",)


def test_same_time_ties_newest_id_first(people):
    owner, _ = people
    for n in range(3):
        notices.send([owner], notices.Notice("t", "tasks", f"同时{n}", "内容", "/", "短信"), NOW)
    assert [m.title for m in inbox.page(owner, lists.Filters()).items] == ["同时2", "同时1", "同时0"]


def test_open_message_marks_read_once_and_returns_it(people):
    owner, _ = people
    message, = give(owner, 1, link="/me/")
    opened = inbox.open_message(owner, message.id, NOW)
    assert opened.link == "/me/" and opened.read_at == NOW
    inbox.open_message(owner, message.id, NOW + datetime.timedelta(hours=1))
    assert Message.get_by_id(message.id).read_at == NOW
    assert notices.unread_count(owner) == 0


def test_open_message_of_another_is_not_found(people):
    owner, other = people
    theirs, = give(other, 1)
    with pytest.raises(NotFound):
        inbox.open_message(owner, theirs.id, NOW)
    with pytest.raises(NotFound):
        inbox.open_message(owner, 987654, NOW)
    assert Message.get_by_id(theirs.id).read_at is None


def test_mark_all_read_is_own_only(people):
    owner, other = people
    give(owner, 3)
    give(other, 2)
    assert inbox.mark_all_read(owner, NOW) == 3
    assert inbox.mark_all_read(owner, NOW) == 0
    assert (notices.unread_count(owner), notices.unread_count(other)) == (0, 2)
