"""Answering a question: read it (question.py) -> retrieve candidates (retrieve.py) -> rank sentences (rank.py) ->
judge the evidence (evidence.py) -> quote with citations (compose.py); every number in settings.py."""
