"""Fingerprinted static files, compressed once at start-up and cached for a year.

`asset_url("css/site.css")` gives `/static/css/site.<hash>.css`; a new version of a file
gets a new name, so browsers may keep every name forever. Our own scripts and stylesheets are
served without their comments (a third of app.js's compressed bytes); vendor files as they are.
"""
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request

from .encodings import Encoded
from .headers import mark_static_file

bp = Blueprint("assets", __name__)

COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml"}
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)$")
ONE_YEAR = 31536000
# Comments no browser needs: in CSS all of them; in our scripts the opening block, whole-line `//`
# ones and those after a statement's `;` or a block's `{`, and the lines' indentation. None of our
# scripts has a template literal, a string across lines, or "; //" or "{ //" inside a string.
CSS_COMMENT = re.compile(rb"/\*.*?\*/", re.DOTALL)
SCRIPT_OPENING_COMMENT = re.compile(rb"\A\s*/\*.*?\*/[ \t]*\n", re.DOTALL)
SCRIPT_LINE_COMMENT = re.compile(rb"^[ \t]*//.*\n", re.MULTILINE)
SCRIPT_TRAILING_COMMENT = re.compile(rb"([;{])[ \t]+//[^\n]*$", re.MULTILINE)
INDENTATION = re.compile(rb"^[ \t]+", re.MULTILINE)


@dataclass(frozen=True)
class Asset:
    digest: str
    mimetype: str
    body: Encoded


def without_comments(name: str, data: bytes) -> bytes:
    if name.startswith("css/") and name.endswith(".css"):
        return CSS_COMMENT.sub(b"", data)
    if name.startswith("js/") and name.endswith(".js"):
        data = SCRIPT_LINE_COMMENT.sub(b"", SCRIPT_OPENING_COMMENT.sub(b"", data))
        return INDENTATION.sub(b"", SCRIPT_TRAILING_COMMENT.sub(rb"\1", data))
    return data


def _build(static_dir: Path) -> dict[str, Asset]:
    assets = {}
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        name = path.relative_to(static_dir).as_posix()
        data = without_comments(name, path.read_bytes())
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = Encoded.of(data, 11, 9) if mimetype in COMPRESSIBLE else Encoded(data)
        assets[name] = Asset(hashlib.sha256(data).hexdigest()[:10], mimetype, body)
    return assets


def init_app(app) -> None:
    app.extensions["assets"] = _build(Path(app.root_path).parent / "static")
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url


def asset_url(filename: str) -> str:
    asset = current_app.extensions["assets"][filename]
    stem, dot, suffix = filename.rpartition(".")
    return f"/static/{stem}.{asset.digest}.{suffix}"


@bp.get("/static/<path:fingerprinted>")
def static(fingerprinted: str):
    """Serve a fingerprinted file, in the best encoding the browser accepts."""
    match = FINGERPRINTED.match(fingerprinted)
    if not match:
        abort(404)
    name = match["stem"] + match["suffix"]
    asset = current_app.extensions["assets"].get(name)
    if asset is None or asset.digest != match["digest"]:
        abort(404)
    body, encoding = asset.body.pick(request.accept_encodings)
    response = Response(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.set_etag(asset.digest)
    mark_static_file()
    return response.make_conditional(request)
