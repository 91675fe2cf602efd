"""The engine's boundary for what instructors and evaluators type: marks, overrides and ad-hoc injects
refuse control characters, non-text and over-long text, naming the field; clean text (Thai, Cyrillic,
markup-looking brackets, newlines) passes as typed."""

from __future__ import annotations

import pytest
from drill_play import play, start
from hostile_strings import CONTROL, HUGE, MARKUP, UNICODE

from cyberdrill.engine.commands import CommandRefused, GiveMark, OverrideRating, WriteInject
from cyberdrill.engine.decide import decide
from cyberdrill.engine.events import InjectDelivered, MarkGiven

RTL = UNICODE[0]  # a bidi override: refused like the C0/C1 controls


def _write(subject: str, body: str = "") -> WriteInject:
    return WriteInject(at=60, sender="th-bank", to=("th-cert",), channel="phone", tlp="TLP:AMBER", subject=subject,
                       body=body)


@pytest.mark.parametrize("text", [*CONTROL, RTL])
def test_control_characters_in_an_ad_hoc_inject_are_refused_naming_the_field(mini, text: str) -> None:
    drill = start(mini)
    with pytest.raises(CommandRefused, match="control characters are not allowed") as refused:
        decide(mini.pack, drill.state, _write(text))
    assert set(refused.value.fields) == {"subject"}
    with pytest.raises(CommandRefused) as in_body:
        decide(mini.pack, drill.state, _write("Call from the bank", body=text))
    assert set(in_body.value.fields) == {"body"}


@pytest.mark.parametrize("text", [*MARKUP, *UNICODE[1:], "line one\nline two\ttabbed"])
def test_clean_text_is_delivered_as_typed(mini, text: str) -> None:
    drill = start(mini)
    events = decide(mini.pack, drill.state, _write("Звонок из банка", body=text))
    delivered = [e for e in events if isinstance(e, InjectDelivered)]
    assert delivered[-1].body == text


def test_over_long_text_is_refused(mini) -> None:
    drill = start(mini)
    with pytest.raises(CommandRefused, match="subject: at most 300 characters"):
        decide(mini.pack, drill.state, _write("x" * 301))
    with pytest.raises(CommandRefused, match="body: at most 20000 characters"):
        decide(mini.pack, drill.state, _write("ok", body=HUGE[0]))


def test_a_mark_refuses_hostile_comments_and_points_that_are_not_numbers(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    mark = GiveMark(at=0, team="th-cert", step="th.sitrep", points=3, comment="ok")
    assert isinstance(decide(mini.pack, drill.state, mark)[-1], MarkGiven)
    for comment in (CONTROL[0], HUGE[0]):
        with pytest.raises(CommandRefused) as refused:
            decide(mini.pack, drill.state, GiveMark(at=0, team="th-cert", step="th.sitrep", points=3, comment=comment))
        assert set(refused.value.fields) == {"comment"}
    with pytest.raises(CommandRefused, match="a mark is a number of points"):
        decide(mini.pack, drill.state, GiveMark(at=0, team="th-cert", step="th.sitrep", points="3",  # type: ignore[arg-type]
                                                comment="ok"))
    with pytest.raises(CommandRefused) as evaluator:
        decide(mini.pack, drill.state, GiveMark(at=0, team="th-cert", step="th.sitrep", points=3,
                                                evaluator="ev\x1b[2J"))
    assert set(evaluator.value.fields) == {"evaluator"}


def test_an_override_refuses_a_hostile_justification(mini) -> None:
    drill = play(mini, mini.scripts["solution"])
    with pytest.raises(CommandRefused) as refused:
        decide(mini.pack, drill.state, OverrideRating(at=0, team="th-cert", objective="triage", rating="S",
                                                      justification=CONTROL[1]))
    assert set(refused.value.fields) == {"justification"}
