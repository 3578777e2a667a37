"""A torture corpus through `panelbot index`: each bad file fails alone with one line, every good file is indexed."""
import json
import os
import shutil

import pytest
from click.testing import CliRunner

from indexer.build import build_index
from indexer.readers import read_document
from indexer.readers.unicode import normalise_text
from panelbot.answer.settings import AnswerSettings
from panelbot.cli import cli
from panelbot.engine import Engine
from panelbot.errors import PanelbotError
from panelbot.index.store import open_serving

from conftest import CORPUS
from torture import (BAD_FILES, BCB, GOOD_FILES, LATIN1_TABLE, LONG_PAGES, LONG_PDF, UNICODE_NOTES,
                     unreadable_entries, write_torture_corpus)

INDEX_SECONDS = 120    # a generous bound for the 1,200-page PDF on a shared two-core machine


def panelbot(corpus, data, *args):
    """`panelbot ARGS` on these folders, whatever PANELBOT_* the developer has set."""
    env = {name: None for name in os.environ if name.startswith("PANELBOT_")}
    env.update(PANELBOT_CORPUS_DIR=str(corpus), PANELBOT_DATA_DIR=str(data))
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def torture(tmp_path_factory):
    """The torture corpus indexed once with `panelbot index --json`: (corpus, data, result)."""
    root = tmp_path_factory.mktemp("torture")
    corpus, data = write_torture_corpus(root / "corpus"), root / "data"
    return corpus, data, panelbot(corpus, data, "index", "--json")


def test_bad_files_fail_alone_and_the_exit_code_says_so(torture):
    corpus, data, result = torture
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    failed = {f["file"]: f["reason"] for f in summary["failed"]}
    assert sorted(failed) == sorted(BAD_FILES)
    for file, reason in BAD_FILES.items():
        assert failed[file].startswith(reason), file
    assert sorted(summary["new"]) == sorted(GOOD_FILES) and summary["swapped"]
    assert sorted(open_serving(data).documents()) == sorted(GOOD_FILES)


def test_the_1200_page_pdf_indexes_in_reasonable_time(torture):
    corpus, data, result = torture
    assert json.loads(result.stdout)["seconds"] < INDEX_SECONDS
    store = open_serving(data)
    assert store.documents()[LONG_PDF].pages == LONG_PAGES
    pages = {page for _, c in store.chunks_of(LONG_PDF) for page in range(c.page_start, c.page_end + 1)}
    assert pages == set(range(1, LONG_PAGES + 1))


def test_a_page_deep_in_the_long_pdf_is_cited(torture, embedder):
    corpus, data, result = torture
    answer = Engine(data, embedder, AnswerSettings()).ask("what was the budget line for ward 777?")
    assert answer.found and "5439 pounds" in answer.text
    assert (answer.citations[0].file, answer.citations[0].pages) == (LONG_PDF, (777,))


def test_odd_unicode_is_indexed_and_quoted_as_plain_text(torture, embedder):
    corpus, data, result = torture
    text = " ".join(c.text for _, c in open_serving(data).chunks_of(UNICODE_NOTES))
    assert not set(text) & set("\u00a0\u202f\u200b\u200e\u200f\ufb01\ufb02\ufb03")
    answer = Engine(data, embedder, AnswerSettings()).ask("what did the panel note about the finance report?")
    assert answer.citations[0].file == UNICODE_NOTES
    assert "The Panel noted the finance report on fleet costs and asked for a quarterly update." in answer.text


def test_a_latin1_table_with_ragged_rows_keeps_every_cell(torture):
    corpus, data, result = torture
    lines = {line for _, c in open_serving(data).chunks_of(LATIN1_TABLE) for line in c.text.splitlines()}
    assert {"Lead: Café refurbishment team", "Column 4: £2.4m extra", "Column 4: “urgent”",
            "Column 5: note"} <= lines


def test_each_bad_file_gets_one_error_line(torture):
    corpus, data, _ = torture
    result = panelbot(corpus, data, "index")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == len(BAD_FILES)
    for file, reason in BAD_FILES.items():
        assert sum(line.startswith(f"Error: {corpus / file}: {reason}") for line in lines) == 1, file


def test_a_second_run_reports_the_same_failures_and_embeds_nothing(torture):
    corpus, data, first = torture
    result = panelbot(corpus, data, "index", "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 1 and summary["embedded"] == 0 and not summary["swapped"]
    assert summary["failed"] == json.loads(first.stdout)["failed"]


def test_a_corpus_without_bad_files_exits_0(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / UNICODE_NOTES).write_text("The Panel noted the report.")
    result = panelbot(corpus, tmp_path / "data", "index", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["failed"] == []


def test_an_unreadable_file_is_named_by_the_reader(tmp_path):
    for name, reason in unreadable_entries(tmp_path).items():
        with pytest.raises(PanelbotError) as error:
            read_document(tmp_path / name)
        assert str(error.value).startswith(f"{name}: {reason} ("), name


def test_an_unreadable_file_fails_alone_in_a_run(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    entries = unreadable_entries(corpus)
    shutil.copy(CORPUS / BCB, corpus / BCB)
    summary = build_index(corpus, tmp_path / "data", embedder, 200)
    assert summary.new == [BCB]
    assert {file: reason.split(" (")[0] for file, reason in summary.failed} == entries


@pytest.mark.parametrize("odd, plain", [
    ("\ufb01nance o\ufb03ce", "finance office"),              # ligatures
    ("Chief\u00a0Constable\u202fsaid", "Chief Constable said"),  # no-break spaces
    ("Pol\u200bice\u200d \ufeffBoard", "Police Board"),         # zero-width characters
    ("\u200fagreed\u200e \u202bthe\u202c plan", "agreed the plan"),  # direction marks and embeddings
    ("co\u00adoperation\x00", "cooperation"),                    # soft hyphen, a broken font's NUL
    ("Café £1.8m – “noted”\n\tnext", "Café £1.8m – “noted”\n\tnext"),   # ordinary text is left alone
])
def test_odd_unicode_is_made_plain(odd, plain):
    assert normalise_text(odd) == plain
