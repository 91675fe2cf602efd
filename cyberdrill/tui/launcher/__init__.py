"""The launcher: choose a pack, start a session or resume one; and the joining screen of `join`."""
