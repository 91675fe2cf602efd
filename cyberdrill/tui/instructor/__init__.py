"""The instructor console: clock, progress grid, what is coming up, event feed, marking, the end."""
