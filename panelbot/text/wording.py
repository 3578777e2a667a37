"""How council papers word what the indexer and the engine both look for: recorded decisions and acronyms."""
from __future__ import annotations

import re

# How minutes record a decision, in capitals: "The Panel AGREED to ...", "RESOLVED that ..."
RECORDED_DECISION_VERBS = r"AGREED|RESOLVED|APPROVED|ENDORSED?|NOTED"
RECORDED_DECISION = re.compile(rf"\b({RECORDED_DECISION_VERBS})\b")
# "the acting CFO", "how many PCSOs": an acronym the papers may spell out; not two letters, which spell out too
# many ways
ACRONYM = re.compile(r"\b([A-Z]{3,6})s?\b")
