"""个人注册 and 登录 forms. Messages are Chinese and name the field they belong to."""
import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, Regexp

from ..services import clock, idcard
from ..services.accounts import password_problem

USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,19}$")
REAL_NAME = re.compile(r"^[\u4e00-\u9fa5·]{2,20}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _no_spaces(value):
    return "".join(value.split()) if isinstance(value, str) else value


def mobile_field() -> StringField:
    """手机号码, as 个人注册 and the application form both ask for it."""
    return StringField(
        "手机号码",
        filters=[_no_spaces],
        validators=[DataRequired("请输入手机号码"), Regexp(MOBILE, message="请输入11位手机号码，以1开头")],
    )


class RegisterForm(FlaskForm):
    username = StringField(
        "用户名",
        filters=[_strip],
        validators=[
            DataRequired("请输入用户名"),
            Regexp(USERNAME, message="用户名为4到20位，以字母开头，只能包含字母、数字和下划线"),
        ],
    )
    password = PasswordField(
        "密码", validators=[DataRequired("请输入密码"), Length(max=128, message="密码不能超过128个字符")]
    )
    real_name = StringField(
        "真实姓名",
        filters=[_no_spaces],
        validators=[DataRequired("请输入真实姓名"), Regexp(REAL_NAME, message="请输入身份证上的中文姓名")],
    )
    id_number = StringField(
        "身份证号码",
        filters=[lambda v: idcard.normalize(v) if isinstance(v, str) else v],
        validators=[DataRequired("请输入身份证号码")],
    )
    mobile = mobile_field()

    def validate_id_number(self, field):
        try:
            idcard.parse(field.data, clock.today())
        except idcard.IdNumberError as error:
            raise ValidationError(str(error)) from None

    def validate_password(self, field):
        problem = password_problem(field.data, self.username.data or "")
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    username = StringField(
        "用户名",
        filters=[_strip],
        validators=[DataRequired("请输入用户名"), Length(max=50, message="用户名不能超过50个字符")],
    )
    password = PasswordField(
        "密码",
        validators=[DataRequired("请输入密码"), Length(max=128, message="密码不能超过128个字符")],
    )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for button-only POSTs such as 退出."""
