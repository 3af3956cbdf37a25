"""The portal's menus as in the manual: 首页, 个人办事, 公共就业."""
from flask import Blueprint, render_template

bp = Blueprint("portal", __name__)


@bp.get("/")
def home():
    """Portal home: the two halls and the most used services."""
    return render_template("portal/home.html")


@bp.get("/personal/")
def personal():
    """个人办事 → 就业创业: the services that need signing in."""
    return render_template("portal/personal.html")


@bp.get("/public/")
def public():
    """公共就业 → 创业指导: services open to everyone."""
    return render_template("portal/public.html")
