"""Hostile packs: each a scratch copy of the scaffold with one hostile change, each refused by `cyberdrill
validate` quickly with an error at the hostile line (small-but-hostile variants of bench/hostile.py's)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from pack_copies import PackDir

from cyberdrill.commands.validate_cmd import check_pack
from cyberdrill.pack.folder import MAX_FILE_BYTES

SUBJECT = 'subject: "Abuse complaint forwarded: {{ world.phishing_domain }}"'
QUICK = 10.0  # seconds: every case below is refused in well under one on an idle machine


def _errors(pack: PackDir) -> list[str]:
    """'FILE:LINE:COL: MESSAGE' of validate's errors, FILE relative to the pack, and that it took < QUICK s."""
    started = time.monotonic()
    loaded, diagnostics = check_pack(pack.root)
    assert time.monotonic() - started < QUICK
    assert loaded is None
    prefix = str(pack.root) + "/"
    return [f"{d.file.removeprefix(prefix)}:{d.line}:{d.col}: {d.message}" for d in diagnostics
            if d.severity == "error"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ 'x' * 4000000000 }}", "the repeated value would be 4,000,000,000 long"),
        ("{{ 9 ** (9 ** 9) }}", "9 ** 387420489 is a number of about 1,228,093,894 bits"),
        ("{% for i in range(100000) %}{% endfor %}", "range() of 100,000 numbers; at most 10,000"),
        ("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}",
         "more than 100,000 loop iterations and calls in one text"),
        ("{{ ''.__class__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ 'x'.center(10 ** 9) }}", "the padded text (center) would be 1,000,000,000 long"),
        ("{% for i in range(5000) %}{{ 'y' * 500 }}{% endfor %}", "the rendered text is longer than 1,000,000"),
    ],
)
def test_a_text_the_sandbox_refuses_is_an_error_at_its_line(pack: PackDir, text: str, message: str) -> None:
    pack.edit("injects.yaml", SUBJECT, f'subject: "{text}"')
    problems = _errors(pack)
    place = pack.where("injects.yaml", f'subject: "{text}"', at=f'"{text[:2]}')
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{place}: this text would not render at delivery: ")
    assert message in problems[0]


def test_a_refused_line_of_a_block_body_is_named(pack: PackDir) -> None:
    pack.edit("injects.yaml", "      our customer's servers, imitates a Thai bank.",
              "      our customer's servers, {{ (9 ** 99999) }} imitates a Thai bank.")
    [problem] = _errors(pack)
    assert problem.startswith(pack.where("injects.yaml", "9 ** 99999", at="our")[:-2])
    assert "is a number of about" in problem


def test_an_attachment_the_sandbox_refuses_is_an_error_in_its_file(pack: PackDir) -> None:
    pack.append("attachments/victim-statement.txt", "{% for i in range(10 ** 6) %}{% endfor %}\n")
    [problem] = _errors(pack)
    line = len((pack.root / "attachments/victim-statement.txt").read_text(encoding="utf-8").splitlines())
    assert problem == (f"attachments/victim-statement.txt:{line}:1: this attachment would not render at delivery: "
                       "range() of 1,000,000 numbers; at most 10,000")


def test_a_huge_attachment_is_refused_before_it_is_read(pack: PackDir) -> None:
    with (pack.root / "attachments/victim-statement.txt").open("a", encoding="utf-8") as out:
        out.write("{{ world.mule.account }}\n" * (MAX_FILE_BYTES // 20))
    [problem] = _errors(pack)
    assert problem.startswith(f"{pack.where('pack.yaml', 'file: attachments/victim', at='attachments/')}: "
                              "attachment file 'attachments/victim-statement.txt' is 1.")
    assert problem.endswith("a pack file may hold at most 1.0 MB")


def test_a_big_faker_argument_is_an_error_at_the_argument(pack: PackDir) -> None:
    pack.edit("world.yaml", "phishing_domain: {faker: domain_name}",
              "phishing_domain: {faker: pystr, args: {max_chars: 1000000000}}")
    assert _errors(pack) == [
        f"{pack.where('world.yaml', 'max_chars', at='1000000000')}: Faker pystr: max_chars may be at most 10,000, "
        "not 1000000000"
    ]


def test_a_big_unrelated_file_costs_nothing(pack: PackDir) -> None:
    (pack.root / "notes.bin").write_bytes(b"\0" * 20_000_000)
    pack.edit("injects.yaml", SUBJECT, 'subject: "{{ 1 ** }}"')  # and an error, so validate has something to say
    started = time.monotonic()
    [problem] = _errors(pack)
    assert "template syntax" in problem
    assert time.monotonic() - started < QUICK


def test_a_world_that_cannot_be_generated_is_an_error_at_the_generator(pack: PackDir) -> None:
    pack.edit("world.yaml", 'account: {pattern: "###-#-#####-#"}',
              "account: {faker: random_int, args: {min: 10, max: 1}}")
    problems = _errors(pack)
    place = pack.where("world.yaml", "account: {faker: random_int", at="{faker")
    assert any(p.startswith(f"{place}: the world cannot be generated: world.mule.account: ") for p in problems), \
        problems


def test_an_over_long_value_is_quoted_short(pack: PackDir, tmp_path: Path) -> None:
    pack.edit("injects.yaml", "tlp: TLP:AMBER", "tlp: TLP:AMBER" + "x" * 100_000)
    pack.edit("world.yaml", '{pattern: "###-#-#####-#"}', '{pattern: "' + "#" * 100_000 + '"}')
    problems = _errors(pack)
    assert len(problems) == 2 and max(len(p) for p in problems) < 500, [p[:300] for p in problems]
    assert "'TLP:AMBER" + "x" * 190 + "…" in problems[0]
    assert problems[1].endswith("pattern: string should have at most 1000 characters")


def test_run_on_a_pack_whose_world_fails_says_where_without_a_traceback(pack: PackDir) -> None:
    pack.edit("world.yaml", 'account: {pattern: "###-#-#####-#"}',
              "account: {faker: random_int, args: {min: 10, max: 1}}")
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "run", str(pack.root), "--solution"],
                         capture_output=True, text=True, cwd=pack.root)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    place = pack.where("world.yaml", "account: {faker: random_int", at="{faker")
    assert out.stderr.startswith(f"{place}: world.mule.account: Faker random_int(min=10, max=1) failed")


def test_a_text_too_big_to_deliver_does_not_reach_the_log(pack: PackDir, tmp_path: Path) -> None:
    # A 29 KB pack once wrote a 1 GB database: every delivered text is now bounded by the sandbox.
    pack.edit("injects.yaml", SUBJECT, 'subject: "{% for i in range(9999) %}{{ \'x\' * 999999 }}{% endfor %}"')
    events = tmp_path / "events.jsonl"
    out = subprocess.run([sys.executable, "-m", "cyberdrill", "run", str(pack.root), "--solution",
                          "--events", str(events)], capture_output=True, text=True, cwd=pack.root, timeout=120)
    assert "Traceback" not in out.stderr
    assert events.stat().st_size < 200_000
    assert "[this text could not be rendered: " in events.read_text(encoding="utf-8")


def test_a_world_template_the_sandbox_refuses_is_an_error_at_the_generator(pack: PackDir) -> None:
    pack.edit("world.yaml", 'template: "https://{{ world.phishing_domain }}/login/siam-example"',
              "template: \"{{ 'x' * 10 ** 9 }}\"")
    [problem] = _errors(pack)
    place = pack.where("world.yaml", "template:", at="template")
    assert problem.startswith(f"{place}: the world cannot be generated: world.page_url: template line 1: the "
                              "repeated value would be 1,000,000,000 long"), problem


def test_a_reply_is_rendered_too_though_the_request_it_answers_is_unknown(pack: PackDir) -> None:
    # `action.account` cannot be known before a team asks; what the sandbox refuses can.
    pack.edit("injects.yaml", 'subject: "Account {{ action.account }} frozen"',
              "subject: \"Account {{ action.account }} frozen {{ ''.__class__ }}\"")
    [problem] = _errors(pack)
    place = pack.where("injects.yaml", 'subject: "Account', at='"')
    assert problem.startswith(f"{place}: this text would not render at "
                              "delivery: access to attribute '__class__' of 'str' object is unsafe")
