"""Every command of `flask --app wsgi …`, defined and registered here once: thin wrappers that
read the options, call a service or an operation, and say in Chinese what happened."""
import json
import logging
import os
import signal
import socket
import threading
from dataclasses import astuple
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from peewee import fn

from .db import db
from .models import DAY_KINDS, ROLES, User
from .ops import backups, schema, storage
from .ops.demo import seed_demo
from .reference import regions
from .search import catalog
from .services import (
    accounts,
    attachments,
    calendar_days,
    clock,
    idcard,
    imports,
    money,
    notice_backends,
    outbox,
    reminders,
    subsidy_rules,
    tallies,
    wages,
)
from .services.errors import IdNumberError, ServiceError, UnreadableFile

SHOWN_PROBLEMS = 50  # import-positions: the first errors of a file, the rest counted


@click.command("init-db")
def init_db_command():
    """Apply pending schema migrations, load Shanxi's cities and counties and the shipped 节假日安排
    (published facts) of the years the calendar lacks. Not the shipped minimum wages nor the subsidy
    rule: they are demo figures, and a live service must use the ones in force (entered by operators:
    `minimum-wages set`, `subsidy-rules set` or the admin pages); seed-demo loads them."""
    applied = schema.create_schema()
    click.echo(f"数据库已更新：{'、'.join(applied)}。" if applied else "数据库已是最新结构。")
    with db.connection_context():
        _load_calendar()
        no_wages, no_rules = not wages.any_rows(), not subsidy_rules.any_rows()
    if no_wages:
        click.echo("月最低工资标准：还没有数据。请用 minimum-wages set 或管理页面录入执行中的标准；"
                   "演示环境可用 minimum-wages load 载入随附的演示数据。")
    if no_rules:
        click.echo("见习补贴标准：还没有数据。请用 subsidy-rules set 或管理页面录入执行中的规则；"
                   "演示环境可用 subsidy-rules load 载入随附的演示数据。")


def _load_calendar() -> None:
    """The shipped 节假日安排 for the years the table has no day of: a year operators keep is theirs."""
    added = calendar_days.load(new_years_only=True)
    if added:
        click.echo(f"节假日安排：载入随附的 {added} 天（国务院办公厅通知）。")


@click.command("seed-demo")
@click.option("--positions", default=2000, show_default=True, help="岗位数量")
@click.option("--seed", default=2026, show_default=True, help="随机种子，同一种子得到同样的数据")
def seed_demo_command(positions: int, seed: int):
    """Fill the database with realistic demo employers, positions and accounts."""
    schema.create_schema()
    with db.connection_context():
        _load_calendar()
        summary = seed_demo(positions=positions, seed=seed)
        schema.analyze()
    click.echo(summary)


@click.command("reindex-positions")
def reindex_command():
    """Rebuild the keyword index of every position (after editing titles or names by hand in SQL)."""
    with db.connection_context():
        count = catalog.reindex_all()
    click.echo(f"已重建 {count} 个岗位的关键词索引。")


@click.command("recount-stats")
def recount_stats_command():
    """Count 统计's figures again from the rows (after a bulk load that ran without the triggers)."""
    with db.connection_context():
        tallies.recount()
    click.echo("已按现有数据重新统计。")


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


@click.command("import-positions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只检查，不导入")
def import_positions_command(path: str, dry_run: bool):
    """Import 见习岗位 from a CSV in the template's layout (see /review/import/template.csv)."""
    with open(path, "rb") as f:
        data = f.read(imports.MAX_BYTES + 1)
    with db.connection_context():
        try:
            plan = imports.plan(imports.read(data), clock.today())
        except UnreadableFile as error:
            raise click.ClickException(error.message) from None
        click.echo(f"新增 {len(plan.creates)} / 更新 {len(plan.updates)} / 未变化 {plan.unchanged} / 错误 {len(plan.problems)}")
        for problem in plan.problems[:SHOWN_PROBLEMS]:
            given = f"（填写的是“{problem.value}”）" if problem.value else "（未填写）"
            click.echo(f"第{problem.line}行 {problem.column}{given}：{problem.message}", err=True)
        if len(plan.problems) > SHOWN_PROBLEMS:
            click.echo(f"……另有 {len(plan.problems) - SHOWN_PROBLEMS} 个错误", err=True)
        if plan.problems:
            raise click.ClickException("有错误，整个文件都没有导入；请改正后再导入。")
        if dry_run or not plan.ready:
            click.echo("未导入（只检查）。" if dry_run else "没有需要导入的内容。")
            return
        total = len(plan.creates) + len(plan.updates)
        with click.progressbar(length=total, label="导入中") as bar:
            created, updated = imports.apply(plan, clock.now(), progress=bar.update)
    click.echo(f"已导入：新增 {created} 个岗位，更新 {updated} 个。")


@click.command("clean-uploads")
def clean_uploads_command():
    """Remove half-written uploads (older than an hour) and unused removed attachments."""
    with db.connection_context():
        leftovers, files = attachments.clean_up(storage.current())
    click.echo(f"已清理 {leftovers} 个未写完或未登记的上传文件、{files} 个已删除且未被申请使用的附件。")


@click.command("backup")
@with_appcontext
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory: Path):
    """Back up the database and the attachment files into a new folder under DIRECTORY."""
    folder = backups.backup(directory)
    manifest = json.loads((folder / "manifest.json").read_text())
    click.echo(f"已备份到 {folder}（数据库和 {manifest['files']} 个附件文件）。")


@click.command("restore")
@with_appcontext
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(folder: Path, yes: bool):
    """Replace the database and put the attachment files back from a backup FOLDER."""
    if not yes:
        click.confirm("恢复会覆盖当前数据库（请先停止应用服务）。继续吗？", abort=True)
    manifest = backups.restore(folder)
    click.echo(f"已从 {folder} 恢复（{manifest['created_at']} 的备份，{manifest['files']} 个附件文件）。")


@click.group("minimum-wages")
def minimum_wages_group():
    """月最低工资标准: load the shipped figures, set one, list them (see the README)."""


@minimum_wages_group.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_wages_command(path: Path | None):
    """Add the figures of a CSV (default: the shipped one) that the table lacks; existing rows stay."""
    with db.connection_context():
        try:
            added = wages.load(path or wages.SHIPPED)
        except UnreadableFile as error:
            raise click.ClickException(f"文件有错误，没有载入：\n{error.message}") from None
    click.echo(f"已载入：新增 {added} 条月最低工资标准（已有的同一地区同一执行日期不覆盖）。")


@minimum_wages_group.command("set")
@click.argument("region")
@click.argument("effective_from", metavar="FROM")
@click.argument("yuan")
@click.option("--tier", default="", help="档次，如 一类")
@click.option("--source", default="", help="来源：文件名称、文号和日期（演示数据可不填）")
@click.option("--demo", is_flag=True, help="演示数据，不是公布的标准")
def set_wage_command(region, effective_from, yuan, tier, source, demo):
    """Add or change the figure of REGION (a city or county code) in force FROM a date, in 元."""
    entry, errors = wages.parse({"region": region, "effective_from": effective_from, "yuan": yuan,
                                 "tier": tier, "source": source, "demo": demo})
    if errors:
        raise click.ClickException("；".join(errors.values()))
    with db.connection_context():
        try:
            row, created = wages.record(None, *astuple(entry), clock.now())
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"已{'新增' if created else '修改'}：{regions.name_of(row.region_id)} 自{row.effective_from}起 "
               f"月最低工资标准 {money.yuan(row.monthly_fen)} 元{'（演示数据）' if row.demo else ''}。")


@minimum_wages_group.command("list")
@click.option("--city", default=None, help="只列出这个市（代码，如 140100）")
def list_wages_command(city: str | None):
    """Each city and county with the figure in force today (a county without its own: the city's) and the next."""
    if city and not regions.is_city(city):
        raise click.BadParameter("应为山西省的市代码，如 140100", param_hint="--city")
    with db.connection_context():
        rows = wages.table(city)
    for row in rows:
        current = row.current
        shown = f"{money.yuan(current.monthly_fen)} 元 {current.tier} 自{current.effective_from}起" if current else "（未设置）"
        marks = ("（按全市标准）" if row.inherited else "") + ("（演示数据）" if current and current.demo else "")
        later = f"；{row.next.effective_from}起 {money.yuan(row.next.monthly_fen)} 元" if row.next else ""
        click.echo(f"{row.code} {regions.name_of(row.code)}：{shown}{marks}{later}")


@click.group("calendar")
def calendar_group():
    """节假日安排 (the working-day calendar): load the shipped days, set one, list a year's (see the README)."""


@calendar_group.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_calendar_command(path: Path | None):
    """Add the days of a CSV (default: the shipped one) that the table lacks; existing days stay."""
    with db.connection_context():
        try:
            added = calendar_days.load(path or calendar_days.SHIPPED)
        except UnreadableFile as error:
            raise click.ClickException(f"文件有错误，没有载入：\n{error.message}") from None
    click.echo(f"已载入：新增 {added} 天（已有的日期不覆盖）。")


@calendar_group.command("set")
@click.argument("day")
@click.argument("kind", metavar="KIND")
@click.argument("name")
@click.option("--source", default="", help="来源：国务院办公厅节假日安排通知的名称和日期")
def set_calendar_command(day, kind, name, source):
    """Add or change DAY (YYYY-MM-DD) as KIND (holiday 放假 or workday 调休上班) of holiday NAME."""
    entry, errors = calendar_days.parse({"day": day, "kind": kind, "name": name, "source": source})
    if errors:
        raise click.ClickException("；".join(errors.values()))
    with db.connection_context():
        try:
            row, created = calendar_days.record(None, *astuple(entry), clock.now())
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"已{'新增' if created else '修改'}：{calendar_days.summary(row)}。")


@calendar_group.command("list")
@click.option("--year", type=int, default=None, help="年份，默认今年")
def list_calendar_command(year: int | None):
    """The year's days that are not what their weekday says, then each month's working days."""
    year = year or clock.today().year
    with db.connection_context():
        rows = list(calendar_days.of_year(year))
        months = calendar_days.working_days_by_month(year)
    for row in rows:
        click.echo(f"{row.day} {calendar_days.weekday_name(row.day)} {DAY_KINDS[row.kind]} {row.name}")
    if not rows:
        click.echo(f"{year}年的节假日安排还没有录入：工作日只按星期一至星期五计算。")
    click.echo("各月工作日：" + " ".join(f"{month}月{days}" for month, days in months))


@click.group("subsidy-rules")
def subsidy_rules_group():
    """见习补贴标准: load the shipped (demo) rule, set one, list them (see the README)."""


@subsidy_rules_group.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_rules_command(path: Path | None):
    """Add the rules of a CSV (default: the shipped demo rule) that the table lacks; existing rows stay."""
    with db.connection_context():
        try:
            added = subsidy_rules.load(path or subsidy_rules.SHIPPED)
        except UnreadableFile as error:
            raise click.ClickException(f"文件有错误，没有载入：\n{error.message}") from None
    click.echo(f"已载入：新增 {added} 条见习补贴规则（已有的同一地区同一执行日期不覆盖）。")


@subsidy_rules_group.command("set")
@click.argument("region")
@click.argument("effective_from", metavar="FROM")
@click.argument("share_percent", metavar="SHARE")
@click.argument("insurance_cap_yuan", metavar="CAP_YUAN")
@click.option("--pays-remaining", is_flag=True, help="提前留用的，剩余期限也发放见习补贴")
@click.option("--retention", nargs=2, default=(None, None), metavar="RATE SHARE",
              help="留用奖励：留用率达到 RATE% 的按月最低工资标准的 SHARE% 发放")
@click.option("--source", default="", help="来源：文件名称、文号和日期（演示数据可不填）")
@click.option("--demo", is_flag=True, help="演示数据，不是公布的规定")
def set_rule_command(region, effective_from, share_percent, insurance_cap_yuan, pays_remaining, retention, source,
                     demo):
    """Add or change the rule of REGION (140000 the province, a city or a county) in force FROM a date:
    SHARE % of the minimum wage a month, the insurance refunded up to CAP_YUAN 元."""
    entry, errors = subsidy_rules.parse({
        "region": region, "effective_from": effective_from, "share_percent": share_percent,
        "insurance_cap_yuan": insurance_cap_yuan, "pays_remaining": pays_remaining,
        "retention_rate_percent": retention[0], "retention_share_percent": retention[1], "source": source,
        "demo": demo})
    if errors:
        raise click.ClickException("；".join(errors.values()))
    with db.connection_context():
        try:
            row, created = subsidy_rules.record(None, *astuple(entry), clock.now())
        except ServiceError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"已{'新增' if created else '修改'}：{subsidy_rules.summary(row)}。")


@subsidy_rules_group.command("list")
def list_rules_command():
    """Every rule, place by place, marked 现行, 待执行 or 已被取代."""
    with db.connection_context():
        rows = subsidy_rules.table()
    for row in rows:
        rule = row.rule
        demo = "（演示数据）" if rule.demo else ""
        click.echo(f"{rule.region_code} {row.place} 自{rule.effective_from}起 [{row.state_label}] "
                   f"{rule.share_percent}% 保险费补贴最高{money.yuan(rule.insurance_cap_fen)}元 "
                   f"剩余期限补贴{'发放' if rule.pays_remaining else '不发放'} "
                   f"留用奖励：{subsidy_rules.retention_text(rule)}{demo}")
    if not rows:
        click.echo("还没有见习补贴规则。")


@click.command("send-notices")
@with_appcontext
@click.option("--loop", is_flag=True, help="一直运行，直到收到 SIGTERM（systemd 的 jianxi-notices.service）")
@click.option("--interval", default=5.0, show_default=True, help="--loop：没有待发通知时，每隔多少秒查看一次")
def send_notices_command(loop: bool, interval: float):
    """Send the SMS and e-mail of the outbox that are due, through the backends the settings choose
    (NOTICE_SMS_BACKEND, NOTICE_EMAIL_BACKEND); once, or with --loop until SIGTERM."""
    try:
        backends = notice_backends.from_settings(current_app.config)
    except notice_backends.SettingsError as error:
        raise click.ClickException(str(error)) from None
    _log_notices()
    worker = f"{socket.gethostname()[:28]}:{os.getpid()}"
    if not loop:
        with db.connection_context():
            click.echo(outbox.run_once(worker, backends).line())
        return
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())
    click.echo(f"发送通知：{worker} 开始运行（每 {interval:g} 秒查看一次）。")
    outbox.run_loop(worker, backends, stop, interval, click.echo)
    click.echo(f"发送通知：{worker} 已停止。")


@click.command("send-reminders")
@with_appcontext
def send_reminders_command():
    """The reminders due today (positions closing, offers expiring, months to record, 公示 windows
    ending), each once per person and object however often it runs (jianxi-reminders.timer: daily)."""
    with db.connection_context():
        sent = reminders.run(clock.today(), clock.now())
    click.echo("提醒：" + "，".join(f"{kind} {count} 条" for kind, count in sent.items()) + "。")


def _log_notices() -> None:
    """The log backend's lines and the failed tries, on stderr (the journal under systemd)."""
    log = logging.getLogger("jianxi.notices")
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)


COMMANDS = (
    init_db_command, seed_demo_command, reindex_command, recount_stats_command, create_user_command,
    set_password_command,
    import_positions_command, clean_uploads_command, backup_command, restore_command, minimum_wages_group,
    calendar_group, subsidy_rules_group, send_notices_command, send_reminders_command,
)


def init_app(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
