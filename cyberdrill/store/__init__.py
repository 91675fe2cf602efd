"""Persistence: SQLModel tables and the append-only event log (SQLite by default, PostgreSQL by URL)."""
