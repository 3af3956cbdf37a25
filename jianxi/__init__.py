"""山西就业见习服务 (jianxi): create_app puts the parts together; README's "Layout" says where each lives."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import account, admin, apply, auth, cli, config, db, files, health, inbox, me, portal, positions, publicity, review, robots, unit, units, verify
from .models import (
    APPLICATION_STATUSES,
    ASSESSMENTS,
    ATTACHMENT_KINDS,
    BATCH_STATUSES,
    CLAIM_STATUSES,
    CLOSE_REASONS,
    EDUCATION_LEVELS,
    ENDINGS,
    LEAVE_REASONS,
    LINE_KINDS,
    LINE_STATES,
    OFFER_STATUSES,
    POSITION_STATUSES,
    UNSUITABLE_REASONS,
)
from .ops import storage
from .reference import codes, regions
from .search import caches, fastpath, version_watch
from .services import access, applications, clock, money
from .services import positions as office_positions
from .services.errors import NotAllowed, NotFound
from .web import (
    assets,
    connections,
    critical_css,
    csrf,
    error_pages,
    headers,
    requestlog,
    revalidation,
    session_cookie,
    templating,
)
from .web.converters import IdConverter
from .web.extensions import compress

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = (portal.bp, positions.bp, auth.bp, me.bp, apply.bp, files.bp, review.bp, health.bp, units.bp, unit.bp,
              admin.bp, verify.bp, publicity.bp, account.bp, robots.bp)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=None,
    )
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    app.url_map.converters["id"] = IdConverter
    if test_config:
        app.config.update(test_config)
    clock.set_zone(app.config["TIMEZONE"])
    db.bind(app.config["DATABASE_URL"])

    if app.config["TRUST_PROXY_HEADERS"]:
        # Behind one reverse proxy: the client address for throttling comes from X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)

    requestlog.init_app(app)  # first, so its clock starts before the other hooks and stops after them
    connections.init_app(app)
    caches.init_app(app)
    storage.init_app(app)
    templating.init_app(app, template_names())
    assets.init_app(app)
    compress.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
    revalidation.init_app(app)
    critical_css.init_app(app)  # before headers: the CSP allows this inline style by its hash
    headers.init_app(app)
    session_cookie.init_app(app)
    error_pages.init_app(app)
    # A service's refusal to show or change an object is the web's 404 or 403, wherever it is raised.
    app.register_error_handler(NotFound, lambda error: error_pages.render_error(404))
    app.register_error_handler(NotAllowed, lambda error: error_pages.render_error(403))
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    cli.init_app(app)
    # Outermost: repeated anonymous visits to a public page are answered before Flask is entered.
    app.extensions["version_watch"] = version_watch.VersionWatch.for_app(app.config)
    app.wsgi_app = fastpath.FastPath(app.wsgi_app, app.extensions["version_watch"])
    return app


def template_names() -> dict:
    """The domain's names every template may use: code lists' labels, region names, two rules, and the
    signed-in person's unread 消息 (counted once per request) and where their inbox is."""
    return {
        "region_name": regions.name_of,
        "is_operator": access.is_operator,
        "application_progress": applications.progress,
        "closing_soon": lambda position: office_positions.closing_soon(position, clock.today()),
        "ETHNICITIES": codes.ETHNICITIES,
        "APPLICANT_EDUCATION": codes.APPLICANT_EDUCATION,
        "CATEGORIES": codes.CATEGORIES,
        "REJECTION_GROUNDS": codes.REJECTION_GROUNDS,
        "APPLICATION_STATUSES": APPLICATION_STATUSES,
        "ATTACHMENT_KINDS": ATTACHMENT_KINDS,
        "EDUCATION_LEVELS": EDUCATION_LEVELS,
        "POSITION_STATUSES": POSITION_STATUSES,
        "CLOSE_REASONS": CLOSE_REASONS,
        "OFFER_STATUSES": OFFER_STATUSES,
        "UNSUITABLE_REASONS": UNSUITABLE_REASONS,
        "ENDINGS": ENDINGS,
        "LEAVE_REASONS": LEAVE_REASONS,
        "ASSESSMENTS": ASSESSMENTS,
        "LINE_KINDS": LINE_KINDS,
        "LINE_STATES": LINE_STATES,
        "CLAIM_STATUSES": CLAIM_STATUSES,
        "BATCH_STATUSES": BATCH_STATUSES,
        "yuan": money.yuan,
        "unread_messages": inbox.unread,
        "messages_endpoint": inbox.messages_endpoint,
    }
