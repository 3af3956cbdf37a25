"""The baseline: the least a Flask app under the same gunicorn can do.

bench/run.py serves it with exactly the app's gunicorn settings, so the ratio
app/hello tells how much of the cost is the app (queries, templates, compression)
rather than gunicorn, Flask's request handling and wrk sharing the machine.
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
