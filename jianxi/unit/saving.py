"""One way for the unit's position forms to save, as the office's do: check the token, let the
service rule decide, and either go on (303) or show the same form with each message by its field
and everything typed kept; a refusal of the whole (not 已认定, a race) is shown above the form."""
from collections.abc import Callable

from ..services.errors import ServiceError
from ..web import htmx
from .forms import RuleCheckedForm


def save_or_show(form: RuleCheckedForm, save: Callable[[], str | dict], template: str, **context):
    """`save` returns the URL to go to, or {field: message} when the rules refuse what was typed."""
    problem = None
    if form.validate_on_submit():
        try:
            outcome = save()
        except ServiceError as error:
            outcome = {error.field: error.message} if error.field in form else {}
            problem = None if outcome else error.message
        if isinstance(outcome, str):
            return htmx.redirect(outcome)
        form.show(outcome)
    failed = bool(form.errors or problem)
    return htmx.render(template, status_code=422 if failed else 200, form=form, problem=problem, **context)
