"""Odd Unicode in extracted text made plain, so words are found and quotes match what people type."""
from __future__ import annotations

import re
import unicodedata

# Zero-width characters, soft hyphens, byte-order marks and right-to-left/left-to-right marks are invisible
# on the page but split words ("Pol\u200bice" is not "Police"); control characters come from broken PDF fonts.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                       "\x00-\x08\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """Invisible characters dropped, then NFKC: ligatures (ﬁ -> fi) and no-break spaces become plain text."""
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
