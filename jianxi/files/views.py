"""/files/<id>: an attachment, to its owner and the offices that may view its application;
everyone else gets 404 (not even 403, so ids reveal nothing)."""
from flask import Blueprint, abort, send_file
from flask_login import current_user

from ..auth.guards import unauthorized
from ..models import Attachment
from ..ops import storage
from ..services import access, attachments, clock, review

bp = Blueprint("files", __name__, url_prefix="/files")

# What a file opened in the browser may do: show itself and nothing else. No script may run in
# its document and nothing may frame it; the browser's own image page styles itself inline.
# `sandbox` is left out: a browser's built-in PDF viewer may be a script or plugin it would stop.
ATTACHMENT_POLICY = "; ".join((
    "default-src 'none'",
    "img-src 'self'",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
))


@bp.get("/<id:attachment_id>")
def show(attachment_id: int):
    """The file as uploaded, under its original name, never sniffed into something else."""
    if not current_user.is_authenticated:
        return unauthorized()
    attachment = Attachment.get_or_none(Attachment.id == attachment_id)
    if attachment is None or not access.can_open_attachment(current_user, attachment):
        abort(404)
    try:
        body = storage.current().open(attachment.stored_name)  # streamed out in chunks by send_file
    except FileNotFoundError:
        abort(404)
    if attachment.owner_id != current_user.id:
        review.record_file_view(current_user, attachment, clock.now())
    response = send_file(
        body,
        mimetype=attachment.content_type,
        as_attachment=False,  # images and PDFs open in the browser's own viewer
        download_name=attachments.download_name(attachment),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = ATTACHMENT_POLICY
    return response
