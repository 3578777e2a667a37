"""The command line: `panelbot index | ask | chat | serve | decisions | eval | tune | ...`. Reads config once, draws
progress and turns a user's error into one `Error:` line; the commands live beside it, grouped by what they do."""
from __future__ import annotations

import logging
import os
import sys
import traceback

import click

from panelbot.cli.answers import ask, chat, decisions, feedback, serve, slack
from panelbot.cli.index import doctor, index
from panelbot.cli.quality import bench, evaluate, tune
from panelbot.cli.sources import fetch
from panelbot.config import load_config
from panelbot.errors import PanelbotError


class Group(click.Group):
    """Turns a PanelbotError into one `Error: ...` line and exit 1, in this one place."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PanelbotError as e:
            if ctx.params.get("verbose"):
                traceback.print_exc()
            raise click.ClickException(str(e))


def _quiet_libraries() -> None:
    # The model must load from disk: never reach for a hub, and keep the libraries' own bars off our screen.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


@click.group(cls=Group)
@click.option("-v", "--verbose", is_flag=True, help="Log more, and show tracebacks of errors.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """panelbot: answers questions about meeting papers, citing the pages."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    _quiet_libraries()
    ctx.obj = load_config()


for command in (index, doctor, ask, chat, serve, decisions, slack, feedback, evaluate, tune, bench, fetch):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="panelbot")
