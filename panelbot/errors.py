"""The one error type a user sees: what went wrong, where, and what to do."""


class PanelbotError(Exception):
    """A problem the user can fix; the message is one sentence shown as `Error: ...`."""
