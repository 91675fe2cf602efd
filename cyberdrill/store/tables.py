"""The SQLModel tables. Only the event log (`events`) is a source of truth: the cached columns of
`sessions` (status, last_seq, exercise_time, score) are rebuilt from it by `SqlLog.rebuild_cache`, and
`seats` records presence and `commands` the ids of the commands recorded (so a resend is recognised), not
facts of the drill. Domain types (SessionInfo, Event) are converted at the
boundary in sql_log.py; nothing outside store/ sees these classes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class SessionRow(SQLModel, table=True):
    __tablename__ = "sessions"

    id: str = Field(primary_key=True)
    pack: str
    pack_version: str
    pack_hash: str
    seed: int
    teams: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = "open"
    created_at: str | None = None
    ended_at: str | None = None
    # Cached from the log, for listing without a replay.
    last_seq: int = 0
    exercise_time: int = 0
    score: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    score_seq: int = 0  # the last_seq `score` was computed at; older than last_seq means stale


class SeatRow(SQLModel, table=True):
    __tablename__ = "seats"

    session_id: str = Field(primary_key=True, foreign_key="sessions.id")
    seat: str = Field(primary_key=True)  # a team id, "instructor" or "host"
    holder: str
    joined_at: str
    heartbeat_at: float  # epoch seconds, refreshed by a live holder


class EventRow(SQLModel, table=True):
    __tablename__ = "events"

    # (session_id, seq) is the primary key: gapless and unique per session, and the index that makes
    # polling `WHERE session_id = ? AND seq > ?` cheap.
    session_id: str = Field(primary_key=True, foreign_key="sessions.id")
    seq: int = Field(primary_key=True)
    type: str
    team: str | None = None  # the event's `team` field, when it has one
    t: int  # exercise seconds
    wall_at: str | None = None
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # Event.to_json()


class CommandRow(SQLModel, table=True):
    __tablename__ = "commands"

    # A client-generated command id, unique per session: a console that resends a command after losing
    # the acknowledgement of its commit finds it here and records nothing twice.
    session_id: str = Field(primary_key=True, foreign_key="sessions.id")
    command_id: str = Field(primary_key=True)
    first_seq: int  # the events the command's commit appended
    last_seq: int


class SchemaVersionRow(SQLModel, table=True):
    __tablename__ = "schema_version"

    id: int = Field(default=1, primary_key=True)  # a single row
    version: int
    written_by: str  # the cyberdrill version that last created or upgraded the schema
