"""services.notice_settings: choices saved for every group at once, the address kept unverified with
a 24-hour link whose token is kept only hashed, its e-mail in the outbox in the same transaction,
and verification by one conditional UPDATE (once, in time, the latest link, the person's own)."""
import datetime
import hashlib
import re

import pytest

from jianxi.models import GROUPS, EmailAddress, NoticeChoice, Outbox
from jianxi.services import notice_settings, notices
from jianxi.services.errors import Conflict, ServiceError
from tests import clock
from tests.concurrency import run_together
from tests.factories import make_user

NOW = clock.now().replace(microsecond=0)
URL = "https://jianxi.example.cn"


@pytest.fixture
def person(dbc):
    return make_user("owner1")


def mailed_token() -> str:
    row = Outbox.select().order_by(Outbox.id.desc()).get()
    return re.search(r"verify\?token=(\S+)", row.body).group(1)


def test_current_is_the_defaults_until_chosen(person):
    settings = notice_settings.current(person)
    assert settings.choices == notices.DEFAULTS and settings.email is None


def test_save_writes_every_group_and_choices_follow(person):
    assert notice_settings.save(person, {"tasks"}, {"money", "unknown"}, "", NOW, URL) is None
    assert NoticeChoice.select().count() == len(GROUPS)
    assert notices.choices(person) == {g: (g == "tasks", g == "money") for g in GROUPS}


def test_save_address_writes_link_and_outbox_row(person):
    assert notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL + "/") == notice_settings.SENT
    kept = EmailAddress.get()
    row = Outbox.get()
    token = mailed_token()
    assert f"{URL}/account/email/verify?token={token}" in row.body
    assert kept.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in kept.token_hash
    assert kept.token_expires_at == NOW + datetime.timedelta(hours=24) and kept.verified_at is None
    assert (row.channel, row.address, row.next_at, row.message_id) == ("email", "li@example.cn", NOW, None)
    assert len(row.body) <= 500


@pytest.mark.parametrize("raw", ["li", "li@", "@example.cn", "li@example", "li@exa mple.cn", "li@@example.cn"])
def test_clean_email_refuses_what_is_no_address(raw):
    with pytest.raises(ServiceError) as refused:
        notice_settings.clean_email(raw)
    assert refused.value.field == "email" and refused.value.message == notice_settings.BAD_EMAIL


def test_save_again_within_a_minute_sends_no_second_link(person):
    notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL)
    later = NOW + datetime.timedelta(seconds=59)
    assert notice_settings.save(person, set(), set(), "li@example.cn", later, URL) == notice_settings.RECENT
    after = NOW + datetime.timedelta(seconds=61)
    assert notice_settings.save(person, set(), set(), "li@example.cn", after, URL) == notice_settings.SENT
    assert Outbox.select().count() == 2


def test_verify_in_time_once(person):
    notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL)
    token = mailed_token()
    just_in_time = NOW + datetime.timedelta(hours=24, seconds=-1)
    assert notice_settings.check_link(person, token, just_in_time).address == "li@example.cn"
    assert notice_settings.verify(person, token, just_in_time).verified_at == just_in_time
    assert notices.verified_email(person) == "li@example.cn"
    with pytest.raises(Conflict, match=notice_settings.USED_LINK):
        notice_settings.verify(person, token, just_in_time)


def test_verify_at_24_hours_is_expired(person):
    notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL)
    with pytest.raises(ServiceError, match=notice_settings.EXPIRED_LINK):
        notice_settings.verify(person, mailed_token(), NOW + datetime.timedelta(hours=24))
    assert notices.verified_email(person) is None


def test_verify_another_persons_token_is_wrong(person):
    notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL)
    with pytest.raises(ServiceError, match=notice_settings.WRONG_LINK):
        notice_settings.verify(make_user("other1"), mailed_token(), NOW)
    for token in ("", "nonsense"):
        with pytest.raises(ServiceError, match=notice_settings.WRONG_LINK):
            notice_settings.verify(person, token, NOW)


def test_a_new_address_needs_its_own_verification(person):
    notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL)
    notice_settings.verify(person, mailed_token(), NOW)
    assert notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL) == notice_settings.KEPT
    notice_settings.save(person, set(), set(), "wang@example.cn", NOW, URL)
    assert notices.verified_email(person) is None
    assert notice_settings.save(person, set(), set(), "", NOW, URL) == notice_settings.REMOVED
    assert EmailAddress.select().count() == 0


def test_verify_at_once_verifies_one_time(app, person):
    notice_settings.save(person, set(), set(), "li@example.cn", NOW, URL)
    token = mailed_token()
    results = run_together(app, *[lambda: notice_settings.verify(person, token, NOW) for _ in range(5)])
    assert sum(isinstance(r, EmailAddress) for r in results) == 1, results
    assert all(isinstance(r, (EmailAddress, Conflict)) for r in results), results


def test_save_at_once_keeps_one_address(app, person):
    results = run_together(app, *[lambda n=n: notice_settings.save(person, {"tasks"}, set(), f"u{n}@example.cn",
                                                                    NOW, URL) for n in range(4)])
    assert results == [notice_settings.SENT] * 4
    kept = EmailAddress.get()
    assert EmailAddress.select().count() == 1 and NoticeChoice.select().count() == len(GROUPS)
    assert Outbox.select().where(Outbox.address == kept.address).exists()
