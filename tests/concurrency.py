"""Run actions at the same moment on separate threads and connections, as simultaneous requests would."""
import threading

from jianxi.db import db

# PostgreSQL's pool holds 8 connections per process (jianxi.db), and the test holds one itself.
MAX_TOGETHER = 7


def run_together(app, *actions):
    """Start the actions at once, each on its own connection; return what each returned or raised."""
    assert len(actions) <= MAX_TOGETHER, "more than the connection pool holds"
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
