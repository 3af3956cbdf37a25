"""Operators' account commands: create-user (reviewers, admins) and set-password (forgotten passwords)."""
import click
from peewee import fn

from ..extensions import db
from ..models import ROLES, User
from ..services import accounts, clock, idcard
from ..services.errors import IdNumberError, ServiceError


@click.command("create-user")
@click.option("--username", prompt="用户名")
@click.option("--password", prompt="密码", hide_input=True, confirmation_prompt=True)
@click.option("--real-name", prompt="姓名")
@click.option("--mobile", prompt="手机号码")
@click.option("--role", type=click.Choice(list(ROLES)), default="applicant", show_default=True)
@click.option("--jurisdiction", default=None, help="经办人员的辖区：市代码（市本级）或县区代码，如 140105")
@click.option("--id-number", default=None, help="身份证号码（个人用户必填）")
def create_user_command(username, password, real_name, mobile, role, jurisdiction, id_number):
    """Create an account, e.g. a reviewer of 小店区: --role reviewer --jurisdiction 140105."""
    if id_number:
        try:
            id_number = idcard.parse(id_number, clock.today()).number
        except IdNumberError as error:
            raise click.BadParameter(str(error), param_hint="--id-number") from None
    elif role == "applicant":
        raise click.BadParameter("个人用户必须填写身份证号码", param_hint="--id-number")
    new = accounts.NewUser(username, password, real_name, mobile, id_number, role, jurisdiction)
    with db.connection_context():
        try:
            user = accounts.create_user(new)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"已创建账号 {user.username}（{ROLES[user.role]}）。")


@click.command("set-password")
@click.argument("username")
@click.option("--password", prompt="新密码", hide_input=True, confirmation_prompt=True)
def set_password_command(username, password):
    """A new password for someone who forgot theirs; every session of that person ends."""
    with db.connection_context():
        user = User.get_or_none(fn.LOWER(User.username) == username.lower())
        if user is None:
            raise click.ClickException(f"没有用户名为 {username} 的账号。")
        try:
            accounts.set_password(user, password, None, clock.now())
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"已为 {user.username} 设置新密码，该账号在所有设备上的登录都已退出。")
