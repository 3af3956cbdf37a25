"""Headers every response carries (web/headers.py): a Content-Security-Policy without inline scripts or
eval, nosniff and same-origin referrers, on pages, errors, static files and posts alike."""
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


def test_security_headers_on_static_and_post(client, dbc):
    body = client.get("/").get_data(as_text=True)
    css = body.split('rel="stylesheet" href="')[1].split('"')[0]
    for r in (client.get(css), client.post("/login", data={})):
        assert r.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in r.headers
