"""A paper's title when the paper gives none: from its file name."""
from __future__ import annotations

import re


def title_from_file_name(name: str) -> str:
    """`2022-03-23-police-and-crime-panel-agenda-pack.pdf` -> `Police and crime panel agenda pack`."""
    stem = name.rsplit(".", 1)[0]
    stem = re.sub(r"^\d{4}(-\d{2}){0,2}-", "", stem)
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else name
