"""Bulk import of 见习岗位 from CSV, for offices (an upload page) and operators (a command).

First a plan: every row checked by the same rules as the office form (services.rules), each bad
row listed by row number, column and a Chinese message, nothing written. Then, only when the plan
has no errors, the whole file in one transaction: all rows or none.

A row is keyed by (见习单位统一社会信用代码, 岗位编号): importing the same file again updates
those positions instead of adding them twice.
"""
import csv
import datetime
import io
import secrets
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from ..db import db
from ..models import POSITION_OPEN, AuditLog, Employer, ImportDraft, Position
from ..reference import regions
from ..search import catalog
from ..search.keywords import index_text
from . import access, credit_code, positions
from .audit import changes
from .errors import Conflict, UnreadableFile
from .rules import POSITION_LABELS, parse_position, parse_reference

COLUMNS = {
    "credit_code": "见习单位统一社会信用代码",
    "external_ref": "岗位编号",
    "title": "岗位名称",
    "address": "工作地址",
    "openings": "招收人数",
    "education": "学历要求",
    "major": "专业要求",
    "duration_months": "见习期限（月）",
    "monthly_subsidy": "月补贴（元）",
    "duties": "岗位职责",
    "contact": "联系方式",
    "deadline": "有效期至",
}
EXAMPLE = {
    "credit_code": "91140100MA0K1234X9", "external_ref": "XD-2027-001", "title": "会计助理",
    "address": "太原市小店区长风街1号", "openings": "2", "education": "本科", "major": "会计学、财务管理",
    "duration_months": "6", "monthly_subsidy": "2000", "duties": "协助整理凭证和报表，完成带教老师安排的工作。",
    "contact": "王老师 0351-1234567", "deadline": "2027-06-30",
}
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
CHUNK = 500


@dataclass(frozen=True)
class Problem:
    line: int  # the row's line in the file (the header is line 1)
    column: str
    message: str
    value: str = ""  # what the row gave in that column, shown beside the message


@dataclass(frozen=True)
class Change:
    """One row of the dry run's preview: what 确认导入 would do to which position."""

    line: int
    external_ref: str
    title: str
    created: bool
    changes: str = ""  # for an update: '招收人数：2 → 9；…'


@dataclass
class Plan:
    creates: list = field(default_factory=list)  # (employer, external_ref, PositionData)
    updates: list = field(default_factory=list)  # (Position, PositionData)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    preview: list[Change] = field(default_factory=list)  # creates and updates, in the file's order

    @property
    def ready(self) -> bool:
        return not self.problems and bool(self.creates or self.updates)


def template() -> str:
    """The downloadable template: the Chinese headers and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS.values())
    writer.writerow(EXAMPLE[key] for key in COLUMNS)
    return "\ufeff" + out.getvalue()


def read(data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV in UTF-8 (with or without BOM) or GB18030 (Excel's default in China)."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"文件超过{MAX_BYTES // 1024 // 1024}MB，请分成几个文件导入")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile("无法识别文件的编码，请在Excel中另存为“CSV UTF-8”格式")
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip() for cell in next(reader, [])]
    missing = [label for label in COLUMNS.values() if label not in header]
    if missing:
        raise UnreadableFile("缺少这些列：" + "、".join(missing) + "。请下载模板，按模板的列填写")
    positions = {key: header.index(label) for key, label in COLUMNS.items()}
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append({key: (cells[i] if i < len(cells) else "") for key, i in positions.items()})
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(f"文件超过{MAX_ROWS}行，请分成几个文件导入")
    if not rows:
        raise UnreadableFile("文件里没有岗位数据")
    return rows


def plan(rows: list[dict[str, str]], today: datetime.date, user=None) -> Plan:
    """Check every row; `user` None is an operator (any jurisdiction), else an office (its own)."""
    employers = _employers({credit_code.normalize(row["credit_code"]) for row in rows})
    existing = _existing(employers.values(), {row["external_ref"].strip() for row in rows})
    result, seen = Plan(), {}
    for line, row in enumerate(rows, start=2):
        data, errors = parse_position(row, today)
        employer = employers.get(credit_code.normalize(row["credit_code"]))
        if employer is None:
            errors["credit_code"] = "没有这个统一社会信用代码的见习单位，请先登记见习单位"
        elif user is not None and not access.can_change(user, employer.region_id):
            errors["credit_code"] = "这个见习单位不归您的经办机构维护"
        ref, problem = parse_reference(row["external_ref"], required=True)
        if problem:
            errors["external_ref"] = problem
        elif employer and (employer.id, ref) in seen:
            errors["external_ref"] = f"岗位编号与第{seen[(employer.id, ref)]}行重复"
        if errors:
            result.problems += [Problem(line, COLUMNS[name], message, _shown(row.get(name)))
                                for name, message in errors.items()]
            continue
        seen[(employer.id, ref)] = line
        fewer = positions.below_placed(existing.get((employer.id, ref)), data.openings)
        if fewer:
            result.problems.append(Problem(line, COLUMNS["openings"], fewer, _shown(row.get("openings"))))
            continue
        _place(result, line, employer, ref, data, existing.get((employer.id, ref)))
    return result


SHOWN_VALUE = 40


def _shown(value: str | None) -> str:
    """A cell as the dry run quotes it beside its problem: trimmed, a long text cut short."""
    text = " ".join(str(value or "").split())
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE - 1] + "…"


def _place(result: Plan, line: int, employer: Employer, ref: str, data, position: Position | None) -> None:
    """A good row as a create, an update (with what changes) or unchanged."""
    if position is None:
        result.creates.append((employer, ref, data))
        result.preview.append(Change(line, ref, data.title, created=True))
        return
    before = {name: getattr(position, name) for name in POSITION_LABELS}
    if before == asdict(data):
        result.unchanged += 1
        return
    result.updates.append((position, data))
    result.preview.append(Change(line, ref, data.title, created=False, changes=changes(before, asdict(data), POSITION_LABELS)))


def apply(plan_: Plan, now: datetime.datetime, user=None, progress: Callable[[int], None] = lambda n: None,
          draft: ImportDraft | None = None):
    """Write a plan without errors, all in one transaction; returns (created, updated). With the
    `draft` it came from, that draft is used up in the same transaction, so a second click of
    确认导入 finds it gone instead of importing the file twice."""
    assert not plan_.problems, "a plan with errors is never written"
    actor = getattr(user, "id", None)
    audit_rows = []
    with db.atomic():
        if draft is not None and not ImportDraft.delete().where(ImportDraft.id == draft.id).execute():
            raise Conflict("这个文件已经导入过了")
        for start in range(0, len(plan_.creates), CHUNK):
            batch = plan_.creates[start:start + CHUNK]
            Position.insert_many([
                {"employer": e.id, "region": e.region_id, "city": regions.city_of(e.region_id), "external_ref": ref,
                 "published_at": now, "updated_at": now, "status": POSITION_OPEN,
                 "search_text": index_text(data.title, e.name), **asdict(data)}
                for e, ref, data in batch
            ]).execute()
            progress(len(batch))
        created = _existing([e for e, _, _ in plan_.creates], {ref for _, ref, _ in plan_.creates})
        audit_rows += [_audit(actor, "create", p.id, now, f"批量导入：{p.title}") for p in created.values()]
        for position, data in plan_.updates:
            positions.update_keeping_placed(position, data.openings, updated_at=now,
                                            **{k: v for k, v in asdict(data).items() if k != "openings"})
            before = {name: getattr(position, name) for name in POSITION_LABELS}
            detail = "批量导入：" + changes(before, asdict(data), POSITION_LABELS)
            audit_rows.append(_audit(actor, "update", position.id, now, detail))
            progress(1)
        for start in range(0, len(plan_.updates), CHUNK):
            catalog.reindex(Position.id.in_([position.id for position, _ in plan_.updates[start:start + CHUNK]]))
        for start in range(0, len(audit_rows), CHUNK):
            AuditLog.insert_many(audit_rows[start:start + CHUNK]).execute()
    return len(plan_.creates), len(plan_.updates)


def _audit(actor, action: str, position_id: int, now: datetime.datetime, detail: str) -> dict:
    return {"actor": actor, "action": action, "object_type": "position", "object_id": position_id,
            "at": now, "detail": detail[:500]}


def _employers(codes: set[str]) -> dict[str, Employer]:
    found = {}
    codes = sorted(code for code in codes if code)
    for start in range(0, len(codes), CHUNK):
        for employer in Employer.select().where(Employer.credit_code.in_(codes[start:start + CHUNK])):
            found[employer.credit_code] = employer
    return found


def _existing(employers: Iterable[Employer], refs: set[str]) -> dict[tuple[int, str], Position]:
    """The positions already keyed by (employer, 岗位编号) among these."""
    ids = sorted({e.id for e in employers})
    refs = sorted(ref for ref in refs if ref)
    found = {}
    for start in range(0, len(refs), CHUNK):
        query = Position.select(Position, Employer).join(Employer).where(
            Position.employer.in_(ids) & Position.external_ref.in_(refs[start:start + CHUNK])
        )
        for position in query:
            found[(position.employer_id, position.external_ref)] = position
    return found


DRAFT_LIFETIME = datetime.timedelta(days=1)


def keep_draft(user, filename: str, data: bytes, now: datetime.datetime) -> str:
    """Keep an uploaded file until it is confirmed (or a day passes); returns its token."""
    token = secrets.token_hex(16)
    with db.atomic():
        ImportDraft.delete().where(ImportDraft.created_at < now - DRAFT_LIFETIME).execute()
        ImportDraft.create(user=user, token=token, filename=filename[:120], content=data, created_at=now)
    return token


def draft(user, token: str) -> ImportDraft | None:
    """The user's own kept upload; someone else's token finds nothing."""
    return ImportDraft.get_or_none((ImportDraft.token == token) & (ImportDraft.user == user))
