"""Finding dates written the way council papers write them ("12th September 2018", "2 FEBRUARY 2022")."""
from __future__ import annotations

import re
from datetime import date

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
LONG_DATE = re.compile(
    r"\b(\d{1,2})\s?(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\s*,?\s+(\d{4})\b", re.IGNORECASE)
FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def find_date(text: str) -> date | None:
    """The first full date written in `text`, or None."""
    for match in LONG_DATE.finditer(text):
        day, month, year = int(match[1]), MONTHS.index(match[2].lower()) + 1, int(match[3])
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def date_from_file_name(name: str) -> date | None:
    """`2022-03-23-agenda-pack.pdf` -> 2022-03-23; names without a full date give None."""
    match = FILE_DATE.match(name)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def title_from_file_name(name: str) -> str:
    """`2022-03-23-police-and-crime-panel-agenda-pack.pdf` -> `Police and crime panel agenda pack`."""
    stem = name.rsplit(".", 1)[0]
    stem = re.sub(r"^\d{4}(-\d{2}){0,2}-", "", stem)
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize() if words else name
