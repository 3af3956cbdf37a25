"""gunicorn settings for one jianxi app server behind nginx: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.
Used by the systemd unit (deploy/jianxi@.service) and by deploy/run-local alike; the app's own
settings (DATABASE_URL, STORAGE_URL, SECRET_KEY …) come from the environment, see deploy/env.example."""
import os
from pathlib import Path

# The repository, so `wsgi:app` is found wherever gunicorn is started from.
chdir = str(Path(__file__).resolve().parent.parent)

# Loopback only: nginx is the one client, and the one address trusted for X-Forwarded-*.
bind = os.environ.get("JIANXI_BIND", "127.0.0.1:8000")
forwarded_allow_ips = "127.0.0.1"

# Sync workers: every request is short CPU and database work, and nginx buffers slow clients'
# request and response bodies, so a worker is never held by a phone on weak data.
worker_class = "sync"
workers = int(os.environ.get("JIANXI_WORKERS", 2 * (os.cpu_count() or 1) + 1))
# A request taking longer than this is stuck (a page answers in milliseconds, an upload arrives
# whole from nginx): the worker is killed and replaced. nginx's proxy_read_timeout is longer.
timeout = 30
# On SIGTERM or a HUP reload, requests under way get this long to finish (systemd waits longer).
graceful_timeout = 20
# Replace each worker after about a thousand requests, so slow growth in memory never adds up;
# the jitter keeps the workers from restarting all at once.
max_requests = 1000
max_requests_jitter = 100

# The app writes one line per request itself (jianxi/requestlog.py, with nginx's request id), on
# stderr like gunicorn's own messages: systemd's journal or run-local's log file keeps them.
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "jianxi-" + bind.rsplit(":", 1)[-1]

# gunicorn >= 25 opens a control socket at ~/.gunicorn/gunicorn.ctl: two servers on one machine
# would fight over that path, and the service user has no writable home.
control_socket_disable = True
