"""Geometry of the report's SVG charts, computed here so the templates only place shapes.

The templates draw from these numbers with autoescape on; no SVG is built from strings in Python, so a
label typed by anyone is escaped like every other text of the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberdrill.engine.scorecard import ObjectiveResult, StepResult
from cyberdrill.pack.model import Thresholds, format_clock

# HSEEP ratings: a colour each, always shown beside the letter, never alone (colour-blind readers, grey print).
RATING_COLOURS: dict[str, str] = {"P": "#1b7f3b", "S": "#c9a100", "M": "#d97b00", "U": "#c0262d"}

STATUS_COLOURS: dict[str, str] = {
    "on_time": "#1b7f3b",
    "late": "#d97b00",
    "partial": "#c9a100",
    "wrong": "#c0262d",
    "out_of_order": "#7b3fa0",
    "missed": "#c0262d",
    "pending": "#6b7280",
    "void": "#b0b4ba",
}

# Layout, in SVG user units; the charts scale to the page width through their viewBox.
LABEL_WIDTH = 190
PLOT_WIDTH = 540
VALUE_WIDTH = 100
ROW_HEIGHT = 26
TOP = 22
BOTTOM = 30


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    y: float
    width: float
    percent: float
    rating: str
    colour: str
    markers: list[tuple[str, float]]  # (P/S/M, x) thresholds of this objective: the pack's standard


@dataclass(frozen=True, slots=True)
class BarChart:
    width: float
    height: float
    x0: float
    plot_width: float
    row_height: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, "50%")


def objective_bars(objectives: list[ObjectiveResult], thresholds: dict[str, Thresholds]) -> BarChart:
    """A horizontal bar per objective: percent of its points, coloured by rating, with P/S/M marks."""
    bars = []
    for i, obj in enumerate(objectives):
        limits = thresholds.get(obj.objective) or Thresholds.model_validate({})
        markers = [(name, LABEL_WIDTH + PLOT_WIDTH * getattr(limits, name) / 100) for name in ("P", "S", "M")]
        bars.append(
            Bar(
                label=obj.objective,
                y=TOP + i * ROW_HEIGHT,
                width=PLOT_WIDTH * max(0.0, min(obj.percent, 100.0)) / 100,
                percent=obj.percent,
                rating=obj.rating,
                colour=RATING_COLOURS.get(obj.rating, "#6b7280"),
                markers=markers,
            )
        )
    ticks = [(LABEL_WIDTH + PLOT_WIDTH * p / 100, f"{p}%") for p in (0, 25, 50, 75, 100)]
    return BarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=TOP + len(bars) * ROW_HEIGHT + BOTTOM,
        x0=LABEL_WIDTH,
        plot_width=PLOT_WIDTH,
        row_height=ROW_HEIGHT,
        bars=bars,
        ticks=ticks,
    )


@dataclass(frozen=True, slots=True)
class Lane:
    label: str
    title: str
    y: float
    status: str
    colour: str
    window: tuple[float, float] | None  # x from opening to deadline (or to the end when it has none)
    open_ended: bool  # no deadline: the window runs to the end of the chart
    due_x: float | None
    attempt_x: float | None
    attempt_label: str


@dataclass(frozen=True, slots=True)
class Timeline:
    width: float
    height: float
    x0: float
    plot_width: float
    row_height: float
    lanes: list[Lane]
    ticks: list[tuple[float, str]]  # (x, "T+02:00")
    now_x: float | None  # when the card was scored, if inside the chart


# Tick spacings tried in turn, in seconds: the first that gives at most 8 intervals is used.
_TICK_STEPS = (900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800)


def _span(steps: list[StepResult], scored_at: int, planned: int) -> int:
    times = [scored_at, planned]
    for s in steps:
        times += [t for t in (s.opened_at, s.due_at, s.at) if t is not None]
    return max(max(times), 1)


def step_timeline(steps: list[StepResult], scored_at: int, planned: int) -> Timeline:
    """A lane per step: its window from opening to deadline, the deadline, and the counted attempt."""
    shown = [s for s in steps if s.status != "void"]
    span = _span(shown, scored_at, planned)
    tick = next((t for t in _TICK_STEPS if span / t <= 8), _TICK_STEPS[-1])
    # Round the end of the axis up to a whole tick so the last label sits on the edge.
    end = -(-span // tick) * tick

    def x(t: int) -> float:
        return LABEL_WIDTH + PLOT_WIDTH * t / end

    lanes = []
    for i, s in enumerate(shown):
        window = None
        if s.opened_at is not None:
            window = (x(s.opened_at), x(s.due_at if s.due_at is not None else end))
        lanes.append(
            Lane(
                label=s.step,
                title=s.title,
                y=TOP + i * ROW_HEIGHT,
                status=s.status,
                colour=STATUS_COLOURS.get(s.status, "#6b7280"),
                window=window,
                open_ended=s.due_at is None,
                due_x=x(s.due_at) if s.due_at is not None else None,
                attempt_x=x(s.at) if s.at is not None else None,
                attempt_label=format_clock(s.at) if s.at is not None else "",
            )
        )
    ticks = [(x(t), format_clock(t)) for t in range(0, end + 1, tick)]
    return Timeline(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=TOP + len(lanes) * ROW_HEIGHT + BOTTOM,
        x0=LABEL_WIDTH,
        plot_width=PLOT_WIDTH,
        row_height=ROW_HEIGHT,
        lanes=lanes,
        ticks=ticks,
        now_x=x(scored_at) if 0 < scored_at < end else None,
    )

