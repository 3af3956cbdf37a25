"""Headers responses carry (web/headers.py): a Content-Security-Policy without inline scripts or eval,
nosniff, same-origin referrers and no framing on pages, errors and posts alike; a static file carries
nosniff and its caching headers, and nothing that only means something for a document."""
import pytest

URLS = ["/", "/positions/", "/positions/counties?city=140100", "/login", "/register", "/nowhere", "/me/"]


@pytest.mark.parametrize("url", URLS)
def test_security_headers_on_every_response(client, dbc, url):
    r = client.get(url)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_security_headers_on_a_post_and_an_unknown_static_file(client, dbc):
    for r in (client.post("/login", data={}), client.get("/static/css/site.0123456789.css")):
        assert r.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in r.headers
        assert r.headers["X-Frame-Options"] == "DENY"


def test_static_file_carries_nosniff_and_caching_but_no_document_headers(client, auth):
    """Each of a first visit's files would bring them again; a signed-in visit's cookie too."""
    auth.login()
    body = client.get("/apply/").get_data(as_text=True)
    css = body.split('rel="stylesheet" href="')[1].split('"')[0]
    r = client.get(css, headers={"Accept-Encoding": "br"})
    assert r.status_code == 200
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable" and r.headers["ETag"]
    assert r.headers["Vary"] == "Accept-Encoding"
    for document_only in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Server-Timing",
                          "X-Request-ID", "Set-Cookie"):
        assert document_only not in r.headers
    page = client.get("/apply/")
    assert "Content-Security-Policy" in page.headers and "Server-Timing" in page.headers
