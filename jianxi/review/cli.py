"""flask --app wsgi import-positions FILE.csv: the operators' bulk import, checked before written."""
import click

from ..extensions import db
from ..services import clock, imports
from ..services.errors import UnreadableFile

SHOWN_PROBLEMS = 50


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
