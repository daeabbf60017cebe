"""seed-demo: the Vietnamese demo and its logins."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from contest import notifications
from contest.cli.common import mail_context
from contest.database import writing
from contest.extensions import db
from contest.services import audit


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the Vietnamese demo (idempotent) and print its logins."""
    # Imported here, not at the top: the demo pulls in Faker (about a second of start-up),
    # and every web worker registers the commands without ever running this one.
    from contest.services.demo import seed_demo

    audit.set_origin("cli")
    logins_file = Path(current_app.instance_path) / "demo-logins.txt"
    with writing(), mail_context():
        result = seed_demo()
        for login in result.logins if result is not None else ():
            notifications.send_demo_welcome(login.email, login.full_name, login.role.value)
        db.session.commit()  # the welcome mails go out through the worker (make run starts it)
    if result is not None:
        lines = [f"{login.role:<10} {login.email:<34} {login.password}" for login in result.logins]
        logins_file.write_text("\n".join(lines) + "\n")
        logins_file.chmod(0o600)
        click.echo("Đã tạo dữ liệu mẫu.")
    else:
        click.echo("Dữ liệu mẫu đã có sẵn; không tạo lại.")
    if logins_file.exists():
        click.echo("Tài khoản đăng nhập thử (vai trò, e-mail, mật khẩu):")
        click.echo(logins_file.read_text().rstrip())
