"""见习补贴公示, for anyone: every office's published batches, newest first, and each batch's window,
objection contact, 补贴表 (per unit) and 花名册 (per trainee, the name masked as 张*明; never an
ID number or a phone), as pages and as .xlsx and CSV files with the same content.

The pages are the same for every visitor, so shared caches may keep them, but must ask again each
time (`no-cache` with an ETag: a 304 costs a few bytes), so a payment or an objection shows at once."""
from flask import Blueprint, Response, request
from flask_login import current_user

from ..models import BATCH_STATUSES, PUBLICITY_DAYS, Batch
from ..services import batch_sheets, batches, clock, lists, money
from ..services.errors import NotFound
from ..web import htmx
from ..web.error_pages import render_error
from ..web.spreadsheets import XLSX, attachment, csv_lines, xlsx_bytes

bp = Blueprint("publicity", __name__, url_prefix="/publicity")

ORDER = (Batch.published_on.desc(), Batch.id.desc())
SHEETS = {"subsidies": (batch_sheets.SUBSIDY_COLUMNS, batch_sheets.subsidy_rows, "补贴表"),
          "roster": (batch_sheets.ROSTER_COLUMNS, batch_sheets.roster_rows, "花名册")}


def _public(response: Response) -> Response:
    """Anyone may keep the page, asking again before each use; a signed-in person's page (their
    name at the top) stays in their browser only."""
    response.headers["Cache-Control"] = "private, no-cache" if current_user.is_authenticated else "public, no-cache"
    response.vary.add("Cookie")
    return response


@bp.get("/")
def index():
    """Published batches of every office, newest first, 20 a page."""
    filters, found, total = lists.page_of(batches.published(), lists.Reader(request.args).filters(lists.Filters),
                                          *ORDER)
    return _public(htmx.render("publicity/index.html", result=lists.ListPage(filters, found, total),
                               shown={batch.id: batches.publicity(batch) for batch in found},
                               statuses=BATCH_STATUSES, days=PUBLICITY_DAYS, yuan=money.yuan, today=clock.today()))


def _batch(slug: str) -> Batch | Response:
    try:
        return batches.by_slug(slug)
    except NotFound:
        return render_error(404, f"没有找到编号为“{slug}”的补贴公示，请从公示列表进入。")


@bp.get("/<slug>")
def batch(slug: str):
    """One batch: the office, the window, the objection contact, the 补贴表 and the 花名册."""
    found = _batch(slug)
    if isinstance(found, Response):
        return found
    return _public(htmx.render("publicity/batch.html", shown=batches.publicity(found), batch=found,
                               statuses=BATCH_STATUSES, days=PUBLICITY_DAYS, yuan=money.yuan,
                               months_words=batches.months_words, period=batch_sheets.period_words,
                               today=clock.today()))


@bp.get("/<slug>/<any(subsidies, roster):sheet>.<any(xlsx, csv):extension>")
def download(slug: str, sheet: str, extension: str):
    """The 补贴表 or the 花名册 as a file, the same masked content as the page."""
    found = _batch(slug)
    if isinstance(found, Response):
        return found
    columns, rows, label = SHEETS[sheet]
    header, made = batch_sheets.header(columns), rows(batches.publicity(found))
    if extension == "csv":
        response = Response("".join(csv_lines(header, made)), mimetype="text/csv")
    else:
        response = Response(xlsx_bytes(header, list(made), batch_sheets.widths(columns), sheet=label), mimetype=XLSX)
    response.headers["Content-Disposition"] = attachment(*batch_sheets.file_names(found, sheet, extension))
    response = _public(response)
    response.add_etag()
    return response.make_conditional(request)
