"""Bundled report templates (data, not code)."""
