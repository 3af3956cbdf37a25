"""单位网厅's forms: 单位注册, 认定, 见习岗位 and 结束招募. Messages in Chinese, by field."""
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, StringField, TextAreaField, ValidationError

from ..forms.saving import RuleCheckedForm
from ..reference import regions
from ..reference.codes import INDUSTRIES, UNIT_TYPES
from ..services import credit_code
from ..services.accounts import password_problem
from ..services.errors import ServiceError
from ..web import fields


def _city() -> SelectField:
    return SelectField("业务办理归属地（市）", choices=fields.options(regions.cities()), validate_choice=False)


def _region() -> SelectField:
    return SelectField("业务办理归属地（市本级或县区）", choices=[], validate_choice=False)


def _fill_regions(form) -> None:
    """The region select offers the chosen city's 市本级 and counties; a region of another city
    (the city changed without JavaScript) is dropped rather than kept unseen."""
    city = form.city.data or ""
    if form.region.data and regions.city_of(form.region.data) != city:
        form.region.data = ""
    offices = regions.jurisdictions(city)
    form.region.choices = fields.options(offices, blank="请选择" if offices else "请先选择市")


class RegionForm(Form):
    """The 业务办理归属地 select alone, for the city select's htmx request (a GET: no token)."""

    city = _city()
    region = _region()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_regions(self)


class RegisterForm(FlaskForm):
    credit_code = fields.text("统一社会信用代码", "请输入统一社会信用代码", filters=(fields.no_spaces,))
    unit_name = fields.text("单位名称", "请输入单位名称", 100)
    city = _city()
    region = _region()
    person_name = fields.text("经办人姓名", "请输入经办人姓名", pattern=fields.REAL_NAME,
                              pattern_message="请输入经办人身份证上的中文姓名", filters=(fields.no_spaces,))
    mobile = fields.mobile()
    username = fields.text("用户名", "请输入用户名", pattern=fields.USERNAME, pattern_message=fields.USERNAME_RULE)
    password = fields.password()
    confirm_password = fields.password("确认密码")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_regions(self)

    def validate_credit_code(self, field):
        try:
            field.data = credit_code.parse(field.data)
        except ServiceError as error:
            raise ValidationError(error.message) from None

    def validate_city(self, field):
        if not regions.jurisdictions(field.data or ""):
            raise ValidationError("请选择业务办理归属地所在的市")

    def validate_region(self, field):
        if self.city.data and not field.data:
            raise ValidationError("请选择市本级或县区")

    def validate_password(self, field):
        problem = password_problem(field.data, self.username.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_confirm_password(self, field):
        if field.data != self.password.data:
            raise ValidationError("两次输入的密码不一致")


class RecognitionForm(RuleCheckedForm):
    """认定's own fields; 带教老师 rows and the 营业执照 are read from the request by the view."""

    unit_type = SelectField("单位类型", choices=fields.options(UNIT_TYPES.items()), validate_choice=False)
    industry = SelectField(
        "所属行业", choices=fields.options((code, f"{code} {label}") for code, label in INDUSTRIES.items()),
        validate_choice=False,
    )
    insured_staff = StringField("参保职工人数", filters=[fields.strip])
    address = StringField("注册地址")
    city = _city()
    region = _region()
    contact_person = StringField("联系人")
    phone = StringField("联系电话")
    statement = TextAreaField("单位情况说明")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_regions(self)
