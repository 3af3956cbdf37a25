"""山西就业见习服务 (jianxi)."""
from pathlib import Path

from flask import Flask

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
    if test_config:
        app.config.update(test_config)

    from . import assets, db, errors, security
    from .extensions import compress, csrf

    db.init_app(app)
    assets.init_app(app)
    compress.init_app(app)
    csrf.init_app(app)
    security.init_app(app)
    errors.init_app(app)

    from . import portal, positions

    app.register_blueprint(portal.bp)
    app.register_blueprint(positions.bp)
    return app
