"""flask --app wsgi clean-uploads: what a crash or 删除 left in the upload folder."""
import click
from flask import current_app

from ..extensions import db
from ..services import attachments


@click.command("clean-uploads")
def clean_uploads_command():
    """Remove half-written uploads (older than an hour) and unused removed attachments."""
    with db.connection_context():
        parts, files = attachments.clean_up(current_app.config["UPLOAD_DIR"])
    click.echo(f"已清理 {parts} 个未写完的上传文件、{files} 个已删除且未被申请使用的附件。")
