"""The first screen's CSS, inlined in every page's head so its text paints with the HTML (issue 25).

static/css/critical.css holds what the first screen of every public page (and the signed-in pages'
tabs) needs, mobile first; static/css/site.css, linked at the end of the body, has the rest. A
rule in critical.css cannot override one in site.css, which comes later. Every byte here is sent
with every page, uncached: keep it to the first screen.

critical.css is read once at start-up and its comments and spare whitespace are left out (a
quarter of its compressed bytes, ≈ 0.5 KB a page). Pages put that text between <style> and
</style>, and the Content-Security-Policy (web/headers.py) allows exactly that text by its sha256,
with no 'unsafe-inline'; edit the file and both follow at the next start.
"""
import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

FILENAME = "css/critical.css"


@dataclass(frozen=True)
class InlineStyle:
    text: Markup  # safe as it stands: escaping would change the CSS (and its hash)
    csp_source: str  # "'sha256-…'", for style-src


def compact(css: str) -> str:
    """The same rules without comments and without the spaces that separate nothing. Spaces that do
    (descendant selectors, `margin: 0 auto`, font names) stay, and so would any inside a string
    except after a comma or a `{name:`: critical.css has none such."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r" ?([{};]) ?", r"\1", css).replace(";}", "}")
    css = re.sub(r"([{;])(-*[a-z][-a-z]*): ", r"\1\2:", css)  # a declaration's `name: value`
    return css.replace(", ", ",").strip()


def read(path: Path) -> InlineStyle:
    css = compact(path.read_text(encoding="utf-8"))
    if "</" in css:
        # In a <style> element "</style" ends it early; the rest would be page text.
        raise ValueError(f"{path} must not contain '</'")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return InlineStyle(Markup(css), f"'sha256-{digest}'")


def init_app(app) -> None:
    style = read(Path(app.root_path).parent / "static" / FILENAME)
    app.extensions["critical_css"] = style
    app.jinja_env.globals["critical_css"] = style.text


def of(app) -> InlineStyle:
    return app.extensions["critical_css"]
