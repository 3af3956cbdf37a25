"""What every template may use: the code lists' labels and region names."""
from flask import Flask

from . import regions
from .formatting import month_label, tel_links
from .models import APPLICATION_STATUSES, ATTACHMENT_KINDS, CLOSE_REASONS, EDUCATION_LEVELS, POSITION_STATUSES
from .reference import APPLICANT_EDUCATION, CATEGORIES, ETHNICITIES, REJECTION_GROUNDS
from .services import clock, office_positions
from .services.applications import progress


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        region_name=regions.name_of,
        application_progress=progress,
        ETHNICITIES=ETHNICITIES,
        APPLICANT_EDUCATION=APPLICANT_EDUCATION,
        CATEGORIES=CATEGORIES,
        REJECTION_GROUNDS=REJECTION_GROUNDS,
        APPLICATION_STATUSES=APPLICATION_STATUSES,
        ATTACHMENT_KINDS=ATTACHMENT_KINDS,
        EDUCATION_LEVELS=EDUCATION_LEVELS,
        POSITION_STATUSES=POSITION_STATUSES,
        CLOSE_REASONS=CLOSE_REASONS,
    )
    app.jinja_env.filters["month_label"] = month_label
    app.jinja_env.filters["tel_links"] = tel_links

    @app.context_processor
    def _today():
        return {"closing_soon": lambda position: office_positions.closing_soon(position, clock.today())}
