"""What every command shares: the refusal on standard error, the progress bar, mail links."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app

from contest.services import DomainError


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@contextmanager
def written_whole(output: Path) -> Iterator[Path]:
    """Write a file under a ".part" name and put it in place only once it is complete: no half
    file is ever left at `output`; a refused write (DomainError) ends the command with its
    message."""
    partial = output.with_name(output.name + ".part")
    try:
        yield partial
    except DomainError as error:
        partial.unlink(missing_ok=True)
        fail(f"Lỗi: {error}")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, output)


def mail_context():
    """A request context for e-mails sent by a command: their links need the site's address,
    which a command has no request to learn from. Flask builds it from SERVER_NAME when that
    is set, otherwise from the BASE_URL setting."""
    if current_app.config.get("SERVER_NAME"):
        return current_app.test_request_context()
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"])


class _NoProgress:
    """Stands in for click's progress bar when the output is not a terminal."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def progress(length: int, label: str):
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    if sys.stdout.isatty():
        return click.progressbar(length=length, label=label)
    return _NoProgress()
