"""What the 单位网厅 tests share besides fixtures: the forms as a browser sends them (单位注册, 认定 and
a 见习岗位, each with every field right), a 营业执照 to upload, and Units, which makes units and their
accounts by the services and signs them in (the unit_accounts fixture of tests/unit/conftest.py).

A helper module, not a test module: tests and conftest.py files import from here, never from each other.
"""
import datetime
import io

from jianxi.db import db
from jianxi.models import LICENCE, Employer, UnitAccount, User
from jianxi.ops import storage
from jianxi.services import access, attachments, recognition
from tests import clock
from tests.factories import PASSWORD, PDF, make_user, register_unit, unit_code

DEADLINE = (clock.today() + datetime.timedelta(days=60)).isoformat()

REGISTRATION = {
    "credit_code": unit_code("MA0K2B3C4"), "unit_name": "山西晋阳软件有限公司", "city": "140100", "region": "140105",
    "person_name": "李经办", "mobile": "13912345678", "username": "danwei1", "password": PASSWORD,
    "confirm_password": PASSWORD,
}

RECOGNITION = {
    "unit_type": "enterprise", "industry": "I", "insured_staff": "35", "address": "太原市小店区长治路1号",
    "city": "140100", "region": "140105", "contact_person": "李经办", "phone": "0351-7654321",
    "statement": "软件开发，可提供3个见习岗位。",
    "mentor-1-name": "张老师", "mentor-1-title": "技术总监", "mentor-1-phone": "13812345678",
}

POSITION = {
    "title": "软件测试见习生", "external_ref": "", "address": "太原市小店区长治路1号", "openings": "2",
    "education": "college", "major": "计算机类", "duration_months": "6", "monthly_subsidy": "1800",
    "duties": "参与软件测试。", "contact": "李经办 13912345678", "deadline": DEADLINE,
}


def licence_file(data: bytes = PDF, name: str = "营业执照.pdf"):
    """A 营业执照 as the 认定 form's licence_file field takes it: (stream, file name)."""
    return io.BytesIO(data), name


class Units:
    """Units and their accounts, made by the services (the pages under test are used to act)."""

    def __init__(self, app, client, auth):
        self.app, self.client, self.auth = app, client, auth

    def register(self, username: str, body: str, name: str = "山西晋阳软件有限公司"):
        with self.app.app_context(), db.connection_context():
            user, account = register_unit(username, unit_code(body), name=name, now=clock.now())
        return user, account

    def sign_in(self, username: str, body: str = "MA0K2B3C4", **kwargs):
        """A unit's account (registering it first if new), signed in through /login."""
        with self.app.app_context(), db.connection_context():
            known = (UnitAccount.select().join(User, on=(UnitAccount.user == User.id))
                     .where(User.username == username).exists())
        if not known:
            self.register(username, body, **kwargs)
        self.client.post("/logout")
        return self.auth.login(username=username, password=PASSWORD)

    def office(self, username: str = "xiaodian", jurisdiction: str = "140105"):
        with self.app.app_context(), db.connection_context():
            return User.get_or_none(User.username == username) or make_user(
                username, role="reviewer", jurisdiction=jurisdiction, real_name="王建国")

    def unit_of(self, username: str) -> Employer:
        with self.app.app_context(), db.connection_context():
            return access.acting_for(User.get(User.username == username))

    def recognise(self, username: str) -> Employer:
        """The account's unit through the whole 认定 by the services: complete, submitted, granted."""
        office = self.office()
        with self.app.app_context(), db.connection_context():
            user = User.get(User.username == username)
            unit = access.acting_for(user)
            licence = attachments.store(user, LICENCE, io.BytesIO(PDF), "营业执照.pdf", storage.current())
            mentors = [{"name": "张老师", "title": "技术总监", "phone": "13812345678"}]
            data, errors = recognition.parse(RECOGNITION, mentors)
            assert errors == {}
            recognition.save(user, unit, data, licence.id, clock.now())
            submitted = recognition.submit(user, unit, clock.now())
            recognition.decide(office, submitted.id, recognition.Decision("recognise"), clock.now())
            return Employer.get_by_id(unit.id)
