"""panelbot: answers questions about meeting papers with verbatim quotes and page citations."""
