"""Thin click commands over the services (see ../shared/FORMATS.md), one module per concern."""
from __future__ import annotations

from flask import Flask

from contest.cli.accounts import create_user_command
from contest.cli.demo import seed_demo_command
from contest.cli.editions import create_edition_command, set_phase_command
from contest.cli.exports import EXPORT_COMMANDS
from contest.cli.imports import IMPORT_COMMANDS
from contest.cli.maintenance import MAINTENANCE_COMMANDS
from contest.cli.national_packages import NATIONAL_PACKAGE_COMMANDS
from contest.cli.organisations import create_organisation_command
from contest.cli.rank import rank_command
from contest.cli.worker import worker_command


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_demo_command, create_edition_command,
                    set_phase_command, rank_command, *IMPORT_COMMANDS, *EXPORT_COMMANDS,
                    create_organisation_command, *MAINTENANCE_COMMANDS,
                    *NATIONAL_PACKAGE_COMMANDS):
        app.cli.add_command(command)
    app.cli.add_command(worker_command)
