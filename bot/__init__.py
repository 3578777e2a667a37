"""The Slack face: a thin slack-bolt app over `panelbot.engine.Engine`."""
