"""The frictions a newcomer met on 2026-12-07, each answered in words (issue 22)."""
import sys

import pytest
from click.testing import CliRunner

from panelbot.cli import cli


@pytest.fixture
def run(config, monkeypatch):
    monkeypatch.setenv("PANELBOT_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("PANELBOT_CORPUS_DIR", str(config.corpus_dir))

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, list(args), input=input)
    return invoke


def test_an_empty_question_says_how_to_ask_instead_of_waiting(run):
    result = run("ask", "  ")
    assert result.exit_code == 1
    assert result.stderr.startswith('Error: no question given; ask one in quotes, e.g. panelbot ask "')


def test_a_model_that_cannot_load_says_what_to_set_not_to_re_index(run, monkeypatch, tmp_path):
    monkeypatch.setenv("PANELBOT_MODEL", str(tmp_path / "no-such-model"))
    result = run("ask", "who chaired the panel?")
    assert result.exit_code == 1
    assert "set PANELBOT_MODEL (or [index] model) to a local model folder" in result.stderr
    assert "panelbot index" not in result.stderr


def test_no_decisions_in_a_period_names_the_period(run):
    result = run("decisions", "--since", "2030-01-01")
    assert result.stdout.strip() == "No recorded decisions in the papers from 1 January 2030."


def test_a_question_over_the_limit_is_said_to_be_cut_and_the_chat_edits_lines(run):
    result = run("chat", input="who chaired the panel " + "please " * 200 + "?\n\n")
    assert "Note: only the first 1000 characters of that question were read." in result.stderr
    assert "readline" in sys.modules
