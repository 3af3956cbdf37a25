"""One way for a form checked by a service rule to save: check the token, let the rule decide, and
either go on (303) or show the same form with each message by its field and everything typed
kept; a refusal of the whole (a race, a unit not 已认定) is shown above the form."""
from collections.abc import Callable

from flask_wtf import FlaskForm

from ..services.errors import ServiceError
from ..web import htmx


class RuleCheckedForm(FlaskForm):
    """A form whose fields a service rule checks (services.rules, services.recognition), not
    WTForms: it checks its CSRF token, hands the typed text over, and shows the rule's messages."""

    def raw(self) -> dict[str, str]:
        return {name: field.data for name, field in self._fields.items() if name != "csrf_token"}

    def show(self, errors: dict[str, str]) -> dict[str, str]:
        """Each message by its field; those of parts a page draws by hand (带教老师, 营业执照) are returned."""
        rest = {}
        for name, message in errors.items():
            if name in self._fields:
                self[name].errors = [*self[name].errors, message]
            else:
                rest[name] = message
        return rest


def save_or_show(form: RuleCheckedForm, save: Callable[[], str | dict], template: str, **context):
    """`save` returns the URL to go to, or {field: message} when the rules refuse what was typed;
    messages for parts the page draws by hand (an upload) reach the template as `extra_errors`."""
    problem, extra = None, {}
    if form.validate_on_submit():
        try:
            outcome = save()
        except ServiceError as error:
            outcome = {error.field: error.message} if error.field in form else {}
            problem = None if outcome else error.message
        if isinstance(outcome, str):
            return htmx.redirect(outcome)
        extra = form.show(outcome)
    failed = bool(form.errors or problem or extra)
    return htmx.render(template, status_code=422 if failed else 200, form=form, problem=problem,
                       extra_errors=extra, **context)
