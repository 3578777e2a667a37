"""Commands that build and check the index, and the helpers every command uses to open it."""
from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from panelbot.config import Config

err = Console(stderr=True)


def run_index(config: Config, as_json: bool = False, quiet: bool = False):
    """Index the corpus folder with a progress bar and a summary; returns the Summary."""
    from indexer.build import Progress as Callbacks, build_index
    from panelbot.embed import Embedder

    embedder = Embedder(config.model, config.threads, config.batch_size)
    show = not (as_json or quiet)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, disable=not show, transient=False) as bar:
        task = bar.add_task("Reading", total=None)
        callbacks = Callbacks(
            reading=lambda file: bar.update(task, description=f"Reading {file}"),
            embedding_started=lambda total: bar.update(task, description="Embedding chunks and sentences",
                                                       total=total, completed=0),
            embedded=lambda count: bar.advance(task, count))
        summary = build_index(config.corpus_dir, config.data_dir, embedder, config.chunk_tokens, callbacks)
    if as_json:
        click.echo(json.dumps(summary.as_json()))
    elif not quiet:
        print_summary(summary)
    for file, reason in summary.failed:
        err.print(f"Error: {config.corpus_dir / file}: {reason}", markup=False, highlight=False, soft_wrap=True)
    return summary


def print_summary(summary) -> None:
    table = Table(title="Index summary", show_header=False)
    for label, files in (("new", summary.new), ("changed", summary.changed), ("unchanged", summary.unchanged),
                         ("removed", summary.removed)):
        table.add_row(f"documents {label}", str(len(files)))
    table.add_row("documents failed", str(len(summary.failed)))
    table.add_row("pages", str(summary.pages))
    table.add_row("chunks", str(summary.chunks))
    table.add_row("chunks embedded", str(summary.embedded))
    table.add_row("sentences embedded", str(summary.sentences_embedded))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    table.add_row("index", "updated" if summary.swapped else "already up to date")
    err.print(table)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def index(config: Config, as_json: bool) -> None:
    """Index the corpus folder (only what changed). Exit 1 when a file could not be read."""
    summary = run_index(config, as_json)
    if summary.failed:
        sys.exit(1)


@click.command()
@click.pass_obj
def doctor(config: Config) -> None:
    """Check the serving index is whole: SQLite, FAISS and files agree. Exit 1 on any problem."""
    from panelbot.index.doctor import check_index
    from panelbot.embed import model_identity

    checkup = check_index(config.data_dir, model_identity(config.model))
    for problem in checkup.problems:
        click.echo(f"Error: {problem}", err=True)
    if checkup.build and checkup.problems:
        click.echo(f"To rebuild: delete {config.data_dir / 'current'} and run `panelbot index`.", err=True)
    if checkup.problems:
        sys.exit(1)
    click.echo(f"index OK: {checkup.documents} documents, {checkup.chunks} chunks")


def open_engine(config: Config, warm: bool = True):
    """The engine over the serving index, indexing the corpus first when there is no index yet; warmed by a first
    question unless `warm` is False (a one-shot `ask` has its own first question, and the warm-up's odd words
    would load wordfreq's list for nothing)."""
    from panelbot.engine import Engine
    from panelbot.index.builds import CURRENT

    from panelbot.embed import Embedder

    embedder = Embedder(config.model, config.threads, config.batch_size)
    embedder.dimension   # a model that cannot load says what to set, rather than an index built with another
    if not (config.data_dir / CURRENT).exists():
        err.print(f"No index in {config.data_dir} yet: indexing {config.corpus_dir} first.")
        run_index(config)
    engine = Engine(config.data_dir, embedder, config.answer)
    if warm:
        engine.warm_up()
    return engine
