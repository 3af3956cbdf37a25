"""就业见习人员申请 form. Choices are checked against the code lists, with Chinese messages."""
import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from .. import regions
from ..auth.forms import mobile_field
from ..reference import APPLICANT_EDUCATION, CATEGORIES, CATEGORY_GRADUATE, ETHNICITIES
from ..services import clock

MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _options(choices) -> list[SelectChoice]:
    """A '请选择' option first, then (value, label) pairs."""
    return [SelectChoice("", "请选择")] + [SelectChoice(value, label) for value, label in choices]


def _select(label, choices: dict, message: str, **kwargs):
    return SelectField(
        label,
        choices=_options(choices.items()),
        validate_choice=False,
        validators=[DataRequired(message), AnyOf(list(choices), message=message)],
        **kwargs,
    )


def _text(label, required_message, max_length):
    return StringField(
        label,
        filters=[_strip],
        validators=[
            DataRequired(required_message),
            Length(max=max_length, message=f"{label}不能超过{max_length}个字"),
        ],
    )


class ApplicationForm(FlaskForm):
    ethnicity = _select("民族", ETHNICITIES, "请选择民族")
    education = _select("学历", APPLICANT_EDUCATION, "请选择学历")
    school = _text("毕业院校", "请填写毕业院校", 60)
    major = StringField("所学专业", filters=[_strip], validators=[Length(max=60, message="所学专业不能超过60个字")])
    graduation_month = StringField(
        "毕业时间",
        filters=[_strip],
        validators=[DataRequired("请填写毕业时间"), Regexp(MONTH, message="请按“年-月”填写毕业时间，如 2025-06")],
    )
    category = RadioField(
        "人员类别",
        choices=[SelectChoice(value, label) for value, label in CATEGORIES.items()],
        validate_choice=False,
        validators=[DataRequired("请选择人员类别"), AnyOf(list(CATEGORIES), message="请选择人员类别")],
    )
    employment_card_no = StringField(
        "就业创业证号",
        filters=[_strip],
        validators=[Optional(), Regexp(r"^[0-9A-Za-z]{6,30}$", message="就业创业证号应为6到30位数字或字母")],
    )
    mobile = mobile_field()
    household = _text("户籍所在地", "请填写户籍所在地", 100)
    address = _text("现居住地址", "请填写现居住地址", 200)
    city = SelectField(
        "业务办理属地（市）",
        choices=_options(regions.cities()),
        validate_choice=False,
        validators=[DataRequired("请选择业务办理属地所在的市")],
    )
    jurisdiction = SelectField("业务办理属地（市本级或县区）", choices=[], validate_choice=False)
    submission_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction.choices = _options(regions.jurisdictions(self.city.data or ""))

    def validate_city(self, field):
        if field.data and not regions.jurisdictions(field.data):
            raise ValidationError("请选择业务办理属地所在的市")

    def validate_jurisdiction(self, field):
        if not field.data:
            raise ValidationError("请选择市本级或县区")
        if regions.city_of(field.data) != self.city.data:
            raise ValidationError("所选县区不属于所选的市，请重新选择")

    def validate_graduation_month(self, field):
        if field.data and MONTH.match(field.data) and field.data > f"{clock.today():%Y-%m}":
            raise ValidationError("毕业时间不能晚于本月；尚未毕业的同学请毕业后再申请")

    def validate_major(self, field):
        if self.education.data in ("doctor", "master", "bachelor", "college") and not field.data:
            raise ValidationError("请填写所学专业")

    @property
    def is_graduate(self) -> bool:
        return self.category.data == CATEGORY_GRADUATE
