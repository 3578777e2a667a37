"""The indexer: turns the files of corpus/ into an index (read -> split -> embed -> store)."""
