"""What the indexer and the engine both need of text: sentences and what is quotable, terms, dates, wording."""
