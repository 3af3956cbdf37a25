"""个人注册, 登录, 修改密码 and 忘记密码 forms. Messages are Chinese and name the field they belong to."""
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


class ForgotForm(FlaskForm):
    """忘记密码: the account's username and mobile. Only their shape is judged here; whether they
    match an account is never said (services/password_reset.py)."""

    username = fields.text("用户名", "请输入用户名", max_length=20)
    mobile = fields.mobile()


class ResetForm(FlaskForm):
    """The code from the SMS and a new password by the registration rules, for `username` (kept in
    the session by 忘记密码, never shown, so the page is the same whatever was typed there)."""

    code = fields.text("短信验证码", "请输入短信验证码", pattern=r"^\d{6}$", pattern_message="验证码是短信中的6位数字",
                       filters=(fields.no_spaces,))
    new_password = _password("新密码")
    confirm_password = _password("确认新密码")

    def __init__(self, username: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_name = username

    def validate_new_password(self, field):
        problem = password_problem(field.data, self.account_name)
        if problem:
            raise ValidationError(problem)

    def validate_confirm_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError("两次输入的新密码不一致")
