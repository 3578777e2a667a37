"""Where papers come from besides a person's copy: council democracy sites (moderngov.py)."""
