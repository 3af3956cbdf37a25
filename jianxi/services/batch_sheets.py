"""A 公示批次 as spreadsheets (written by web.spreadsheets): the office's list of every line, names
in full for its own files, audited as any export of personal data; and the public's 补贴表 and
花名册, from services.batches.publicity, names masked, no ID number and no phone, as on the page.

Free text (names, units, reasons) never starts like a formula; amounts are in 元 with two
decimals (services.money.plain_yuan), counts are integers."""
import datetime
from collections.abc import Iterator

from ..db import in_chunks
from ..models import LINE_KINDS, LINE_STATES, Batch
from . import audit, batches
from .exports import cell
from .money import plain_yuan

# (header, column width in characters)
OFFICE_COLUMNS = (
    ("序号", 6), ("见习单位", 30), ("姓名", 10), ("补贴项目", 18), ("月份", 10), ("金额（元）", 12), ("状态", 10),
    ("计算依据", 60), ("退回或暂缓原因", 30),
)
SUBSIDY_COLUMNS = (
    ("单位", 30), ("人数", 8), ("人月数", 8), ("见习补贴（元）", 14), ("剩余期限补贴（元）", 18), ("保险补贴（元）", 14),
    ("合计（元）", 14), ("异议暂缓（元，不计入合计）", 24),
)
ROSTER_COLUMNS = (
    ("序号", 6), ("姓名", 10), ("见习单位", 30), ("见习期", 26), ("补贴月份", 26), ("金额（元）", 12), ("备注", 10),
)


def header(columns) -> tuple[str, ...]:
    return tuple(label for label, _ in columns)


def widths(columns) -> tuple[int, ...]:
    return tuple(width for _, width in columns)


def office_rows(batch: Batch) -> Iterator[tuple]:
    """Every line of the batch, grouped by unit as the office's page shows them."""
    for number, line in enumerate(in_chunks(batches.lines_query(batch)), 1):
        yield (
            number,
            cell(line.claim.employer.name),
            cell(line.placement.user.real_name),
            LINE_KINDS[line.kind],
            f"{line.month:%Y-%m}" if line.month else "",
            plain_yuan(line.amount_fen),
            LINE_STATES[line.state],
            cell(line.basis),
            cell(line.reason),
        )


def subsidy_rows(shown: batches.Publicity) -> Iterator[tuple]:
    """The 补贴表: a row per unit, then the totals."""
    for row in [*shown.units, shown.total]:
        yield (cell(row.unit), len(row.people), row.months, plain_yuan(row.month_fen), plain_yuan(row.remaining_fen),
               plain_yuan(row.insurance_fen), plain_yuan(row.total_fen), plain_yuan(row.held_fen))


def period_words(start: datetime.date, end: datetime.date) -> str:
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def roster_rows(shown: batches.Publicity) -> Iterator[tuple]:
    """The 花名册: a row per trainee, the name masked."""
    for number, person in enumerate(shown.people, 1):
        yield (number, cell(person.name), cell(person.unit), period_words(person.start, person.end),
               batches.months_words(person.months), plain_yuan(person.total_fen), "异议暂缓" if person.held else "")


def file_names(batch: Batch, what: str, extension: str) -> tuple[str, str]:
    """('公示_140105-2026-1_补贴表.xlsx', 'publicity-140105-2026-1-subsidies.xlsx'); `what` is
    subsidies, roster or lines. The second is for clients that take ASCII names only."""
    label = {"subsidies": "补贴表", "roster": "花名册", "lines": "明细"}[what]
    return f"公示_{batch.slug}_{label}.{extension}", f"publicity-{batch.slug}-{what}.{extension}"


def record_export(user, batch: Batch, extension: str, now: datetime.datetime) -> None:
    """The office's list names every trainee in full: personal data leaving the system is written down."""
    audit.record(user, "export", "batch", batch.id, now, f"{extension} {batch.title}")
