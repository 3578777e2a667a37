"""Shared test pieces: the real model and a real index of corpus/, built once per test run."""
from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from panelbot.config import load_config
from slack_api import FakeSlack

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No test sees a developer's PANELBOT_* or SLACK_* settings."""
    for name in list(os.environ):
        if name.startswith(("PANELBOT_", "SLACK_")):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder():
    """The real default model, loaded once."""
    from panelbot.embed import Embedder

    config = load_config({})
    return Embedder(config.model, config.threads, config.batch_size)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, embedder):
    """A real index of a copy of corpus/, built once: (corpus folder, data folder)."""
    from indexer.build import build_index

    root = tmp_path_factory.mktemp("index")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    data = root / "data"
    summary = build_index(corpus, data, embedder, load_config({}).chunk_tokens)
    assert not summary.failed
    return corpus, data


@pytest.fixture(scope="session")
def config(built_index):
    """Config pointing at the session's index (secrets empty)."""
    corpus, data = built_index
    return replace(load_config({}), corpus_dir=corpus, data_dir=data)


@pytest.fixture(scope="session")
def engine(config, embedder):
    from panelbot.engine import Engine

    return Engine(config.data_dir, embedder, config.answer)


@pytest.fixture
def slack_api():
    """A fake Slack Web API on 127.0.0.1 that records every call."""
    api = FakeSlack()
    yield api
    api.close()
