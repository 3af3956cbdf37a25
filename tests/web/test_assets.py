"""Static files and compression: what a phone on weak data downloads, and how often."""
import re
from pathlib import Path

from tests.support import text

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_html_is_compressed_brotli_or_gzip(client, many):
    br = client.get("/positions/", headers={"Accept-Encoding": "gzip, deflate, br"})
    gz = client.get("/positions/", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/positions/")
    assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
    assert len(br.data) < len(plain.data) / 3
    assert "Accept-Encoding" in br.headers["Vary"]


def test_static_files_fingerprinted_and_cached_for_a_year(client, many):
    body = text(client.get("/positions/"))
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', body)
    assert any(u.endswith(".css") for u in urls) and any("htmx-2.0.11" in u for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{10}\.\w+$", url)
        r = client.get(url, headers={"Accept-Encoding": "br"})
        assert r.status_code == 200
        assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert '<script src="/static/vendor/htmx-2.0.11.' in body and '" defer></script>' in body


def test_static_stale_or_unfingerprinted_name_is_404(client):
    assert client.get("/static/css/site.css").status_code == 404
    assert client.get("/static/css/site.0000000000.css").status_code == 404
    assert client.get("/static/../jianxi/config.py").status_code == 404


def test_htmx_is_configured_without_inline_styles_or_eval(client, many):
    body = text(client.get("/positions/"))
    assert '"includeIndicatorStyles":false' in body and '"allowEval":false' in body
    # The one <style> is the first screen's CSS, which the CSP allows by its hash (test_first_paint.py).
    assert body.count("<style") == 1 and " style=" not in body
    assert re.search(r"<script(?![^>]*\bsrc=)", body) is None


def served(client, body: str, name: str) -> str:
    (url,) = re.findall(rf'"(/static/{name}\.[0-9a-f]{{10}}\.\w+)"', body)
    return client.get(url).get_data(as_text=True)


def test_own_scripts_and_styles_are_served_without_their_comments(client, auth):
    """Every line of code as written (less its indentation), in order; the comments (half of app.js's
    compressed bytes) stay home."""
    auth.login()
    body = text(client.get("/apply/"))
    for name, path in (("js/app", STATIC / "js" / "app.js"), ("css/site", STATIC / "css" / "site.css")):
        source = path.read_text(encoding="utf-8")
        sent = served(client, body, name)
        code = [re.sub(r"(?<=[;{])\s+//.*", "", line.strip())
                for line in re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL).splitlines()
                if line.strip() and not line.strip().startswith("//")]
        assert [line.strip() for line in sent.splitlines() if line.strip()] == code, name
        assert "/*" not in sent and " //" not in sent and len(sent) < len(source)
    htmx = served(client, text(client.get("/")), "vendor/htmx-2.0.11.min")
    assert htmx == (STATIC / "vendor" / "htmx-2.0.11.min.js").read_text(encoding="utf-8")
