"""Exercise time and local time.

The exercise clock is derived from events (started, paused, resumed, speed changed, jumped); the engine
never reads a clock. Whoever drives a session reads the wall clock and asks `exercise_time_at` what
exercise time that is, then sends a `Tick` for it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from cyberdrill.engine.state import State
from cyberdrill.pack.model import Pack, WorkingHours


def _aware(moment: datetime) -> datetime:
    # A naive reading is taken as UTC, so that naive and aware readings can be compared.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def exercise_time_at(state: State, wall: datetime) -> int:
    """The exercise time (seconds) the clock shows at wall-clock time `wall`.

    Before the clock starts, while it is paused and after the session ended, the clock stands still.
    Time never runs backwards: the result is at least the time of the latest event.
    """
    if not state.clock_running or state.anchor_wall is None or state.ended:
        return max(state.t, state.anchor_t) if state.clock_started else state.t
    elapsed = (_aware(wall) - _aware(datetime.fromisoformat(state.anchor_wall))).total_seconds()
    return max(state.t, state.anchor_t + int(max(0.0, elapsed) * state.speed))


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_time(pack: Pack, tz: str, t: int) -> datetime:
    """The date and time at exercise time `t` in time zone `tz` (pack.start is T+00:00)."""
    return (pack.start + timedelta(seconds=t)).astimezone(_zone(tz))


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def next_open(pack: Pack, tz: str, hours: WorkingHours, t: int) -> int:
    """The earliest exercise time >= t at which a party with these working hours is at work.

    A party with no working day at all is treated as never closed (nothing would ever be answered).
    """
    if not hours.days:
        return t
    start, end = _minutes(hours.start), _minutes(hours.end)
    here = local_time(pack, tz, t)
    zone = _zone(tz)
    for offset in range(8):
        day = (here + timedelta(days=offset)).date()
        if _DAYS[day.weekday()] not in hours.days:
            continue
        opens = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=start)
        closes = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=end)
        if offset == 0 and opens <= here < closes:
            return t
        if opens > here:
            return t + int((opens - here).total_seconds())
    return t
