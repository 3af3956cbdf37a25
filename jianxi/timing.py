"""How long the app took to answer, in a Server-Timing header: browsers' developer tools show it,
and the benchmark reads it to measure a query's service time apart from the network and queueing."""
import time

from flask import Flask, g


def init_app(app: Flask) -> None:
    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _stop(response):
        started = g.pop("started", None)
        if started is not None:
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
