"""What a hostile pack costs `cyberdrill validate`: wall time and peak memory against the flagship's own.

Each hostile pack is a copy of the flagship with one hostile change (issue 12, item 5: each once took
validate minutes and gigabytes, or hung it). Every validate runs as a subprocess; its CPU time (user +
system) and peak RSS come from os.wait4's resource usage of that child, beside the wall time (which swings
with the machine's load). Target: no hostile pack above 3x the flagship in time or memory.

    python bench/hostile.py [--big-mb 500]

Prints figures and ratios; asserts nothing (tests/pack/test_hostile_packs.py asserts the errors).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = REPO / "exercises" / "ru-th-remittance-fraud"
SUBJECT = 'subject: "TLP:AMBER — Phishing e-mail forwarded by a caller ({{ world.brand }})"'

Change = Callable[[Path], None]


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"bench/hostile.py: {old!r} is no longer in {name}; update the bench")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _subject(text: str) -> Change:
    return lambda root: _edit(root, "injects.yaml", SUBJECT, f'subject: "{text}"')


def _faker(root: Path) -> None:
    _edit(root, "world.yaml", "world:\n", "world:\n  filler: {faker: pystr, args: {max_chars: 1000000000}}\n")


def _big_attachment(root: Path) -> None:
    # Written a megabyte at a time: a child's peak RSS (os.wait4) includes what this process held at the fork.
    lines = "{{ world.panel_ip }} - - [23/Nov/2026] GET /login HTTP/1.1 200\n" * 16_000
    with (root / "attachments" / "access-log.txt").open("a", encoding="utf-8") as out:
        for _ in range(50_000_000 // len(lines)):
            out.write(lines)


def _unrelated(megabytes: int) -> Change:
    def change(root: Path) -> None:
        with (root / "recording.bin").open("wb") as out:  # an instructor's screen recording, say
            chunk = os.urandom(1 << 20)
            for _ in range(megabytes):
                out.write(chunk)

    return change


def _refused(root: Path) -> None:
    # Texts only the sandbox refuses, when they render: before, validate said ok and trainees received
    # "[this text could not be rendered: ...]". Eleven texts, each with one.
    path = root / "injects.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hostile = ["{{ ''.__class__.__mro__ }}", "{{ world.brand|attr('__class__') }}", "{{ (1).__class__ }}"]
    changed = 0
    for i, line in enumerate(lines):
        if changed < 11 and line.lstrip().startswith("subject: \"") and line.rstrip().endswith('"'):
            lines[i] = line.rstrip()[:-1] + " " + hostile[changed % len(hostile)] + '"\n'
            changed += 1
    path.write_text("".join(lines), encoding="utf-8")


def cases(big_mb: int) -> dict[str, Change]:
    return {
        "'x' * 4000000000 in a subject": _subject("{{ 'x' * 4000000000 }}"),
        "Faker pystr max_chars: 1e9": _faker,
        "50 MB attachment templated per line": _big_attachment,
        "9 ** (9 ** 9) in a subject": _subject("{{ 9 ** (9 ** 9) }}"),
        "nested range(100000) loops": _subject(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
        "nested range(10000) loops": _subject(
            "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"),
        f"{big_mb} MB unrelated file in the folder": _unrelated(big_mb),
        "11 texts the sandbox refuses": _refused,
    }


def validate(root: Path) -> tuple[float, float, float, int, str, int]:
    """Wall seconds, CPU seconds, peak RSS in MB, exit status, the first error line and the number of
    errors of `cyberdrill validate root`."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "cyberdrill", "validate", str(root)], cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read()
    child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    first = next((line for line in out.splitlines() if ": error: " in line), out.splitlines()[-1] if out else "")
    errors = sum(": error: " in line for line in out.splitlines())
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, child.returncode, first.replace(str(root) + "/", ""), errors


def main() -> None:
    """Build each hostile pack, validate it and the flagship, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=500, help="size of the unrelated file (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the flagship's validate (median)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cyberdrill-hostile-") as scratch:
        base = [validate(FLAGSHIP) for _ in range(args.repeat)]
        wall0 = statistics.median(b[0] for b in base)
        cpu0 = statistics.median(b[1] for b in base)
        mem0 = statistics.median(b[2] for b in base)
        print(f"flagship validate: {wall0:.2f} s wall, {cpu0:.2f} s CPU, {mem0:.0f} MB peak RSS "
              f"(median of {args.repeat}), exit {base[0][3]}")
        print(f"{'hostile change':40} {'exit':>4} {'errors':>6} {'wall s':>6} {'x':>4} {'CPU s':>6} {'x':>4} "
              f"{'peak MB':>7} {'x':>4}  first error")
        worst = 0.0
        for name, change in cases(args.big_mb).items():
            root = Path(scratch) / "pack"
            shutil.copytree(FLAGSHIP, root)
            change(root)
            wall, cpu, mem, status, first, errors = validate(root)
            worst = max(worst, cpu / cpu0, mem / mem0)
            print(f"{name:40} {status:>4} {errors:>6} {wall:6.2f} {wall / wall0:4.1f} {cpu:6.2f} {cpu / cpu0:4.1f} "
                  f"{mem:7.0f} {mem / mem0:4.1f}  {first[:90]}")
            shutil.rmtree(root)
        print(f"worst ratio (CPU time, peak memory): {worst:.1f}x the flagship (target: at most 3x)")


if __name__ == "__main__":
    main()
