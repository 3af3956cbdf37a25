"""After the durability run, with the traffic stopped: is everything the app acknowledged in the
database, does the database still hold its constraints and the app's invariants, and is every
attachment's object whole?

Each check returns plain data (counts and a few examples) for the report; a "problem" is
anything that should never happen, whatever was killed when.
"""
import concurrent.futures
import hashlib
from pathlib import Path

import psycopg2
from psycopg2 import sql

EXAMPLES = 5  # problems shown per check
ACTIVE = ("pending", "approved")
REQUIRED = {"graduate": {"id_front", "id_back", "diploma"}, "youth": {"id_front", "id_back", "employment_card"}}
TRANSITIONS = {"withdraw": "withdrawn", "approve": "approved", "reject": "rejected"}


def connect(url: str):
    connection = psycopg2.connect(url)
    connection.autocommit = True  # REINDEX and CREATE EXTENSION each run on their own
    return connection


def rows(cursor, query, params=None) -> list[tuple]:
    cursor.execute(query, params)
    return cursor.fetchall()


def baseline(url: str) -> dict:
    """Where the seeded data ends: later rows were made by the run; the demo's 未审核
    applications may be decided during it."""
    with connect(url) as connection, connection.cursor() as cursor:
        tops = {table: rows(cursor, f'SELECT coalesce(max(id), 0) FROM "{table}"')[0][0]
                for table in ("user", "application", "attachment", "audit_log")}
        pending = {i for (i,) in rows(cursor, "SELECT id FROM application WHERE status = 'pending'")}
    connection.close()
    return {"max_id": tops, "pending": pending}


# --- acknowledged writes -------------------------------------------------------------------

def acknowledged(cursor, acked: list[dict], unacked: list[dict]) -> dict:
    """{write kind: {"acked", "lost" (descriptions), "dropped", "committed" (of the dropped)}}."""
    by_kind = {}
    for entry in acked:
        by_kind.setdefault(entry["write"], []).append(entry)
    results = {}
    for kind, check in (("register", _registrations), ("upload", _uploads), ("submit", _submissions),
                        ("withdraw", _transitions), ("decision", _transitions)):
        entries = by_kind.get(kind, [])
        dropped = [e for e in unacked if e["write"] == kind]
        # A resent upload or 提交 that was then answered: whether the first try had committed
        # cannot be told apart from the resend's own doing, so it is counted on its own.
        answered = {_identity(e) for e in entries}
        resent = [e for e in dropped if _identity(e) in answered]
        lost = check(cursor, entries) if entries else []
        results[kind] = {"acked": len(entries), "lost": lost, "dropped": len(dropped), "resent": len(resent),
                         "committed": sum(_committed(cursor, e) for e in dropped if e not in resent)}
    results["twice"] = _acknowledged_twice(acked)
    return results


def _identity(e: dict):
    """What a write and its resends have in common: the bytes of an upload, the submission key."""
    return e.get("key") or e.get("sha256") or id(e)


def _users(cursor, usernames) -> dict:
    return {name: (id_number, role) for name, id_number, role in rows(
        cursor, 'SELECT username, id_number, role FROM "user" WHERE username = ANY(%s)', (list(usernames),))}


def _registrations(cursor, entries) -> list[str]:
    found = _users(cursor, {e["username"] for e in entries})
    return [f"registration of {e['username']}: " + ("no user row" if e["username"] not in found else
                                                     f"row is {found[e['username']]}")
            for e in entries if found.get(e["username"]) != (e["id_number"], "applicant")]


def _uploads(cursor, entries) -> list[str]:
    found = {i: rest for i, *rest in rows(cursor, """
        SELECT a.id, u.username, a.kind, a.size, a.sha256, a.removed FROM attachment a
        JOIN "user" u ON u.id = a.owner_id WHERE a.id = ANY(%s)""", ([e["id"] for e in entries],))}
    lost = []
    for e in entries:
        expected = [e["username"], e["kind"], e["size"], e["sha256"], False]
        if found.get(e["id"]) != expected:
            lost.append(f"upload {e['id']} ({e['username']}, {e['kind']}, {e['size']} bytes): "
                        + ("no attachment row" if e["id"] not in found else f"row is {found[e['id']]}"))
    return lost


def _submissions(cursor, entries) -> list[str]:
    found = {ref: rest for ref, *rest in rows(cursor, """
        SELECT ap.reference, ap.id, ap.submission_key, u.username FROM application ap
        JOIN "user" u ON u.id = ap.user_id WHERE ap.reference = ANY(%s)""", ([e["reference"] for e in entries],))}
    linked = {}
    for application_id, attachment_id, kind, size, digest in rows(cursor, """
            SELECT aa.application_id, at.id, at.kind, at.size, at.sha256 FROM application_attachment aa
            JOIN attachment at ON at.id = aa.attachment_id WHERE aa.application_id = ANY(%s)""",
                                                                  ([f[0] for f in found.values()],)):
        linked.setdefault(application_id, {})[kind] = (attachment_id, size, digest)
    lost = []
    for e in entries:
        what = f"submission {e['reference']} ({e['username']})"
        if e["reference"] not in found:
            lost.append(f"{what}: no application row")
            continue
        application_id, key, username = found[e["reference"]]
        if (key, username) != (e["key"], e["username"]):
            lost.append(f"{what}: row has key {key}, user {username}")
            continue
        files = linked.get(application_id, {})
        for kind, f in e["files"].items():
            got = files.get(kind)
            if got is None or got[1:] != (f["size"], f["sha256"]) or (f["id"] and got[0] != f["id"]):
                lost.append(f"{what}: attachment {kind} expected {f}, linked {got}")
        if set(files) - set(e["files"]):
            lost.append(f"{what}: attachments linked that were not sent: {sorted(set(files) - set(e['files']))}")
    return lost


def _transitions(cursor, entries) -> list[str]:
    """撤回 and decisions: the application is in the state the 303 announced, by that person."""
    found = {i: rest for i, *rest in rows(cursor, """
        SELECT ap.id, ap.status, u.username, r.username, ap.withdrawn_at IS NOT NULL FROM application ap
        JOIN "user" u ON u.id = ap.user_id LEFT JOIN "user" r ON r.id = ap.reviewed_by_id
        WHERE ap.id = ANY(%s)""", ([e["application"] for e in entries],))}
    lost = []
    for e in entries:
        row = found.get(e["application"])
        if e["write"] == "withdraw":
            good = row is not None and row[0] == "withdrawn" and row[1] == e["username"] and row[3]
        else:
            good = row is not None and row[0] == e["outcome"] and row[2] == e["reviewer"]
        if not good:
            lost.append(f"{e['write']} of application {e['application']} ({e.get('outcome', 'withdrawn')}): "
                        f"row is {row}")
    return lost


def _acknowledged_twice(acked: list[dict]) -> list[str]:
    """Two 303s changing one application (撤回 and a decision, or two decisions): the conditional
    UPDATEs must let only one of them happen."""
    seen = {}
    for e in acked:
        if e["write"] in ("withdraw", "decision"):
            seen.setdefault(e["application"], []).append(e.get("outcome", "withdrawn"))
    return [f"application {i}: acknowledged {outcomes}" for i, outcomes in seen.items() if len(outcomes) > 1]


def _committed(cursor, e: dict) -> bool:
    """Whether a write whose connection dropped happened anyway (it may; it need not)."""
    if e["write"] == "register":
        query, params = 'SELECT 1 FROM "user" WHERE username = %s', (e["username"],)
    elif e["write"] == "upload":
        query = 'SELECT 1 FROM attachment a JOIN "user" u ON u.id = a.owner_id WHERE u.username = %s AND a.sha256 = %s'
        params = (e["username"], e["sha256"])
    elif e["write"] == "submit":
        query, params = "SELECT 1 FROM application WHERE submission_key = %s", (e["key"],)
    elif e["write"] == "withdraw":
        query, params = "SELECT 1 FROM application WHERE id = %s AND status = 'withdrawn'", (e["application"],)
    else:
        query = """SELECT 1 FROM application ap JOIN "user" r ON r.id = ap.reviewed_by_id
                   WHERE ap.id = %s AND ap.status = %s AND r.username = %s"""
        params = (e["application"], e["outcome"], e["reviewer"])
    return bool(rows(cursor, query, params))


# --- the app's invariants ------------------------------------------------------------------

INVARIANTS = {
    "one 未审核-or-审核通过 application per person": """
        SELECT user_id FROM application WHERE status IN ('pending', 'approved') GROUP BY user_id HAVING count(*) > 1""",
    "at most 3 favorites per person": "SELECT user_id FROM favorite GROUP BY user_id HAVING count(*) > 3",
    "usernames unique whatever the letter case": 'SELECT lower(username) FROM "user" GROUP BY 1 HAVING count(*) > 1',
    "ID numbers unique": 'SELECT id_number FROM "user" WHERE id_number IS NOT NULL GROUP BY 1 HAVING count(*) > 1',
    "申报编号 unique": "SELECT reference FROM application GROUP BY 1 HAVING count(*) > 1",
    "submission keys unique": "SELECT submission_key FROM application GROUP BY 1 HAVING count(*) > 1",
    "stored file names unique": "SELECT stored_name FROM attachment GROUP BY 1 HAVING count(*) > 1",
    "applications only by applicants": """
        SELECT ap.id FROM application ap JOIN "user" u ON u.id = ap.user_id WHERE u.role <> 'applicant'""",
    "an application's attachments are its applicant's": """
        SELECT ap.id FROM application_attachment aa JOIN application ap ON ap.id = aa.application_id
        JOIN attachment at ON at.id = aa.attachment_id WHERE at.owner_id <> ap.user_id""",
    "未审核: not reviewed, not withdrawn": """
        SELECT id FROM application WHERE status = 'pending'
        AND (reviewed_at IS NOT NULL OR reviewed_by_id IS NOT NULL OR withdrawn_at IS NOT NULL)""",
    "已撤回: withdrawn_at set, not reviewed": """
        SELECT id FROM application WHERE status = 'withdrawn' AND (withdrawn_at IS NULL OR reviewed_by_id IS NOT NULL)""",
    "审核通过/不通过: reviewed at, by someone, not withdrawn": """
        SELECT id FROM application WHERE status IN ('approved', 'rejected')
        AND (reviewed_at IS NULL OR reviewed_by_id IS NULL OR withdrawn_at IS NOT NULL)""",
    "审核不通过 names its grounds": "SELECT id FROM application WHERE status = 'rejected' AND grounds = ''",
    "decided by a reviewer of its own office": """
        SELECT ap.id FROM application ap JOIN "user" r ON r.id = ap.reviewed_by_id
        WHERE r.role <> 'reviewer' OR r.jurisdiction_id IS DISTINCT FROM ap.jurisdiction_id""",
}


def invariants(cursor, base: dict) -> dict[str, list]:
    """{check: offending keys} for the promises the app makes, plus each application's required
    attachments and the audit trail of what the run did."""
    found = {name: [row[0] for row in rows(cursor, query)] for name, query in INVARIANTS.items()}
    found["each application has its 人员类别's required attachments"] = _missing_required(cursor)
    found["audit: one 提交 row per application made in the run"] = [i for (i,) in rows(cursor, """
        SELECT ap.id FROM application ap LEFT JOIN audit_log l
          ON l.object_type = 'application' AND l.object_id = ap.id AND l.action = 'submit'
        WHERE ap.id > %s GROUP BY ap.id HAVING count(l.id) <> 1""", (base["max_id"]["application"],))]
    found["audit: each change of state in the run has its one row, and no more"] = _audited_transitions(cursor, base)
    return found


def _missing_required(cursor) -> list[int]:
    kinds = {}
    for application_id, category, kind in rows(cursor, """
            SELECT ap.id, ap.category, at.kind FROM application ap
            LEFT JOIN application_attachment aa ON aa.application_id = ap.id
            LEFT JOIN attachment at ON at.id = aa.attachment_id"""):
        kinds.setdefault((application_id, category), set()).add(kind)
    return [i for (i, category), got in kinds.items() if not REQUIRED.get(category, set()) <= got]


def _audited_transitions(cursor, base: dict) -> list[str]:
    """The applications the run could change (made in it, or 未审核 when it began): as many
    audit rows of 撤回/审核 since the start as changes of state, matching the state."""
    watched = rows(cursor, "SELECT id, status FROM application WHERE id > %s OR id = ANY(%s)",
                   (base["max_id"]["application"], sorted(base["pending"])))
    actions = {}
    for object_id, action in rows(cursor, """
            SELECT object_id, action FROM audit_log WHERE object_type = 'application'
            AND action IN ('withdraw', 'approve', 'reject') AND id > %s""", (base["max_id"]["audit_log"],)):
        actions.setdefault(object_id, []).append(action)
    wrong = []
    for application_id, status in watched:
        expected = [] if status == "pending" else [a for a, s in TRANSITIONS.items() if s == status]
        if sorted(actions.get(application_id, [])) != expected:
            wrong.append(f"{application_id} ({status}): {actions.get(application_id, [])}")
    return wrong


def unasked_changes(cursor, base: dict, acked: list[dict], unacked: list[dict]) -> list[str]:
    """Applications of the run in a state no request (answered or dropped) asked for."""
    asked = {(e["application"], e.get("outcome", "withdrawn"))
             for e in acked + unacked if e["write"] in ("withdraw", "decision")}
    return [f"application {i} is {status}" for i, status in rows(cursor, """
        SELECT id, status FROM application WHERE status <> 'pending' AND (id > %s OR id = ANY(%s))""",
                                                                     (base["max_id"]["application"], sorted(base["pending"])))
            if (i, status) not in asked]


# --- PostgreSQL's own constraints ----------------------------------------------------------

def constraints(cursor) -> dict[str, list[str]]:
    """Every constraint evaluated again over the data as it is now, and every index rebuilt and
    checked: a foreign key, CHECK or NOT NULL broken, or a unique index that no longer holds
    (REINDEX refuses duplicates), shows up here whatever the app believes."""
    return {
        "foreign keys": _foreign_keys(cursor),
        "CHECK constraints": _checks(cursor),
        "NOT NULL columns": _not_nulls(cursor),
        "unique indexes (REINDEX)": _reindex(cursor),
        "B-tree indexes match their tables (amcheck)": _amcheck(cursor),
    }


def _foreign_keys(cursor) -> list[str]:
    broken = []
    for name, child, parent, columns, referenced in rows(cursor, """
            SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text,
              array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
              array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
            FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"""):
        matches = sql.SQL(" AND ").join(sql.SQL("p.{} = c.{}").format(sql.Identifier(r), sql.Identifier(col))
                                        for col, r in zip(columns, referenced))
        present = sql.SQL(" AND ").join(sql.SQL("c.{} IS NOT NULL").format(sql.Identifier(col)) for col in columns)
        query = sql.SQL("SELECT count(*) FROM {} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})").format(
            sql.SQL(child), present, sql.SQL(parent), matches)
        count = rows(cursor, query)[0][0]
        if count:
            broken.append(f"{name}: {count} rows of {child} point nowhere")
    return broken


def _checks(cursor) -> list[str]:
    broken = []
    for name, table, definition in rows(cursor, """
            SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'c' AND connamespace = 'public'::regnamespace"""):
        condition = definition.removeprefix("CHECK ").removesuffix(" NOT VALID")
        count = rows(cursor, sql.SQL("SELECT count(*) FROM {} WHERE NOT {}").format(sql.SQL(table), sql.SQL(condition)))[0][0]
        if count:
            broken.append(f"{name} on {table}: {count} rows fail {condition}")
    return broken


def _not_nulls(cursor) -> list[str]:
    broken = []
    for table, column in rows(cursor, """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND c.is_nullable = 'NO' AND t.table_type = 'BASE TABLE'"""):
        query = sql.SQL("SELECT count(*) FROM {} WHERE {} IS NULL").format(sql.Identifier(table), sql.Identifier(column))
        if rows(cursor, query)[0][0]:
            broken.append(f"{table}.{column} holds NULL")
    return broken


def _reindex(cursor) -> list[str]:
    broken = []
    for (table,) in rows(cursor, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"):
        try:
            cursor.execute(sql.SQL("REINDEX TABLE {}").format(sql.Identifier(table)))
        except psycopg2.Error as error:
            broken.append(f"{table}: {error.pgerror or error}".strip())
    return broken


def _amcheck(cursor) -> list[str]:
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
    except psycopg2.Error as error:
        return [f"(not checked: amcheck unavailable: {str(error).strip()})"]
    broken = []
    for (index,) in rows(cursor, """
            SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"""):
        try:
            cursor.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
        except psycopg2.Error as error:
            broken.append(f"{index}: {str(error).strip()}")
    return broken


# --- objects -------------------------------------------------------------------------------

def objects(cursor, storage_url: str, spools: list[Path], sent_hashes: set) -> dict:
    """Every attachment row's object is in the bucket with exactly the recorded size and
    sha256. An object no row records is a whole file a worker kept but never recorded (killed
    between the two; `flask clean-uploads` removes it once an hour old) when its bytes are a
    file the clients sent, else a half-written object. `.part` files in a server's spool are
    uploads cut off while arriving (clean-uploads removes them after an hour)."""
    from jianxi.ops.storage import S3Storage

    storage = S3Storage(storage_url, str(spools[0]))
    listed = {}
    for page in storage.client.get_paginator("list_objects_v2").paginate(Bucket=storage.bucket):
        for item in page.get("Contents", []):
            listed[item["Key"]] = item["Size"]
    recorded = {name: (i, size, digest) for i, name, size, digest in rows(
        cursor, "SELECT id, stored_name, size, sha256 FROM attachment")}

    def digest_of(name):
        body = storage.client.get_object(Bucket=storage.bucket, Key=name)["Body"]
        digest = hashlib.sha256()
        while chunk := body.read(1 << 20):
            digest.update(chunk)
        return name, digest.hexdigest()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        digests = dict(pool.map(digest_of, listed))
    missing = [f"attachment {i}: object {name} missing" for name, (i, _, _) in recorded.items() if name not in listed]
    differ = [f"attachment {i}: object {name} has {listed[name]} bytes, sha256 {digests[name][:12]}…; "
              f"row says {size} bytes, {digest[:12]}…"
              for name, (i, size, digest) in recorded.items()
              if name in listed and (listed[name] != size or digests[name] != digest)]
    unrecorded = [name for name in listed if name not in recorded]
    whole = [name for name in unrecorded if digests[name] in sent_hashes]
    half = [f"object {name} ({listed[name]} bytes) is no file any client sent" for name in unrecorded
            if name not in whole]
    parts = [str(part) for spool in spools for part in spool.glob(".*.part")]
    return {"rows": len(recorded), "objects": len(listed), "bytes": sum(listed.values()),
            "missing": missing, "differ": differ, "half": half, "unrecorded whole": whole, "parts": parts}
