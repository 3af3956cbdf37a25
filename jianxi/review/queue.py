"""审核工作台: the queue of the office's applications, its filters, and the spreadsheet export."""
from flask import request
from flask_login import current_user

from ..models import APPLICATION_STATUSES
from ..services import access, clock, review
from ..web import htmx
from ..web.formatting import month_choices
from ..web.spreadsheets import csv_download
from .blueprint import bp
from .decisions import decided_notice

QUEUE_FRAGMENTS = {"queue": "queue"}


@bp.get("/")
def index():
    """未审核 first, oldest first, 20 a page; htmx swaps the list and the URL keeps the filters."""
    filters = review.parse_filters(current_user, request.args)
    result = review.queue(current_user, filters)
    return htmx.render(
        "review/index.html",
        QUEUE_FRAGMENTS,
        result=result,
        filters=result.filters,
        office=access.office_name(current_user),
        statuses=APPLICATION_STATUSES,
        months=month_choices(review.months(current_user)),
        counties=review.county_choices(current_user),
        today=clock.today(),
        waiting=review.waiting_label,
        decided=decided_notice(request.args.get("decided")),
    )


@bp.get("/export.csv")
def export():
    """The queue's applications (every page) as a spreadsheet; exporting personal data is audited."""
    filters = review.parse_filters(current_user, request.args)
    review.record_export(current_user, filters, clock.now())
    rows = review.export_rows(current_user, filters)
    return csv_download(f"applications-{clock.today():%Y%m%d}.csv", review.EXPORT_HEADER, rows)
