"""Rendering scorecards and after-action reports through Jinja2 templates."""
