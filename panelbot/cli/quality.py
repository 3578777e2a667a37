"""Commands that measure and improve answers: eval on a QA file, tune the model, and the bench."""
from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from panelbot.cli.index import err, open_engine
from panelbot.config import Config
from panelbot.errors import PanelbotError


@click.command(name="eval")
@click.argument("qa_file", type=click.Path(path_type=Path))
@click.option("--k", default=3, show_default=True, help="Citations that count for hit@k.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary and rows as JSON.")
@click.option("--show-misses", is_flag=True, help="List the questions that failed, with what was cited.")
@click.pass_obj
def evaluate(config: Config, qa_file: Path, k: int, as_json: bool, show_misses: bool) -> None:
    """Score the engine on a QA file: JSON lines with question, answer (null when the papers cannot answer),
    must_include, source and quote (docs/quality.md)."""
    from indexer.build import corpus_files
    from indexer.readers import read_document
    from indexer.readers.pdf import printed_pages
    from panelbot.quality.evaluate import load_qa, misses, normalise, score_item, summarise

    items = load_qa(qa_file)
    engine = open_engine(config)
    pages = {p.name: [normalise(text) for text in printed_pages(p)] if p.suffix.lower() == ".pdf"
             else [normalise(page.text) for page in read_document(p).pages] for p in corpus_files(config.corpus_dir)}
    rows = [score_item(item, engine.ask(item.question), pages, k) for item in items]
    summary = summarise(rows)
    if as_json:
        click.echo(json.dumps({"summary": summary, "misses": [r.item.id for r in misses(rows)],
                               "rows": [row.as_json() for row in rows]}))
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


@click.command()
@click.argument("qa_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path), help="New folder for the tuned model.")
@click.option("--epochs", default=1, show_default=True, type=click.IntRange(1, 20), help="Passes over the examples.")
@click.pass_obj
def tune(config: Config, qa_files: tuple[Path, ...], out: Path, epochs: int) -> None:
    """Tune the configured model on QA files about the indexed papers; serve it with PANELBOT_MODEL=OUT."""
    from panelbot.embed import SHIPPED_MODELS, resolve_model
    from panelbot.quality.evaluate import load_qa
    from panelbot.quality.tune import check_out, examples, fine_tune

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


@click.command()
@click.option("--sizes", default="1000,10000,100000,1000000", show_default=True,
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
            "full_text_p95_ms", "recall_at_10", "index_mb", "cold_start_s", "write_build_s"]
    for key in keys:   # "retrieval_p95_ms" as "retrieval p95 ms", so the columns wrap instead of being cut
        serving.add_column(key.replace("_", " "), justify="right")
    for row in results["serving"]:
        serving.add_row(*(str(row[key]) for key in keys))
    Console().print(serving)
    click.echo("Written: bench/results/latest.json, bench/results/latest.png")
