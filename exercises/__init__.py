"""Bundled exercise packs (data, not code)."""
