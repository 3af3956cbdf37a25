"""Run actions at the same moment on separate threads and connections, as simultaneous requests would."""
import threading

from jianxi.db import db

# PostgreSQL's pool holds 8 connections per process (jianxi.db), and the test holds one itself.
MAX_TOGETHER = 7


def run_together(app, *actions, pool: int | None = None):
    """Start the actions at once, each on its own connection; return what each returned or raised.
    More than MAX_TOGETHER need `pool`: the pool's size for the burst (a PostgreSQL server allows
    100 connections by default)."""
    if pool is not None:
        return _with_pool(app, pool, actions)
    assert len(actions) <= max(MAX_TOGETHER, db.obj._max_connections - 1), "more than the connection pool holds"
    barrier = threading.Barrier(len(actions), timeout=30)
    results = [None] * len(actions)

    def worker(i, action):
        started = False
        try:
            with app.app_context(), db.connection_context():
                barrier.wait()
                started = True
                results[i] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what is compared
            if not started:  # a thread that cannot start must not leave the others waiting; one that
                barrier.abort()  # failed after the start must not break the others on their way out
            results[i] = error

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _with_pool(app, size: int, actions):
    """run_together with the pool grown to `size` connections for the burst, then shrunk back."""
    before = db.obj._max_connections
    db.obj._max_connections = size
    try:
        return run_together(app, *actions)
    finally:
        db.obj._max_connections = before
