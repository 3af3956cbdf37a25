"""Ids from outside (reference/ids.py): one that no row can have, past 64 bits, is simply not found,
in a URL (web/converters.py: 404) and in a form (the form's own message), never an overflow."""
import pytest

from tests.support import text

HUGE = "99999999999999999999"


@pytest.mark.parametrize("method, url", [
    ("GET", f"/positions/{HUGE}"), ("GET", "/positions/9223372036854775808"), ("GET", f"/files/{HUGE}"),
    ("GET", f"/me/applications/{HUGE}/withdraw"), ("POST", f"/apply/attachments/{HUGE}/delete"),
    ("GET", f"/review/applications/{HUGE}"), ("POST", f"/me/positions/{HUGE}/favorite"),
])
def test_ids_beyond_64_bits_are_404(client, auth, method, url):
    auth.login(role="reviewer" if url.startswith("/review") else "applicant")
    assert client.open(url, method=method, data={"action": "add"}).status_code == 404


def test_a_huge_attachment_id_in_the_form_is_the_forms_message(client, auth):
    auth.login()
    r = client.post("/apply/", data={"category": "graduate", "attachment_id_front": HUGE, "submission_key": "k"})
    # No attachment has that id: the row is empty, and says so with the form's other mistakes.
    assert r.status_code == 422 and "身份证人像面：请上传身份证人像面" in text(r) and "错误" in text(r)
    r = client.post("/apply/", data={"attachment_id_front": HUGE, "edit": "1"})
    assert r.status_code == 200
