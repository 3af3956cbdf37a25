"""个人注册 and 登录 forms. Messages are Chinese and name the field they belong to."""
from flask_wtf import FlaskForm
from wtforms import ValidationError

from ..services import clock, idcard
from ..services.accounts import password_problem
from ..services.errors import IdNumberError
from ..web import fields

USERNAME, REAL_NAME = fields.USERNAME, fields.REAL_NAME
_password = fields.password


class RegisterForm(FlaskForm):
    username = fields.text(
        "用户名", "请输入用户名", pattern=USERNAME, pattern_message=fields.USERNAME_RULE
    )
    password = _password()
    confirm_password = _password("确认密码")
    real_name = fields.text(
        "真实姓名", "请输入真实姓名", pattern=REAL_NAME, pattern_message="请输入身份证上的中文姓名", filters=(fields.no_spaces,)
    )
    id_number = fields.text("身份证号码", "请输入身份证号码", filters=(lambda v: idcard.normalize(v) if isinstance(v, str) else v,))
    mobile = fields.mobile()

    def validate_id_number(self, field):
        try:
            idcard.parse(field.data, clock.today())
        except IdNumberError as error:
            raise ValidationError(str(error)) from None

    def validate_password(self, field):
        problem = password_problem(field.data, self.username.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_confirm_password(self, field):
        if field.data != self.password.data:
            raise ValidationError("两次输入的密码不一致")


class LoginForm(FlaskForm):
    username = fields.text("用户名、手机号码或身份证号码", "请输入用户名、手机号码或身份证号码", max_length=50)
    password = _password()


class PasswordForm(FlaskForm):
    current_password = _password("当前密码")
    new_password = _password("新密码")
    confirm_password = _password("确认新密码")

    def validate_confirm_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError("两次输入的新密码不一致")
