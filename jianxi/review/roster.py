"""花名册 under /review/roster/: the office's trainees by state (待备案, 已备案, 在岗), unit and month,
and the same roster as an .xlsx or a CSV file."""
from flask import request
from flask_login import current_user

from ..services import access, clock, money
from ..services import roster as service
from ..web import htmx
from ..web.error_pages import render_error
from ..web.formatting import month_choices
from ..web.spreadsheets import csv_download, xlsx_download
from .blueprint import bp

ROSTER_FRAGMENTS = {"roster": "roster"}


@bp.get("/roster/")
def roster():
    """The roster of the office's jurisdiction, 20 a page, earliest start first; htmx swaps the list."""
    today = clock.today()
    filters = service.parse_filters(current_user, request.args)
    result = service.page(current_user, filters, today)
    return htmx.render(
        "review/roster.html", ROSTER_FRAGMENTS, result=result, filters=result.filters, today=today,
        office=access.office_name(current_user), states=service.STATES, units=service.units(current_user),
        months=month_choices(service.months(current_user, result.filters.month)), yuan=money.yuan,
    )


@bp.get("/roster.xlsx")
def roster_xlsx():
    """The roster (every page) as an Excel workbook."""
    return _download("xlsx")


@bp.get("/roster.csv")
def roster_csv():
    """The roster (every page) as a CSV file in UTF-8 with a BOM."""
    return _download("csv")


def _download(extension: str):
    """A filter that cannot be used is refused, rather than a larger roster than asked for sent;
    exporting personal data is audited."""
    filters = service.parse_filters(current_user, request.args)
    if filters.problems:
        return render_error(400, f"无法下载花名册：{'；'.join(filters.problems)}。请回到花名册重新选择后再下载。")
    today = clock.today()
    service.record_export(current_user, filters, extension, clock.now())
    name, ascii_name = service.file_name(current_user, filters, today, extension)
    rows = service.rows(current_user, filters, today)
    if extension == "csv":
        return csv_download(name, service.HEADER, service.for_csv(rows), ascii_name=ascii_name)
    return xlsx_download(name, service.HEADER, rows, service.WIDTHS, service.LONG_NUMBERS, sheet="花名册",
                         ascii_name=ascii_name)
