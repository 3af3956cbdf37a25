"""见习岗位 as a form, for the office (which also picks the unit) and for a unit (its own), and
结束招募. The rules are services.rules'; these are the fields as typed."""
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..models import CLOSE_REASONS, EDUCATION_LEVELS
from ..web import fields
from .saving import RuleCheckedForm


class PositionFields(RuleCheckedForm):
    title = StringField("岗位名称")
    external_ref = StringField("岗位编号")
    address = StringField("工作地址")
    openings = StringField("招收人数")
    education = SelectField("学历要求", choices=fields.options(EDUCATION_LEVELS.items()), validate_choice=False)
    major = StringField("专业要求")
    duration_months = StringField("见习期限（月）")
    monthly_subsidy = StringField("月补贴（元）")
    duties = TextAreaField("岗位职责")
    contact = StringField("联系方式")
    deadline = StringField("有效期至")


class CloseForm(FlaskForm):
    reason = RadioField(
        "结束原因", choices=[SelectChoice(code, label) for code, label in CLOSE_REASONS.items()], validate_choice=False
    )
    other_reason = StringField("其他原因", filters=[fields.strip])
