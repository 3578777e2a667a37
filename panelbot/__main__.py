"""`python -m panelbot`: the same as the `panelbot` command."""
from panelbot.cli import main

main()
