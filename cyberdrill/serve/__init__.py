"""`cyberdrill serve`: team seats over SSH and the web, on the serving machine, behind per-team access codes."""
