"""The EventLog on SQL (SQLite or PostgreSQL, one code path), seats included.

Appends are optimistic: the caller says which seq it last saw; the append locks the session's row
(`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE transaction already holds the database's
write lock), checks it, inserts the events with the following seqs and moves `last_seq` on, all in
one transaction. A writer that lost the race gets SeqConflict and retries after reading the new events;
the (session_id, seq) primary key backs this up, so seq stays gapless and unique whatever happens.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from cyberdrill.engine.events import Event, SessionEnded, from_json
from cyberdrill.store.base import (
    CommandRecorded,
    SeqConflict,
    SessionExists,
    SessionInfo,
    UnknownSession,
    cached_after,
    seat_taken_message,
)
from cyberdrill.store.database import run_read, run_write
from cyberdrill.store.listen import CHANNEL, LISTEN_ENV, announcement
from cyberdrill.store.seats import HOST_STALE_AFTER, Seat, SeatTaken
from cyberdrill.store.tables import CommandRow, EventRow, SeatRow, SessionRow

if TYPE_CHECKING:
    from cyberdrill.store.listen import Listener

SESSIONS = SQLModel.metadata.tables[SessionRow.__tablename__]
EVENTS = SQLModel.metadata.tables[EventRow.__tablename__]
SEATS = SQLModel.metadata.tables[SeatRow.__tablename__]
COMMANDS = SQLModel.metadata.tables[CommandRow.__tablename__]


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqlLog:
    """An EventLog backed by a SQL database. `last_seq` and `exercise_time` of a session are kept by
    `append` (they follow from the log); `update_session` writes the other fields."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._listener: Listener | None = None

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._engine.dialect.name

    # --------------------------------------------------------------------------------- live updates

    @property
    def notifies(self) -> bool:
        """PostgreSQL announces every append (NOTIFY); SQLite cannot, its readers poll. LISTEN_ENV=off
        makes PostgreSQL readers poll too (behind a pooler in transaction mode, such as PgBouncer's,
        LISTEN does not work)."""
        return self.dialect == "postgresql" and os.environ.get(LISTEN_ENV, "on").lower() != "off"

    def wait_for_events(self, session: str, after_seq: int, timeout: float) -> bool:
        """On PostgreSQL: wait on this log's LISTEN connection (store/listen.py) until an append to the
        session past `after_seq` is announced, at most `timeout` seconds. On SQLite: False at once."""
        if not self.notifies:
            return False
        if self._listener is None:
            from cyberdrill.store.listen import Listener

            self._listener = Listener(self._engine)
        return self._listener.wait(session, after_seq, timeout)

    def close(self) -> None:
        """Close the LISTEN connection, if one was opened (the engine's pool is the process's)."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    # ------------------------------------------------------------------------------------ sessions

    def create_session(self, info: SessionInfo, events: Sequence[Event] = ()) -> None:
        """Record a new session and its first `events` in one transaction (a process killed in between
        leaves neither). Raises SessionExists for a known id."""
        if info.created_at is None:
            info.created_at = _now_iso()
        row = _row_values(info)
        fresh = dataclasses.replace(info, last_seq=0, exercise_time=0, status="open", ended_at=None)
        row.update(last_seq=0, exercise_time=0, status="open", ended_at=None)
        row.update(cached_after(fresh, events))
        if row["status"] == "ended" and row["ended_at"] is None:
            row["ended_at"] = _now_iso()

        def work(connection: Connection) -> None:
            if connection.execute(select(SESSIONS.c.id).where(SESSIONS.c.id == info.id)).first():
                raise SessionExists(f"session {info.id} already exists in this database")
            connection.execute(insert(SESSIONS).values(**row))
            if events:
                connection.execute(insert(EVENTS), [_event_values(info.id, i + 1, e) for i, e in enumerate(events)])

        try:
            run_write(self._engine, work)
        except IntegrityError as error:  # created by another process between our check and insert
            raise SessionExists(f"session {info.id} already exists in this database") from error

    def session(self, session: str) -> SessionInfo:
        """The session with this id, or the one whose id starts with it; UnknownSession (a KeyError) if none
        or several."""

        def work(connection: Connection) -> list[SessionInfo]:
            exact = connection.execute(select(SESSIONS).where(SESSIONS.c.id == session)).first()
            if exact is not None:
                return [_info(exact._mapping)]
            query = select(SESSIONS).where(SESSIONS.c.id.startswith(session, autoescape=True)).limit(2)
            return [_info(r._mapping) for r in connection.execute(query)]

        found = run_read(self._engine, work)
        if len(found) != 1:
            raise UnknownSession(session)
        return found[0]

    def sessions(self) -> list[SessionInfo]:
        """Every session, oldest first."""

        def work(connection: Connection) -> list[SessionInfo]:
            query = select(SESSIONS).order_by(SESSIONS.c.created_at, SESSIONS.c.id)
            return [_info(r._mapping) for r in connection.execute(query)]

        return run_read(self._engine, work)

    def update_session(self, info: SessionInfo) -> None:
        """Write the session's fields, except `last_seq` and `exercise_time`, which only `append` moves
        (a caller holding an older copy must not move them back)."""
        values = _row_values(info)
        for owned_by_append in ("id", "last_seq", "exercise_time"):
            del values[owned_by_append]

        def work(connection: Connection) -> None:
            result = connection.execute(update(SESSIONS).where(SESSIONS.c.id == info.id).values(**values))
            if result.rowcount == 0:
                raise KeyError(info.id)

        run_write(self._engine, work)

    def rebuild_cache(self, session: str) -> SessionInfo:
        """Recompute the session's cached columns from its log (last_seq, exercise_time, status,
        ended_at); the cached score is marked stale unless it was computed at the last seq."""

        def work(connection: Connection) -> None:
            last, latest = connection.execute(
                select(func.coalesce(func.max(EVENTS.c.seq), 0), func.coalesce(func.max(EVENTS.c.t), 0))
                .where(EVENTS.c.session_id == session)
            ).one()
            ended = connection.execute(
                select(EVENTS.c.payload).where(EVENTS.c.session_id == session, EVENTS.c.type == SessionEnded.TYPE)
                .order_by(EVENTS.c.seq).limit(1)
            ).scalar()
            connection.execute(
                update(SESSIONS).where(SESSIONS.c.id == session).values(
                    last_seq=last, exercise_time=latest,
                    status="ended" if ended is not None else "open",
                    ended_at=(ended.get("wall_at") or _now_iso()) if ended is not None else None,
                )
            )

        run_write(self._engine, work)
        return self.session(session)

    # --------------------------------------------------------------------------------------- events

    def append(self, session: str, expected_seq: int, events: list[Event], command_id: str | None = None) -> int:
        """Append `events` after `expected_seq` in one transaction; return the new last seq. Raises
        SeqConflict if the log has moved on, KeyError for an unknown session, CommandRecorded when
        `command_id` was recorded before (the `commands` table's primary key keeps it unique)."""

        def work(connection: Connection) -> int:
            row = connection.execute(
                select(SESSIONS.c.last_seq, SESSIONS.c.exercise_time)
                .where(SESSIONS.c.id == session).with_for_update()
            ).first()
            if row is None:
                raise KeyError(session)
            if command_id is not None:
                _raise_if_recorded(connection, session, command_id)
            if row.last_seq != expected_seq:
                raise SeqConflict(f"session {session} is at seq {row.last_seq}, not {expected_seq}")
            if not events:
                return expected_seq
            connection.execute(insert(EVENTS), [_event_values(session, expected_seq + i + 1, e)
                                                 for i, e in enumerate(events)])
            last = expected_seq + len(events)
            moved: dict[str, object] = {
                "last_seq": last,
                "exercise_time": max([row.exercise_time, *(e.t for e in events)]),
            }
            ended = next((e for e in events if isinstance(e, SessionEnded)), None)
            if ended is not None:
                moved.update(status="ended", ended_at=ended.wall_at or _now_iso())
            connection.execute(update(SESSIONS).where(SESSIONS.c.id == session).values(**moved))
            if command_id is not None:
                connection.execute(insert(COMMANDS).values(session_id=session, command_id=command_id,
                                                           first_seq=expected_seq + 1, last_seq=last))
            if connection.dialect.name == "postgresql":  # delivered to every listener when this commits
                connection.execute(select(func.pg_notify(CHANNEL, announcement(session, last))))
            return last

        try:
            return run_write(self._engine, work)
        except IntegrityError as error:  # a primary key caught a writer the row lock did not
            if command_id is not None:
                run_read(self._engine, lambda connection: _raise_if_recorded(connection, session, command_id))
            raise SeqConflict(f"session {session} moved past seq {expected_seq}") from error

    def read(self, session: str, after_seq: int = 0) -> list[tuple[int, Event]]:
        """Events with seq > after_seq, in order (an index range scan: cheap enough to poll)."""

        def work(connection: Connection) -> list[tuple[int, Event]]:
            rows = connection.execute(
                select(EVENTS.c.seq, EVENTS.c.payload)
                .where(EVENTS.c.session_id == session, EVENTS.c.seq > after_seq)
                .order_by(EVENTS.c.seq)
            )
            return [(seq, from_json(payload)) for seq, payload in rows]

        return run_read(self._engine, work)

    def last_seq(self, session: str) -> int:
        """The session's last seq (0 for an empty log); KeyError for an unknown session."""

        def work(connection: Connection) -> int | None:
            return connection.execute(select(SESSIONS.c.last_seq).where(SESSIONS.c.id == session)).scalar()

        found = run_read(self._engine, work)
        if found is None:
            raise KeyError(session)
        return int(found)

    # ---------------------------------------------------------------------------------------- seats

    def claim_seat(self, session: str, seat: str, holder: str, *, exclusive: bool = False,
                   stale_after: float = HOST_STALE_AFTER, now: float | None = None) -> Seat:
        """Sit `holder` at `seat`. An exclusive seat (the clock host) held by someone else whose
        heartbeat is younger than `stale_after` seconds raises SeatTaken; a silent holder is replaced."""
        at = time.time() if now is None else now

        def work(connection: Connection) -> Seat:
            current = connection.execute(
                select(SEATS).where(SEATS.c.session_id == session, SEATS.c.seat == seat).with_for_update()
            ).first()
            if current is not None:
                if exclusive and current.holder != holder and at - current.heartbeat_at < stale_after:
                    raise SeatTaken(seat_taken_message(session, seat, current.holder, at - current.heartbeat_at,
                                                       stale_after))
                connection.execute(SEATS.delete().where(SEATS.c.session_id == session, SEATS.c.seat == seat))
            values = {"session_id": session, "seat": seat, "holder": holder, "joined_at": _now_iso(),
                      "heartbeat_at": at}
            connection.execute(insert(SEATS).values(**values))
            return _seat(values)

        if not self._exists(session):
            raise KeyError(session)
        try:
            return run_write(self._engine, work)
        except IntegrityError as error:  # another process claimed the seat between our read and insert
            raise SeatTaken(f"session {session}: the {seat} seat was just taken by another process") from error

    def heartbeat(self, session: str, seat: str, holder: str, now: float | None = None) -> None:
        """Show `holder` is alive at `seat`. SeatTaken if someone else has taken the seat since."""
        at = time.time() if now is None else now

        def work(connection: Connection) -> int:
            return connection.execute(
                update(SEATS).where(SEATS.c.session_id == session, SEATS.c.seat == seat,
                                    SEATS.c.holder == holder).values(heartbeat_at=at)
            ).rowcount

        if run_write(self._engine, work) == 0:
            raise SeatTaken(f"session {session}: the {seat} seat is no longer held by {holder}")

    def release_seat(self, session: str, seat: str, holder: str) -> None:
        """Leave `seat`, if `holder` still holds it."""

        def work(connection: Connection) -> None:
            connection.execute(SEATS.delete().where(SEATS.c.session_id == session, SEATS.c.seat == seat,
                                                    SEATS.c.holder == holder))

        run_write(self._engine, work)

    def seats(self, session: str) -> list[Seat]:
        """Who sits at the session, by seat name."""

        def work(connection: Connection) -> list[Seat]:
            query = select(SEATS).where(SEATS.c.session_id == session).order_by(SEATS.c.seat)
            return [_seat(r._mapping) for r in connection.execute(query)]

        return run_read(self._engine, work)

    def _exists(self, session: str) -> bool:
        def work(connection: Connection) -> bool:
            return connection.execute(select(SESSIONS.c.id).where(SESSIONS.c.id == session)).first() is not None

        return run_read(self._engine, work)


# ------------------------------------------------------------------------------ rows <-> domain types


def _raise_if_recorded(connection: Connection, session: str, command_id: str) -> None:
    found = connection.execute(
        select(COMMANDS.c.first_seq, COMMANDS.c.last_seq)
        .where(COMMANDS.c.session_id == session, COMMANDS.c.command_id == command_id)
    ).first()
    if found is not None:
        raise CommandRecorded(session, command_id, found.first_seq, found.last_seq)


def _row_values(info: SessionInfo) -> dict[str, object]:
    return {
        "id": info.id, "pack": info.pack, "pack_version": info.pack_version, "pack_hash": info.pack_hash,
        "seed": info.seed, "teams": list(info.teams), "settings": dict(info.settings), "status": info.status,
        "created_at": info.created_at, "ended_at": info.ended_at, "last_seq": info.last_seq,
        "exercise_time": info.exercise_time, "score": dict(info.score), "score_seq": info.score_seq,
    }


def _info(row: Mapping[Any, Any]) -> SessionInfo:
    r = dict(row)
    return SessionInfo(
        id=r["id"], pack=r["pack"], pack_version=r["pack_version"], pack_hash=r["pack_hash"], seed=r["seed"],
        teams=list(r["teams"]), status=r["status"], settings=dict(r["settings"]), created_at=r["created_at"],
        ended_at=r["ended_at"], last_seq=r["last_seq"], exercise_time=r["exercise_time"],
        score=dict(r["score"]), score_seq=r["score_seq"],
    )


def _event_values(session: str, seq: int, event: Event) -> dict[str, object]:
    team = getattr(event, "team", None)
    wall_at = getattr(event, "wall_at", None)
    return {
        "session_id": session, "seq": seq, "type": event.TYPE, "t": event.t,
        "team": team if isinstance(team, str) else None,
        "wall_at": wall_at if isinstance(wall_at, str) else None,
        "payload": event.to_json(),
    }


def _seat(row: Mapping[Any, Any]) -> Seat:
    r = dict(row)
    return Seat(session=r["session_id"], seat=r["seat"], holder=r["holder"], joined_at=r["joined_at"],
                heartbeat_at=float(r["heartbeat_at"]))
