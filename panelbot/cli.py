"""The command line: `panelbot index | ask | chat | serve | tune | ...`. Reads config once and draws progress."""
from __future__ import annotations

import json
import logging
import os
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from panelbot.config import Config, load_config
from panelbot.errors import PanelbotError
from panelbot.models import Answer

log = logging.getLogger(__name__)
err = Console(stderr=True)


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


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def index(config: Config, as_json: bool) -> None:
    """Index the corpus folder (only what changed). Exit 1 when a file could not be read."""
    summary = run_index(config, as_json)
    if summary.failed:
        sys.exit(1)


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
    for failure in summary.failed:
        err.print(f"Error: {failure}", markup=False, highlight=False, soft_wrap=True)
    return summary


@cli.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only meetings on or after YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def fetch(config: Config, since, as_json: bool) -> None:
    """Download the committee's new public papers from its ModernGov site into the corpus folder; `panelbot index`
    (or a running `panelbot serve`) makes them answerable. Exit 1 when any paper could not be fetched."""
    summary = run_fetch(config, since and since.date(), as_json)
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.pass_obj
def doctor(config: Config) -> None:
    """Check the serving index is whole: SQLite, FAISS and files agree. Exit 1 on any problem."""
    from panelbot.doctor import check_index
    from panelbot.embed import model_identity

    checkup = check_index(config.data_dir, model_identity(config.model))
    for problem in checkup.problems:
        click.echo(f"Error: {problem}", err=True)
    if checkup.build and checkup.problems:
        click.echo(f"To rebuild: delete {config.data_dir / 'current'} and run `panelbot index`.", err=True)
    if checkup.problems:
        sys.exit(1)
    click.echo(f"index OK: {checkup.documents} documents, {checkup.chunks} chunks")


def open_engine(config: Config):
    """The engine over the serving index, indexing the corpus first when there is no index yet."""
    from panelbot.engine import Engine
    from panelbot.builds import CURRENT

    from panelbot.answer import Limits
    from panelbot.embed import Embedder

    embedder = Embedder(config.model, config.threads, config.batch_size)
    embedder.dimension   # a model that cannot load says what to set, rather than an index built with another
    if not (config.data_dir / CURRENT).exists():
        err.print(f"No index in {config.data_dir} yet: indexing {config.corpus_dir} first.")
        run_index(config)
    engine = Engine(config.data_dir, embedder, Limits.from_config(config))
    engine.warm_up()
    return engine


def note_if_cut(question: str) -> None:
    """Say so when a question is longer than the engine reads."""
    from panelbot.engine import MAX_QUESTION_CHARS

    if len(" ".join(question.split())) > MAX_QUESTION_CHARS:
        err.print(f"Note: only the first {MAX_QUESTION_CHARS} characters of that question were read.")


def render(answer: Answer) -> str:
    """An answer for a terminal: the quoted answer, then numbered citations with pages."""
    lines = [*answer.caveats, answer.text]
    for n, c in enumerate(answer.citations, 1):
        pages = ", ".join(map(str, c.pages))
        when = f", meeting of {c.meeting_date:%-d %B %Y}" if c.meeting_date else ""
        lines.append(f"  [{n}] {c.file}, page {pages}{when}: {c.section}")
    return "\n".join(lines)


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@click.option("--channel", help="Answer as in this Slack channel id, from the restricted papers it may see too.")
@click.pass_obj
def ask(config: Config, question: str | None, as_json: bool, channel: str | None) -> None:
    """Answer QUESTION, or each line of standard input when no QUESTION is given (public papers only,
    unless --channel says which channel to speak for)."""
    if question is not None and not question.strip():
        raise PanelbotError('no question given; ask one in quotes, e.g. panelbot ask "what did the panel agree on '
                            'the precept?", or use panelbot chat.')
    if question is None and sys.stdin.isatty():
        err.print("Reading questions from standard input, one a line; Ctrl-D ends. "
                  '(panelbot ask "QUESTION" asks one; panelbot chat has line editing.)')
    engine = open_engine(config)
    questions = [question] if question else (line.strip() for line in sys.stdin)
    for text in questions:
        if not text:
            continue
        note_if_cut(text)
        answer = engine.ask(text, channel)
        click.echo(json.dumps(answer.as_json()) if as_json else render(answer))
        sys.stdout.flush()


def chat_loop(engine) -> None:
    try:
        import readline  # noqa: F401 - gives input() line editing and the session's history (arrow keys)
    except ImportError:   # not on every platform; the chat works without it
        pass
    err.print("Ask about the papers; an empty line or Ctrl-D ends the chat.")
    while True:
        try:
            question = input("? ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        note_if_cut(question)
        click.echo(render(engine.ask(question)) + "\n")


@cli.command()
@click.pass_obj
def chat(config: Config) -> None:
    """An interactive terminal chat on the same engine."""
    chat_loop(open_engine(config))


@cli.command()
@click.pass_obj
def serve(config: Config) -> None:
    """The main job: bring the index up to date, then answer in Slack if tokens are set, else in a terminal chat.
    When the index cannot be brought up to date (another run holds it, a full disk), the one built serves."""
    from panelbot.builds import serving_build

    try:
        run_index(config)
    except (PanelbotError, OSError) as e:
        if serving_build(config.data_dir) is None:
            raise
        err.print(f"Error: {e}\nServing the index already built.", markup=False, highlight=False, soft_wrap=True)
    engine = open_engine(config)
    announce_new(config)   # papers indexed while the bot was not running
    background = keep_current(config)
    try:
        if config.slack_bot_token:
            from bot.app import run_slack

            run_slack(config, engine, http=not config.slack_app_token)
        else:
            err.print("No SLACK_BOT_TOKEN set: starting a terminal chat (see README, Connect to Slack).")
            chat_loop(engine)
    finally:
        background.stop()


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
    from panelbot.store import Store

    store = Store.open_current(config.data_dir)
    if store is None:
        return []
    try:
        announcer = Announcer(web_client(config), config.announce_channel, config.data_dir)
        return announcer.announce(store.documents(), FetchRecord(config.data_dir).by_file())
    finally:
        store.close()


@cli.command()
@click.argument("topic", required=False, default="")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only meetings on or after YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only meetings on or before YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per decision.")
@click.pass_obj
def decisions(config: Config, topic: str, since, until, as_json: bool) -> None:
    """List the decisions the minutes record, newest first, optionally about TOPIC."""
    from panelbot.engine import Engine

    found = Engine.from_config(config).decisions(topic, since and since.date(), until and until.date())
    for decision in found:
        if as_json:
            click.echo(json.dumps(decision.as_json()))
        else:
            when = f"{decision.meeting_date:%-d %B %Y}" if decision.meeting_date else "undated"
            click.echo(f"{when} — {decision.item or 'minutes'}\n  {decision.text}\n"
                       f"  {decision.document}, page {decision.page}")
    if not found and not as_json:
        period = (f" from {since:%-d %B %Y}" if since else "") + (f" to {until:%-d %B %Y}" if until else "")
        where = f" in the papers{period}" if period else " in the papers"
        click.echo(f"No recorded decisions{f' about {topic!r}' if topic else ''}{where}.")


@cli.command(name="eval")
@click.argument("qa_file", type=click.Path(path_type=Path))
@click.option("--k", default=3, show_default=True, help="Citations that count for hit@k.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary and rows as JSON.")
@click.option("--show-misses", is_flag=True, help="List the questions that failed, with what was cited.")
@click.pass_obj
def evaluate(config: Config, qa_file: Path, k: int, as_json: bool, show_misses: bool) -> None:
    """Score the engine on a QA file (the format of ../shared/eval/dev.jsonl)."""
    from indexer.build import corpus_files
    from indexer.readers import read_document
    from panelbot.evaluate import load_qa, misses, normalise, score_item, summarise

    items = load_qa(qa_file)
    engine = open_engine(config)
    pages = {p.name: [normalise(page.text) for page in read_document(p).pages]
             for p in corpus_files(config.corpus_dir)}
    rows = [score_item(item, engine.ask(item.question), pages, k) for item in items]
    summary = summarise(rows)
    if as_json:
        click.echo(json.dumps({"summary": summary, "misses": [r.item.id for r in misses(rows)]}))
        return
    table = Table(title=f"{qa_file.name}: {len(rows)} questions")
    columns = ["n", "hit@1", "hit@k", "must_include", "abstention", "refused", "tentative", "citation_precision",
               "p50_ms", "p95_ms"]
    labels = {"hit@k": f"hit@{k}", "must_include": "must", "citation_precision": "cite prec", "p50_ms": "p50 ms",
              "p95_ms": "p95 ms"}
    table.add_column("kind", no_wrap=True)
    for column in columns:
        table.add_column(labels.get(column, column), justify="right", no_wrap=True)
    for kind, figures in summary.items():
        table.add_row(kind, *("-" if figures[c] is None else str(figures[c]) for c in columns))
    console = Console()
    (console if console.is_terminal else Console(width=120)).print(table)   # a pipe or file: no 80-column cut
    if show_misses:
        for row in misses(rows):
            cited = "; ".join(f"{c.file} p{','.join(map(str, c.pages))}" for c in row.answer.citations[:k])
            said = "answer" if row.answer.confident else "answer (tentative)"
            click.echo(f"{row.item.id} [{row.item.kind}] {row.item.question}\n  {said}: {row.answer.text[:300]}"
                       f"\n  cited: {cited or '-'}\n  gold: {', '.join(f for f, _ in row.item.sources) or 'none'}")


@cli.command()
@click.argument("qa_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="New folder for the tuned model.")
@click.option("--epochs", default=1, show_default=True, type=click.IntRange(1, 20), help="Passes over the examples.")
@click.pass_obj
def tune(config: Config, qa_files: tuple[Path, ...], out: Path, epochs: int) -> None:
    """Tune the configured model on QA files about the indexed papers; serve it with PANELBOT_MODEL=OUT."""
    from indexer.tune import check_out, examples, fine_tune
    from panelbot.embed import SHIPPED_MODELS, resolve_model
    from panelbot.evaluate import load_qa

    check_out(out)
    items = [replace(item, id=f"{path.name}:{item.id}") for path in qa_files for item in load_qa(path)]
    engine = open_engine(config)
    started = time.perf_counter()
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err) as bar:
        task = bar.add_task("Finding each answer and the best-ranked passages not holding it", total=len(items))
        training, unfound = examples(engine, items, lambda n: bar.advance(task, n))
        bar.update(task, description="Tuning", total=len(training) * epochs, completed=0)
        fine_tune(resolve_model(config.model), training, out, epochs, lambda n: bar.advance(task, n))
    table = Table(title="Tuning summary", show_header=False)
    table.add_row("questions", str(len(items)))
    table.add_row("answerable, answer not found in the papers", str(len(unfound)))
    table.add_row("examples", str(len(training)))
    table.add_row("seconds", f"{time.perf_counter() - started:.0f}")
    table.add_row("model", str(out))
    err.print(table)
    if unfound:
        err.print(f"No passage holds the quote of: {', '.join(unfound)}; check their source and quote.")
    shipped = out.resolve().parent == SHIPPED_MODELS   # models/NAME loads by its name from any folder
    name = out.name if shipped else out.resolve()
    err.print(f"Next: PANELBOT_MODEL={name} panelbot index, then panelbot eval on questions it was not tuned on.")


@cli.command()
@click.option("--http", "http", is_flag=True, help="Serve the Events API at /slack/events instead of Socket Mode.")
@click.option("--port", default=3000, show_default=True, type=click.IntRange(1, 65535), help="Port for --http.")
@click.pass_obj
def slack(config: Config, http: bool, port: int) -> None:
    """Answer in Slack: Socket Mode when SLACK_APP_TOKEN is set, else (or with --http) HTTP."""
    from bot.app import EVENTS_PATH, check_settings, run_slack

    http = http or not config.slack_app_token
    check_settings(config, http)
    engine = open_engine(config)
    mode = f"HTTP on port {port} at {EVENTS_PATH}" if http else "Socket Mode"
    err.print(f"Connecting to Slack ({mode}); Ctrl-C stops.")
    run_slack(config, engine, http=http, port=port)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per answer.")
@click.option("--down-only", is_flag=True, help="Only answers someone marked 👎.")
@click.pass_obj
def feedback(config: Config, as_json: bool, down_only: bool) -> None:
    """The questions answered in Slack, newest first, with their 👍/👎 votes."""
    from bot.feedback import FEEDBACK_FILE, list_feedback

    rows = list_feedback(config.data_dir / FEEDBACK_FILE, down_only)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    if not rows:
        err.print("No feedback yet." if not down_only else "No answers marked 👎.")
        return
    for row in rows:
        cited = "; ".join(f"{c['file']} p{','.join(map(str, c['pages']))}" for c in row["citations"][:3])
        click.echo(f"#{row['id']} {row['asked_at']} {row['channel']} {row['user']}  👍 {row['up']} 👎 {row['down']}"
                   f"\n  question: {row['question']}\n  answer{'' if row['confident'] else ' (tentative)'}: "
                   f"{row['answer'][:300]}\n  cited: {cited or '-'}")


@cli.command()
@click.option("--sizes", default="1000,10000,100000", show_default=True,
              help="Chunk counts to serve (synthetic beyond the real corpus).")
@click.pass_obj
def bench(config: Config, sizes: str) -> None:
    """Measure indexing against the model's own speed, re-indexing, and serving at each size."""
    from bench.run import run

    try:
        counts = [int(size) for size in sizes.split(",")]
    except ValueError:
        raise PanelbotError(f"--sizes {sizes!r}: give chunk counts separated by commas, e.g. 1000,10000.")
    results = run(config, counts)
    indexing, re_index = results["indexing"], results["reindexing"]
    Console().print(f"Machine: {results['machine']}")
    table = Table(title="Indexing")
    for column in ("chunks", "raw model chunks/s", "index chunks/s", "ratio", "re-index unchanged s", "add one doc s"):
        table.add_column(column, justify="right")
    table.add_row(*map(str, (indexing["chunks"], indexing["raw_chunks_per_s"], indexing["index_chunks_per_s"],
                             indexing["ratio"], re_index["reindex_unchanged_s"], re_index["add_one_document_s"])))
    Console().print(table)
    serving = Table(title="Serving (warm; sizes past the real corpus are synthetic)")
    keys = ["chunks", "retrieval_p50_ms", "retrieval_p95_ms", "answer_p50_ms", "answer_p95_ms", "peak_rss_mb",
            "full_text_p95_ms", "index_mb", "cold_start_s"]
    for key in keys:   # "retrieval_p95_ms" as "retrieval p95 ms", so the columns wrap instead of being cut
        serving.add_column(key.replace("_", " "), justify="right")
    for row in results["serving"]:
        serving.add_row(*(str(row[key]) for key in keys))
    Console().print(serving)
    click.echo("Written: bench/results/latest.json, bench/results/latest.png")


def main() -> None:
    cli(prog_name="panelbot")
