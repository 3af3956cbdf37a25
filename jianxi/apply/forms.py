"""就业见习人员申请 form. Choices are checked against the code lists, with Chinese messages."""
import re

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from ..reference import regions
from ..reference.codes import APPLICANT_EDUCATION, CATEGORIES, ETHNICITIES
from ..services import clock
from ..web import fields

STALE_PAGE = "页面已过期，请检查填写的内容后再提交一次。"
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


class ApplicationForm(FlaskForm):
    ethnicity = fields.choice("民族", ETHNICITIES, "请选择民族")
    education = fields.choice("学历", APPLICANT_EDUCATION, "请选择学历")
    school = fields.text("毕业院校", "请填写毕业院校", 60)
    major = fields.text("所学专业", max_length=60)
    graduation_month = fields.text(
        "毕业时间", "请填写毕业时间", pattern=MONTH, pattern_message="请按“年-月”填写毕业时间，如 2025-06"
    )
    category = RadioField(
        "人员类别",
        choices=[SelectChoice(value, label) for value, label in CATEGORIES.items()],
        validate_choice=False,
        validators=[DataRequired("请选择人员类别"), AnyOf(list(CATEGORIES), message="请选择人员类别")],
    )
    employment_card_no = fields.text(
        "就业创业证号", pattern=r"^[0-9A-Za-z]{6,30}$", pattern_message="就业创业证号应为6到30位数字或字母"
    )
    mobile = fields.mobile()
    household = fields.text("户籍所在地", "请填写户籍所在地", 100)
    address = fields.text("现居住地址", "请填写现居住地址", 200)
    city = SelectField(
        "业务办理属地（市）",
        choices=fields.options(regions.cities()),
        widget=fields.OptionsOnceSelect(),
        validate_choice=False,
        validators=[DataRequired("请选择业务办理属地所在的市")],
    )
    jurisdiction = SelectField(
        "业务办理属地（市本级或县区）", choices=[], widget=fields.OptionsOnceSelect(), validate_choice=False
    )
    # One per rendered form, so a double click or a resend finds the first submission.
    submission_key = HiddenField(validators=[DataRequired(STALE_PAGE), Length(max=36, message=STALE_PAGE)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction.choices = fields.options(regions.jurisdictions(self.city.data or ""))

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
