"""What Slack ids look like. Settings' allow-lists and papers' access sidecars name channels and users by id, never
by name: "#general" or "@jane" would silently match nobody."""
import re

CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
