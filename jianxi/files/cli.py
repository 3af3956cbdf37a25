"""flask --app wsgi clean-uploads: what a crash or 删除 left in the upload folder."""
import click

from .. import storage
from ..extensions import db
from ..services import attachments


@click.command("clean-uploads")
def clean_uploads_command():
    """Remove half-written uploads (older than an hour) and unused removed attachments."""
    with db.connection_context():
        leftovers, files = attachments.clean_up(storage.current())
    click.echo(f"已清理 {leftovers} 个未写完或未登记的上传文件、{files} 个已删除且未被申请使用的附件。")
