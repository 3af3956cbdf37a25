"""One page of each kind 单位网厅 has, for tests/test_html_valid.py to send to the Nu checker."""
import io

from jianxi.db import db
from jianxi.models import PositionProposal, Recognition
from jianxi.services import recognition, unit_positions
from tests import clock
from tests.factories import PDF, make_employer, make_user, unit_code
from tests.unit.helpers import POSITION, RECOGNITION, REGISTRATION


def collect(client, app, grab) -> None:
    """`grab(name, response)` each page: a unit registered, applying, sent back, recognised, posting."""
    client.post("/logout")
    grab("unit-register", client.get("/unit/register"))
    grab("unit-register-errors", client.post("/unit/register", data={**REGISTRATION, "credit_code": "x", "region": ""}))
    client.post("/unit/register", data=REGISTRATION)
    grab("unit-home-welcome", client.get("/unit/?welcome=1"))
    grab("unit-recognition", client.get("/unit/recognition"))
    grab("unit-recognition-errors", client.post("/unit/recognition", content_type="multipart/form-data", data={
        **RECOGNITION, "phone": "x", "mentor-2-name": "赵", "action": "submit",
        "licence_file": (io.BytesIO(b"text"), "a.txt")}))
    client.post("/unit/recognition", content_type="multipart/form-data",
                data={**RECOGNITION, "action": "submit", "licence_file": (io.BytesIO(PDF), "营业执照.pdf")})
    grab("unit-recognition-sent", client.get("/unit/recognition?done=submit"))
    with app.app_context(), db.connection_context():
        office = make_user("unitoffice", role="reviewer", jurisdiction="140105")
        applied = Recognition.get()
        recognition.decide(office, applied.id, recognition.Decision("return", details="请补充带教老师"), clock.now())
    grab("unit-recognition-returned", client.get("/unit/recognition"))
    client.post("/unit/recognition", content_type="multipart/form-data",
                data={**RECOGNITION, "action": "submit", "licence": str(applied.licence_id)})
    with app.app_context(), db.connection_context():
        recognition.decide(office, applied.id, recognition.Decision("recognise"), clock.now())
    grab("unit-home-recognised", client.get("/unit/"))
    grab("unit-position-errors", client.post("/unit/positions/new", data={**POSITION, "openings": "0"}))
    client.post("/unit/positions/new", data=POSITION)
    client.post("/unit/positions/new", data={**POSITION, "title": "第二个岗位"})
    with app.app_context(), db.connection_context():
        first, second = PositionProposal.select().order_by(PositionProposal.id)
        position = unit_positions.approve(office, first.id, clock.now())
        unit_positions.send_back(office, second.id, "岗位职责请写具体", clock.now())
    grab("unit-positions", client.get("/unit/positions/?done=proposed"))
    grab("unit-proposal-returned", client.get(f"/unit/proposals/{second.id}/edit"))
    grab("unit-close-errors", client.post(f"/unit/positions/{position.id}/close", data={"reason": "other"}))
    client.post("/logout")
    with app.app_context(), db.connection_context():
        make_employer(credit_code=unit_code("MA0K2B3C5"), name="小店区人民医院")
    client.post("/unit/register", data={**REGISTRATION, "credit_code": unit_code("MA0K2B3C5"), "username": "claimer"})
    grab("unit-home-waiting", client.get("/unit/"))
    grab("unit-refused", client.get("/unit/positions/"))
    client.post("/logout")
