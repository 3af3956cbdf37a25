"""Revalidation for HTML: browsers may keep a page but must ask again; a 304 costs a few bytes."""
from flask import Flask, request
from flask_login import current_user


def init_app(app: Flask) -> None:
    @app.after_request
    def _revalidate(response):
        if request.method != "GET" or response.status_code != 200 or response.mimetype != "text/html":
            return response
        if "Cache-Control" not in response.headers:
            # A signed-in person's pages must never sit in a shared cache.
            signed_in = current_user and current_user.is_authenticated
            response.headers["Cache-Control"] = "private, no-cache" if signed_in else "no-cache"
        response.add_etag()
        return response.make_conditional(request)
