"""Settings: config/panelbot.toml, overridden by PANELBOT_* environment variables, read once at start-up."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from panelbot.answer.settings import AnswerSettings
from panelbot.errors import PanelbotError
from panelbot.slack_ids import CHANNEL_ID, USER_ID

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "panelbot.toml"

# (section, key) -> (environment variable, type)
SETTINGS = {
    ("corpus", "dir"): ("PANELBOT_CORPUS_DIR", Path),
    ("index", "data_dir"): ("PANELBOT_DATA_DIR", Path),
    ("index", "model"): ("PANELBOT_MODEL", str),
    ("index", "chunk_tokens"): ("PANELBOT_CHUNK_TOKENS", int),
    ("index", "batch_size"): ("PANELBOT_BATCH_SIZE", int),
    ("index", "threads"): ("PANELBOT_THREADS", int),
    ("answer", "top_k"): ("PANELBOT_TOP_K", int),
    ("answer", "max_sentences"): ("PANELBOT_MAX_SENTENCES", int),
    ("answer", "min_evidence"): ("PANELBOT_MIN_EVIDENCE", float),
    ("answer", "sure_evidence"): ("PANELBOT_SURE_EVIDENCE", float),
    ("slack", "docs_url"): ("PANELBOT_DOCS_URL", str),
    ("slack", "allowed_channels"): ("PANELBOT_ALLOWED_CHANNELS", list),
    ("slack", "allowed_users"): ("PANELBOT_ALLOWED_USERS", list),
    ("slack", "rate_limit_per_minute"): ("PANELBOT_RATE_LIMIT", int),
    ("slack", "announce_channel"): ("PANELBOT_ANNOUNCE_CHANNEL", str),
    ("sources", "moderngov_url"): ("PANELBOT_MODERNGOV_URL", str),
    ("sources", "committee_id"): ("PANELBOT_COMMITTEE_ID", int),
    ("sources", "fetch_every"): ("PANELBOT_FETCH_EVERY", float),
    ("sources", "pause_seconds"): ("PANELBOT_FETCH_PAUSE", float),
    ("sources", "timeout_seconds"): ("PANELBOT_FETCH_TIMEOUT", float),
    ("sources", "max_pdf_mb"): ("PANELBOT_MAX_PDF_MB", int),
    ("sources", "user_agent"): ("PANELBOT_USER_AGENT", str),
}

# Settings with bounds beyond "not negative": (least, most). A zero batch or zero quotes cannot work, and
# the evidence thresholds are shares: NaN would silently turn off "I couldn't find that".
BOUNDS = {"chunk_tokens": (1, None), "batch_size": (1, None), "threads": (1, None), "top_k": (1, None),
          "max_sentences": (1, None), "min_evidence": (0.0, 1.0), "sure_evidence": (0.0, 1.0),
          "fetch_every": (0.0, 24 * 365), "pause_seconds": (0.0, 600.0), "max_pdf_mb": (1, None),
          "timeout_seconds": (0.1, 3600.0)}

# allow-lists name them by id; the announcement channel is one id, or "" for none
SLACK_IDS = {"allowed_channels": CHANNEL_ID, "allowed_users": USER_ID,
             "announce_channel": re.compile(f"({CHANNEL_ID.pattern})?")}


@dataclass(frozen=True)
class Config:
    corpus_dir: Path
    data_dir: Path
    model: str
    chunk_tokens: int
    batch_size: int
    threads: int
    answer: AnswerSettings
    docs_url: str
    allowed_channels: tuple[str, ...]
    allowed_users: tuple[str, ...]
    rate_limit_per_minute: int
    announce_channel: str = ""          # Slack channel id told of new papers; "" = none
    moderngov_url: str = ""             # the council's ModernGov site, with its path if any
    committee_id: int = 0
    fetch_every: float = 0.0            # hours between fetches while serving; 0 = never
    pause_seconds: float = 2.0          # between two requests to the council's site
    timeout_seconds: float = 60.0       # for one answer of the site
    max_pdf_mb: int = 100
    user_agent: str = ""
    slack_bot_token: str = field(default="", repr=False)
    slack_signing_secret: str = field(default="", repr=False)
    slack_app_token: str = field(default="", repr=False)
    slack_api_url: str = ""


def _convert(raw, kind, name: str):
    """Turn a TOML or environment value into `kind`, naming the setting when it cannot."""
    try:
        if kind is list:
            if isinstance(raw, str):
                return tuple(part.strip() for part in raw.split(",") if part.strip())
            if not isinstance(raw, list):
                raise ValueError
            return tuple(str(item) for item in raw)
        if kind in (int, float) and isinstance(raw, bool):
            raise ValueError
        value = kind(raw)
    except (TypeError, ValueError):
        raise PanelbotError(f"setting {name} = {raw!r} is not a valid {kind.__name__}; fix it or unset it.")
    if kind in (int, float) and value < 0:
        raise PanelbotError(f"setting {name} = {raw!r} must not be negative.")
    return value


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise PanelbotError(f"{path}: config file not found; set PANELBOT_CONFIG to an existing file.")
    except tomllib.TOMLDecodeError as e:
        raise PanelbotError(f"{path}: not valid TOML ({e}); fix the file.")


def load_config(env: dict[str, str] | None = None) -> Config:
    """Read the config file (PANELBOT_CONFIG or config/panelbot.toml) and apply PANELBOT_* overrides."""
    env = os.environ if env is None else env
    path = Path(env.get("PANELBOT_CONFIG") or DEFAULT_CONFIG)
    table = _read_toml(path)
    root = path.resolve().parent.parent
    values, names = {}, {}
    for (section, key), (var, kind) in SETTINGS.items():
        name = f"[{section}] {key}"
        if env.get(var, "") != "":
            raw, name = env[var], var
        elif key in table.get(section, {}):
            raw = table[section][key]
        else:
            raise PanelbotError(f"{path}: missing setting {key} in [{section}]; add it (see config/panelbot.toml).")
        value = _convert(raw, kind, name)
        least, most = BOUNDS.get(key, (None, None))
        if least is not None and not (least <= value and (most is None or value <= most)):   # NaN fails too
            span = f"at least {least}" if most is None else f"from {least} to {most}"
            raise PanelbotError(f"setting {name} = {raw!r} must be {span}; fix it or unset it.")
        if kind is Path:
            value = value.expanduser()   # "~/papers" in an .env or a systemd unit
            value = value if value.is_absolute() else root / value
        if key in SLACK_IDS and (wrong := [v for v in ((value,) if isinstance(value, str) else value)
                                           if not SLACK_IDS[key].fullmatch(v)]):
            example = "C0123ABCD" if key == "allowed_channels" else "U0123ABCD"
            raise PanelbotError(f"setting {name}: {', '.join(wrong)} is not a Slack id (like {example}); "
                                "give ids, not names.")
        values[f"{section}_{key}" if key == "dir" else key] = value
        names[key] = name
    if values["sure_evidence"] < values["min_evidence"]:
        raise PanelbotError(f"setting {names['sure_evidence']} = {values['sure_evidence']} is below "
                            f"{names['min_evidence']} = {values['min_evidence']}; raise the one or lower the other.")
    answer = AnswerSettings(max_quoted_sentences=values.pop("max_sentences"), max_citations=values.pop("top_k"),
                            min_evidence=values.pop("min_evidence"), sure_evidence=values.pop("sure_evidence"))
    return Config(
        **values,
        answer=answer,
        slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        slack_app_token=env.get("SLACK_APP_TOKEN", ""),
        slack_api_url=env.get("SLACK_API_URL", ""),
    )
