"""The index on disk: builds and the serving link, writing and reading a build, full-text postings, rule versions,
and the doctor that checks a build is whole."""
