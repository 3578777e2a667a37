"""Commands and helpers that bring papers in: `panelbot fetch` from the council's site, and `serve`'s background
threads that re-index a changed corpus folder, announce new papers and fetch on a schedule."""
from __future__ import annotations

import json
import sys

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from panelbot.cli.index import err
from panelbot.config import Config


def fetch_settings(config: Config, since=None):
    from indexer.fetch import FetchSettings

    return FetchSettings(config.moderngov_url, config.committee_id, config.corpus_dir, config.data_dir,
                         config.user_agent, config.pause_seconds, config.timeout_seconds,
                         config.max_pdf_mb * 1024 * 1024, since)


def run_fetch(config: Config, since=None, as_json: bool = False, quiet: bool = False):
    """Fetch new papers from the council's site with a progress bar, a summary and an `Error:` line per failure."""
    from indexer.fetch import FetchProgress, check_source, fetch_papers

    check_source(config.moderngov_url, config.committee_id)
    show = not (as_json or quiet)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, disable=not show) as bar:
        task = bar.add_task(f"Listing meetings at {config.moderngov_url}", total=None)
        summary = fetch_papers(fetch_settings(config, since), FetchProgress(
            meetings_found=lambda total: bar.update(task, total=total, completed=0),
            reading=lambda label: bar.update(task, description=f"Reading the {label}"),
            meeting_done=lambda: bar.advance(task)))
    if as_json:
        click.echo(json.dumps(summary.as_json()))
    elif not quiet:
        print_fetch_summary(config, summary)
    for failure in summary.failed:
        err.print(f"Error: {failure}", markup=False, highlight=False, soft_wrap=True)
    return summary


def print_fetch_summary(config: Config, summary) -> None:
    table = Table(title="Fetch summary", show_header=False)
    table.add_row("meetings listed", str(summary.meetings_listed))
    table.add_row("meeting pages read", str(summary.meetings_read))
    table.add_row("papers fetched", str(len(summary.fetched)))
    table.add_row("papers already fetched", str(summary.already_fetched))
    table.add_row("failures", str(len(summary.failed)))
    table.add_row("requests", str(summary.requests))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    err.print(table)
    for paper in summary.fetched:
        err.print(f"  {config.corpus_dir.name}/{paper.file}  <- {paper.url}", markup=False, highlight=False,
                  soft_wrap=True)


@click.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only meetings on or after YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def fetch(config: Config, since, as_json: bool) -> None:
    """Download the committee's new public papers from its ModernGov site into the corpus folder; `panelbot index`
    (or a running `panelbot serve`) makes them answerable. Exit 1 when any paper could not be fetched."""
    summary = run_fetch(config, since and since.date(), as_json)
    if summary.failed:
        sys.exit(1)


def keep_current(config: Config, embedder=None):
    """Background threads for `serve`: re-index when the corpus folder changes, announcing new papers, and fetch
    from the council's site every [sources] fetch_every hours. The engine answers from the old build meanwhile."""
    from indexer.build import build_index
    from indexer.fetch import wait_for_fetch
    from panelbot.embed import Embedder
    from panelbot.watch import Background

    # the engine's own model is not shared: a tokenizer used by two threads at once fails ("Already borrowed")
    embedder = embedder or Embedder(config.model, config.threads, config.batch_size)

    def reindex() -> None:
        wait_for_fetch(config.data_dir)
        summary = build_index(config.corpus_dir, config.data_dir, embedder, config.chunk_tokens)
        for file, reason in summary.failed:
            err.print(f"Error: {config.corpus_dir / file}: {reason}", markup=False, highlight=False, soft_wrap=True)
        if summary.swapped:
            err.print(f"Re-indexed {config.corpus_dir}: {len(summary.new)} new, {len(summary.changed)} changed, "
                      f"{len(summary.removed)} removed papers; answering from the new index.", highlight=False)
            announce_new(config)

    def fetch() -> None:
        summary = run_fetch(config, quiet=True)
        failed = f"; {len(summary.failed)} failed, each said above" if summary.failed else ""
        err.print(f"Fetched {len(summary.fetched)} new papers from {config.moderngov_url}{failed}.", highlight=False)

    background = Background()
    background.watch(config.corpus_dir, reindex)
    if config.fetch_every:
        background.every(config.fetch_every, fetch, "fetch")
    return background


def announce_new(config: Config) -> list[str]:
    """Post the papers not yet announced in PANELBOT_ANNOUNCE_CHANNEL, when it and a bot token are set."""
    if not (config.announce_channel and config.slack_bot_token):
        return []
    from bot.announce import Announcer
    from bot.app import web_client
    from panelbot.fetched import FetchRecord
    from panelbot.index.store import open_serving

    store = open_serving(config.data_dir)
    if store is None:
        return []
    try:
        announcer = Announcer(web_client(config), config.announce_channel, config.data_dir)
        return announcer.announce(store.documents(), FetchRecord(config.data_dir).by_file())
    finally:
        store.close()
