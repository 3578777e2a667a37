"""Commands that answer: one question, a terminal chat, the Slack bot, the decisions register, and feedback."""
from __future__ import annotations

import json
import sys

import click

from panelbot.cli.index import err, open_engine, run_index
from panelbot.cli.sources import announce_new, keep_current
from panelbot.config import Config
from panelbot.errors import PanelbotError
from panelbot.models import Answer


def render(answer: Answer) -> str:
    """An answer for a terminal: the quoted answer, then numbered citations with pages."""
    lines = [*answer.caveats, answer.text]
    for n, c in enumerate(answer.citations, 1):
        pages = ", ".join(map(str, c.pages))
        when = f", meeting of {c.meeting_date:%-d %B %Y}" if c.meeting_date else ""
        when += f" ({c.body})" if c.body else ""
        lines.append(f"  [{n}] {c.file}, page {pages}{when}: {c.section}")
    return "\n".join(lines)


@click.command()
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
    engine = open_engine(config, warm=False)
    questions = [question] if question else (line.strip() for line in sys.stdin)
    for text in questions:
        if not text:
            continue
        note_if_cut(text, config.answer.max_question_chars)
        answer = engine.ask(text, channel)
        click.echo(json.dumps(answer.as_json()) if as_json else render(answer))
        sys.stdout.flush()


def note_if_cut(question: str, max_chars: int) -> None:
    """Say so when a question is longer than the engine reads."""
    if len(" ".join(question.split())) > max_chars:
        err.print(f"Note: only the first {max_chars} characters of that question were read.")


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
        note_if_cut(question, engine.settings.max_question_chars)
        click.echo(render(engine.ask(question)) + "\n")


@click.command()
@click.pass_obj
def chat(config: Config) -> None:
    """An interactive terminal chat on the same engine."""
    chat_loop(open_engine(config))


@click.command()
@click.pass_obj
def serve(config: Config) -> None:
    """The main job: bring the index up to date, then answer in Slack if tokens are set, else in a terminal chat.
    When the index cannot be brought up to date (another run holds it, a full disk), the one built serves."""
    from panelbot.index.builds import serving_build

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


@click.command()
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
        click.echo(f"No recorded decisions{f' about {topic!r}' if topic else ''} in the papers{period}.")


@click.command()
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


@click.command()
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


