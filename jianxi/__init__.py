"""山西就业见习服务 (jianxi)."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=None,
    )
    from . import config

    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    from .ids import IdConverter

    app.url_map.converters["id"] = IdConverter
    if test_config:
        app.config.update(test_config)

    if app.config["TRUST_PROXY_HEADERS"]:
        # Behind one reverse proxy: the client address for throttling comes from X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    from . import (
        apply,
        assets,
        auth,
        backups,
        caches,
        caching,
        csrf,
        db,
        errors,
        fastpath,
        files,
        health,
        me,
        portal,
        positions,
        requestlog,
        review,
        security,
        storage,
        templating,
    )
    from .auth.cli import create_user_command, set_password_command
    from .extensions import compress
    from .files.cli import clean_uploads_command
    from .review.cli import import_positions_command

    requestlog.init_app(app)  # first, so its clock starts before the other hooks and stops after them
    db.init_app(app)
    caches.init_app(app)
    storage.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    compress.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
    caching.init_app(app)
    security.init_app(app)
    errors.init_app(app)

    for blueprint in (portal.bp, positions.bp, auth.bp, me.bp, apply.bp, files.bp, review.bp, health.bp):
        app.register_blueprint(blueprint)
    app.cli.add_command(create_user_command)
    app.cli.add_command(set_password_command)
    app.cli.add_command(clean_uploads_command)
    app.cli.add_command(import_positions_command)
    backups.init_app(app)
    # Outermost: repeated anonymous visits to a public page are answered before Flask is entered.
    app.wsgi_app = fastpath.FastPath(app.wsgi_app, app.config["TIMEZONE"])
    return app
