"""Form fields the way every form here wants them: trimmed input, a Chinese message per rule;
and the form of a button-only POST."""
import functools
import re

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp
from wtforms.widgets import Select, html_params

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Account names and people's names, as every registration form (个人注册, 单位注册) asks for them.
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,19}$")
USERNAME_RULE = "用户名为4到20位，以字母开头，只能包含字母、数字和下划线"
REAL_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,20}$")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def no_spaces(value):
    return "".join(value.split()) if isinstance(value, str) else value


def text(
    label: str,
    required: str | None = None,
    max_length: int | None = None,
    pattern: str | re.Pattern | None = None,
    pattern_message: str = "",
    filters=(strip,),
) -> StringField:
    """A text field: `required` is the message when empty (None: optional), then length, then shape."""
    validators = []
    if required:
        validators.append(DataRequired(required))
    elif pattern:  # an empty optional field is not held to the pattern (nor to inline checks)
        validators.append(Optional())
    if max_length:
        validators.append(Length(max=max_length, message=f"{label}不能超过{max_length}个字"))
    if pattern:
        validators.append(Regexp(pattern, message=pattern_message))
    return StringField(label, filters=list(filters), validators=validators)


def mobile() -> StringField:
    """手机号码, as 个人注册 and the application form both ask for it."""
    return text("手机号码", "请输入手机号码", pattern=MOBILE, pattern_message="请输入11位手机号码，以1开头",
                filters=(no_spaces,))


def password(label: str = "密码") -> PasswordField:
    """A password box: required, at most 128 characters; services.accounts judges the rest."""
    return PasswordField(
        label, validators=[DataRequired(f"请输入{label}"), Length(max=128, message=f"{label}不能超过128个字符")]
    )


class OptionsOnceSelect(Select):
    """WTForms' select, with the same HTML, its options rendered once per list and chosen value
    instead of with every request: html_params for each of the 56 民族 and the other lists was
    most of /apply/'s render time (issue 25). Options with attributes of their own go to WTForms."""

    def __call__(self, field, **kwargs):
        if field.has_groups():
            return super().__call__(field, **kwargs)
        normalized = list(field._iter_choices_normalized())
        if any(choice.render_kw for choice in normalized):
            return super().__call__(field, **kwargs)
        choices = tuple((choice.value, choice.label, choice.selected) for choice in normalized)
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, None):
                kwargs[flag] = getattr(field.flags, flag)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{_options(choices)}</select>")


@functools.lru_cache(maxsize=1024)
def _options(choices: tuple[tuple[str, str, bool], ...]) -> Markup:
    return Markup("".join(
        f"<option {html_params(value=value, selected=selected)}>{escape(label or value)}</option>"
        for value, label, selected in choices
    ))


def options(pairs, blank: str = "请选择") -> list[SelectChoice]:
    """A blank choice first, then (value, label) pairs."""
    return [SelectChoice("", blank)] + [SelectChoice(value, label) for value, label in pairs]


def choice(label: str, choices: dict, message: str, **kwargs) -> SelectField:
    """A select whose value must be one of `choices` (checked here, with `message`, not by WTForms)."""
    return SelectField(
        label,
        choices=options(choices.items()),
        widget=OptionsOnceSelect(),
        validate_choice=False,
        validators=[DataRequired(message), AnyOf(list(choices), message=message)],
        **kwargs,
    )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for button-only POSTs such as 退出."""
