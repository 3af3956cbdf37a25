"""单位注册: an account for a new unit, or a request to act for one already known."""
from flask import redirect, request, url_for

from ..auth.guards import sign_in
from ..services import clock, signin, units
from ..services.errors import ServiceError, Throttled
from ..web import htmx
from ..web.csrf import form_checks_csrf
from .blueprint import bp
from .forms import RegionForm, RegisterForm


@bp.route("/register", methods=["GET", "POST"])
@form_checks_csrf
def register():
    """Every mistake by its field, what was typed kept (but the passwords); signed in at once. A
    credit code already known waits for the office and shows nothing of that unit."""
    form = RegisterForm()
    status, refreshing = 200, "refresh" in request.form  # without JavaScript: the city's counties
    try:
        if request.method == "POST" and not refreshing:
            signin.check_registration_allowed(request.remote_addr or "", clock.now())
        if not refreshing and form.validate_on_submit():
            user, _ = units.register(units.NewUnitAccount(
                username=form.username.data, password=form.password.data, person_name=form.person_name.data,
                mobile=form.mobile.data, credit_code=form.credit_code.data, unit_name=form.unit_name.data,
                region=form.region.data,
            ), clock.now())
            sign_in(user)
            return redirect(url_for("unit.index", welcome=1), code=303)
    except Throttled as error:
        form.credit_code.errors, status = [error.message], 429
    except ServiceError as error:
        form[error.field if error.field in form else "username"].errors.append(error.message)
    return htmx.render("unit/register.html", status_code=422 if form.errors and status == 200 else status, form=form)


@bp.get("/jurisdictions")
def jurisdictions():
    """The 市本级-or-county select for the chosen city, for both forms that ask for 业务办理归属地."""
    return htmx.fragment("unit/_region_field.html", form=RegionForm(data={"city": request.args.get("city", "")}))
