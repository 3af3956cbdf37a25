"""Jinja as every template here uses it: `do`, and the filters that format dates and phone numbers.
The names of the domain that templates may use are given by create_app."""
from flask import Flask

from .formatting import month_label, tel_links


def init_app(app: Flask, names: dict) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(names)
    app.jinja_env.filters["month_label"] = month_label
    app.jinja_env.filters["tel_links"] = tel_links
