"""The 见习证明 page and PDF, for its trainee (me/); /verify/<code> is the public's check of it."""
import io

from flask import render_template, send_file, url_for

from ..services import agreement_pdf, certificates


def _document(placement):
    return certificates.document(placement, url_for("verify.show", code=placement.certificate_code, _external=True))


def page(placement, back_url: str, pdf_url: str):
    return render_template("_partials/document_page.html", document=_document(placement), back_url=back_url,
                           pdf_url=pdf_url, pdf_label="下载见习证明（PDF）", back_label="返回我的见习")


def pdf(placement):
    body = agreement_pdf.render(_document(placement), seals=agreement_pdf.CERTIFICATE_SEAL)
    response = send_file(io.BytesIO(body), mimetype="application/pdf", as_attachment=True,
                         download_name=f"见习证明_{placement.certificate_code}.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
