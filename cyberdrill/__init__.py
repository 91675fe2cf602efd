"""cyberdrill: procedure-scored cross-border incident-response drills in the terminal."""

__version__ = "0.1.0"
