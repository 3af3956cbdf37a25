"""flask --app wsgi backup / restore: the database and the attachment files come back together."""
import sqlite3
import threading
from pathlib import Path

from jianxi import create_app
from jianxi.db import db
from jianxi.models import Application, Attachment, User
from jianxi.ops import storage
from jianxi.ops.schema import create_tables
from tests.factories import JPEG, make_application, make_user, valid_id_number


def _invoke(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _backup(app, directory: Path) -> Path:
    code, output = _invoke(app, "backup", str(directory))
    assert code == 0 and "已备份到" in output, output
    [folder] = directory.iterdir()
    return folder


def test_backup_then_changes_then_restore_brings_back_every_row_and_file(app, tmp_path):
    with app.app_context(), db.connection_context():
        person = make_user("zhangsan", id_number=valid_id_number())
        application = make_application(person)
        files = list(Attachment.select().where(Attachment.owner == person.id))
    folder = _backup(app, tmp_path / "backups")
    assert {p.name for p in folder.iterdir()} >= {"manifest.json", "files.tar"}

    with app.app_context(), db.connection_context():  # what happens after the backup
        User.update(real_name="改过的名字").where(User.id == person.id).execute()
        Application.update(status="withdrawn").where(Application.id == application.id).execute()
        make_user("newcomer")
        for attachment in files:
            storage.current().delete(attachment.stored_name)

    code, output = _invoke(app, "restore", str(folder), "--yes")
    assert code == 0 and "已从" in output, output
    with app.app_context(), db.connection_context():
        assert User.get_by_id(person.id).real_name == person.real_name
        assert Application.get_by_id(application.id).status == "pending"
        assert not User.select().where(User.username == "newcomer").exists()
        for attachment in files:
            with storage.current().open(attachment.stored_name) as kept:
                assert kept.read() == JPEG


def test_restore_asks_first_and_refuses_what_is_not_a_backup(app, tmp_path):
    folder = _backup(app, tmp_path / "backups")
    code, output = _invoke(app, "restore", str(folder))  # no --yes, no answer: nothing happens
    assert code != 0 and "已从" not in output
    (tmp_path / "empty").mkdir()
    code, output = _invoke(app, "restore", str(tmp_path / "empty"), "--yes")
    assert code == 1 and "不是完整的备份" in output


def test_a_sqlite_backup_is_consistent_while_the_app_keeps_writing(tmp_path):
    """Writers commit two rows at a time during the backup: the copy holds whole transactions only."""
    path = tmp_path / "live.sqlite3"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "UPLOAD_DIR": str(tmp_path / "up")})
    with app.app_context():
        create_tables()
        db.execute_sql("CREATE TABLE pairs (n INTEGER)")
        db.execute_sql("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) "
                       "INSERT INTO pairs SELECT n FROM c")
        db.close()
    stop = threading.Event()
    written = []

    def write_pairs():
        writer = sqlite3.connect(path, timeout=30)
        while not stop.is_set():
            with writer:
                writer.execute("INSERT INTO pairs VALUES (-1)")
                writer.execute("INSERT INTO pairs VALUES (-2)")
            written.append(1)
        writer.close()

    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        folder = _backup(app, tmp_path / "backups")
    finally:
        stop.set()
        thread.join()
    copy = sqlite3.connect(folder / "database.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    singles, doubles = (copy.execute("SELECT COUNT(*) FROM pairs WHERE n = ?", (n,)).fetchone()[0] for n in (-1, -2))
    assert singles == doubles and len(written) > 0
    assert copy.execute("SELECT COUNT(*) FROM pairs WHERE n > 0").fetchone() == (200000,)
