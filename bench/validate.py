"""How long `cyberdrill validate` takes on the largest bundled pack (the scaffold when none is bundled).

Prints the median of RUNS in-process loads (imports and the first, cold run excluded) next to a baseline
measured in the same run: plain `yaml.safe_load` of the same YAML files. Budget: 150 ms for loading and the
static checks. The whole command's work (which also plays the pack's solution) is printed beside it.

    python bench/validate.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

# The working tree's cyberdrill, not an installed copy (only sys.path lines may sit between imports)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cyberdrill.commands.validate_cmd import check_pack
from cyberdrill.pack.load import read_pack
from cyberdrill.paths import bundled_packs

REPO = Path(__file__).resolve().parent.parent
RUNS = 30
BUDGET_MS = 150.0
SCAFFOLD = REPO / "cyberdrill" / "pack" / "scaffold"


def _yaml_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def _size(root: Path) -> int:
    return sum(p.stat().st_size for p in _yaml_files(root))


def _medians_ms(work: Callable[[], object]) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms. On a busy machine the wall figure
    swings with the load; the CPU figure and the ratio to the baseline much less."""
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    """Measure and print the figures."""
    packs = bundled_packs() or [SCAFFOLD]
    root = max(packs, key=_size)
    texts = [p.read_text(encoding="utf-8") for p in _yaml_files(root)]

    loaded, diagnostics = read_pack(root)  # cold run: imports, caches
    errors = sum(d.severity == "error" for d in diagnostics)

    def baseline() -> None:
        for text in texts:
            yaml.safe_load(text)

    ours, ours_cpu = _medians_ms(lambda: read_pack(root))
    base, base_cpu = _medians_ms(baseline)
    check_pack(root)  # cold run of the whole command's work, which also plays the pack's solution
    whole, whole_cpu = _medians_ms(lambda: check_pack(root))
    print(f"pack: {root.name} ({len(texts)} YAML files, {_size(root) / 1024:.0f} KiB; "
          f"{'valid' if loaded else f'{errors} errors'})")
    print(f"load + validate: median {ours:.1f} ms wall, {ours_cpu:.1f} ms CPU over {RUNS} runs")
    print(f"baseline yaml.safe_load of the same files: median {base:.1f} ms wall, {base_cpu:.1f} ms CPU")
    print(f"whole `validate` (also plays the solution): median {whole:.1f} ms wall, {whole_cpu:.1f} ms CPU")
    print(f"ratio: {ours_cpu / base_cpu:.2f}x the baseline (CPU); budget {BUDGET_MS:.0f} ms: "
          f"{'within' if ours_cpu <= BUDGET_MS else 'OVER'}")

if __name__ == "__main__":
    main()
