"""The pack's templated text: sandboxed, strict about names, typed for lone expressions, statically readable."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.model import Pack
from cyberdrill.pack.text import (
    CONTEXT_NAMES,
    TemplateProblem,
    attachment_digests,
    check_syntax,
    referenced_names,
    render,
    render_attachment,
    render_value,
)
from cyberdrill.world import generate_world

WORLD: dict[str, Any] = {
    "victims": [{"name": "Somchai Jaidee", "phone": "081 234 5678"}, {"name": "Malee Sukjai", "phone": "089"}],
    "panel_ip": "185.12.4.9",
    "ips": ["185.12.4.9", "185.12.4.10"],
    "amount": 412000,
}
CONTEXT: dict[str, Any] = {"world": WORLD, "facts": {"logs_preserved": False}}


def test_render_keeps_markdown_as_written() -> None:
    source = ("# Call from {{ world.victims[0].name }}\n{% if world.amount > 1000 %}\n"
              "<b>large</b> & urgent\n{% endif %}\n")
    assert render(source, CONTEXT) == "# Call from Somchai Jaidee\n<b>large</b> & urgent\n"


def test_filters_for_incident_text() -> None:
    text = render("{{ world.amount | money('THB') }} | {{ 1234567 | thousands }} | {{ 5400 | clock }} | "
                  "{{ 90 | clock }} | {{ 'ok' | upper }}", CONTEXT)
    assert text == "THB 412,000.00 | 1,234,567 | T+01:30 | T+00:01:30 | OK"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ world.__class__ }}",
        "{{ world.victims.__len__.__self__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_the_sandbox_refuses_internals(source: str) -> None:
    for attempt in (render, render_value):
        with pytest.raises(TemplateProblem, match="unsafe") as caught:
            attempt(source, CONTEXT)
        assert type(caught.value.__cause__).__name__ == "SecurityError"


def test_templates_cannot_change_the_world() -> None:
    world = {"ips": ["185.12.4.9"]}
    with pytest.raises(TemplateProblem):
        render("{{ world.ips.append('6.6.6.6') }}", {"world": world})
    assert world == {"ips": ["185.12.4.9"]}


def test_unknown_names_fail_with_their_line() -> None:
    with pytest.raises(TemplateProblem) as caught:
        render("Dear team,\n{{ world.victims[0].nmae }}\n", CONTEXT)
    assert caught.value.lineno == 2 and "nmae" in caught.value.message
    with pytest.raises(TemplateProblem, match="'victim' is undefined"):
        render_value("{{ victim }}", CONTEXT)


def test_render_value_keeps_the_type_of_a_lone_expression() -> None:
    fields = {
        "data_to_preserve": "{{ world.ips }}",
        "amount": " {{ world.amount }} ",
        "custodian": "Logs of {{ world.panel_ip }}",
        "accounts": ["{{ world.victims[1].phone }}", 5, None],
        "mla_to_follow": True,
    }
    assert render_value(fields, CONTEXT) == {
        "data_to_preserve": ["185.12.4.9", "185.12.4.10"],
        "amount": 412000,
        "custodian": "Logs of 185.12.4.9",
        "accounts": ["089", 5, None],
        "mla_to_follow": True,
    }


def test_two_expressions_in_one_string_render_as_text() -> None:
    assert render_value("{{ world.amount }}{{ world.amount }}", CONTEXT) == "412000412000"


def test_referenced_names_finds_world_paths_with_lines() -> None:
    source = (
        "Victim: {{ world.victims[0].name }}\n"
        "{% for v in world.victims %}{{ v.phone }} {{ loop.index }}{% endfor %}\n"
        "{% set ip = world.panel_ip %}{{ ip }} {{ world.ips[n] }} {{ world.amount | money('THB') }}\n"
        "{{ attachments['statement.csv'].sha256 }} {{ world.hoster.name.upper() }} {{ range(2) | list }}\n"
    )
    assert referenced_names(source) == [
        (("world", "victims", 0, "name"), 1),
        (("world", "victims"), 2),
        (("world", "panel_ip"), 3),
        (("world", "ips"), 3),
        (("n",), 3),
        (("world", "amount"), 3),
        (("attachments", "statement.csv", "sha256"), 4),
        (("world", "hoster", "name"), 4),
    ]


def test_check_syntax_names_the_line() -> None:
    check_syntax("{{ world.x }}\n{% for a in b %}{% endfor %}")
    with pytest.raises(TemplateProblem) as caught:
        check_syntax("fine\n{% for a in %}\n")
    assert caught.value.lineno == 2


def test_context_names() -> None:
    assert set(CONTEXT_NAMES) == {"world", "facts", "team", "action", "missing", "attachments"}


# ----------------------------------------------------------------------------------------- attachments

PACK: dict[str, Any] = {
    "id": "text-test", "title": "Text test", "version": "1", "authors": ["tests"], "summary": "s",
    "duration": "1h", "start": "2026-11-23T09:00:00+07:00",
    "objectives": [{"id": "o1", "text": "t", "capability": "c"}],
    "teams": [{"id": "th", "name": "ThaiCERT", "country": "TH", "timezone": "Asia/Bangkok"}],
    "channels": [{"id": "email", "name": "E-mail"}],
    "actions": {"note": {"title": "Note", "fields": {"text": {"type": "text", "label": "Text"}}}},
    "steps": [{"id": "s1", "team": "th", "title": "t", "objective": "o1", "action": "note", "points": 1,
               "cite": "c", "lesson": "l"}],
    "world": {"victims": {"count": 2, "locale": "th_TH", "fields": {
        "name": {"faker": "name"}, "lost": {"int": [1000, 90000], "step": 100}}}},
    "attachments": {"statement.csv": {"file": "attachments/statement.csv", "title": "Bank statement",
                                      "media_type": "text/csv"}},
}
STATEMENT = "name,amount\n{% for v in world.victims %}{{ v.name }},{{ v.lost }}\n{% endfor %}"


@pytest.fixture
def loaded() -> LoadedPack:
    return LoadedPack(pack=Pack.model_validate(PACK), root=Path("."),
                      attachment_sources={"statement.csv": STATEMENT}, scripts={}, content_hash="0" * 64)


def test_attachments_render_from_the_world(loaded: LoadedPack) -> None:
    world = generate_world(loaded.pack, 1)
    text = render_attachment(loaded, "statement.csv", world)
    assert text.splitlines()[1] == f"{world['victims'][0]['name']},{world['victims'][0]['lost']}"


def test_attachment_digests_are_stable_for_a_seed_and_change_with_the_world(loaded: LoadedPack) -> None:
    world = generate_world(loaded.pack, 1)
    digests = attachment_digests(loaded, world)
    data = render_attachment(loaded, "statement.csv", world).encode("utf-8")
    assert digests == {"statement.csv": {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                                         "title": "Bank statement", "media_type": "text/csv"}}
    assert attachment_digests(loaded, generate_world(loaded.pack, 1)) == digests
    other = attachment_digests(loaded, generate_world(loaded.pack, 2))
    assert other["statement.csv"]["sha256"] != digests["statement.csv"]["sha256"]


def test_steps_can_match_evidence_by_digest(loaded: LoadedPack) -> None:
    digests = attachment_digests(loaded, generate_world(loaded.pack, 1))
    expected = render_value("{{ attachments['statement.csv'].sha256 }}", {"attachments": digests})
    assert expected == digests["statement.csv"]["sha256"] and len(expected) == 64


def test_an_unknown_attachment_names_the_known_ones(loaded: LoadedPack) -> None:
    with pytest.raises(KeyError, match=r"statement\.csv"):
        render_attachment(loaded, "statment.csv", {})
