"""The 见习协议 page and PDF, for the trainee (me/), the unit (unit/) and the office (review/): each
blueprint checks who may see the placement, then hands it here."""
import io

from flask import render_template, send_file

from ..services import agreement, agreement_pdf, placements, policies


def _document(placement):
    return agreement.document(placement, placements.facts_of(placement), policies.current(placement))


def page(placement, back_url: str, pdf_url: str):
    """The agreement as HTML: headings and lists a screen reader can walk, printable as it is."""
    return render_template("_partials/document_page.html", document=_document(placement), placement=placement,
                           back_url=back_url, pdf_url=pdf_url)


def pdf(placement):
    """The same content as a PDF (ReportLab, CJK text), downloaded to print and stamp: a browser's
    own PDF viewer would run under the site's strict Content-Security-Policy."""
    body = agreement_pdf.render(_document(placement))
    response = send_file(io.BytesIO(body), mimetype="application/pdf", as_attachment=True,
                         download_name=f"见习协议_{placement.id}.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
