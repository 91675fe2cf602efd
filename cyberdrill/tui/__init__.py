"""The Textual terminal UI: launcher, team console, instructor console."""
