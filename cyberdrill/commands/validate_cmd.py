"""`cyberdrill validate PACK...`: every problem of every pack, one line each, and no traceback.

Output (standard output): `FILE:LINE:COL: error: MESSAGE` and `... warning: ...` lines sorted by file and
position, then `PACK: ok (N steps, M injects)` for a valid pack. Exit status 1 if any pack has an error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cyberdrill.pack.folder import display
from cyberdrill.pack.load import read_pack
from cyberdrill.pack.loaded import Diagnostic, LoadedPack


def loaded_pack_diagnostics(loaded: LoadedPack) -> list[Diagnostic]:
    """Checks that need a pack that loaded cleanly (such as playing its solution); [] when all is well.

    The place for checks beyond the loader's static ones: they see a valid LoadedPack and report at
    positions in its files.
    """
    from cyberdrill.render_check import check_rendering  # generates a world: only for a valid pack
    from cyberdrill.solution_check import check_solution

    found = check_rendering(loaded)
    if any(d.severity == "error" for d in found):
        return found  # the solution would meet the same texts again: one report of them is enough
    return check_solution(loaded)


def check_pack(path: Path) -> tuple[LoadedPack | None, list[Diagnostic]]:
    """Every diagnostic for the pack at `path`, sorted; the pack too when it has no errors."""
    try:
        loaded, diagnostics = read_pack(path)
        if loaded is not None:
            diagnostics = diagnostics + loaded_pack_diagnostics(loaded)
    except Exception as exc:  # a bug in cyberdrill must still come out as one readable line
        return None, [Diagnostic(display(path), 1, 1, f"internal error: {type(exc).__name__}: {exc}")]
    ordered = sorted(diagnostics, key=lambda d: (d.file, d.line, d.col))
    if any(d.severity == "error" for d in ordered):
        return None, ordered
    return loaded, ordered


def run(args: argparse.Namespace) -> int:
    """Validate each pack named on the command line; 1 if any has an error, else 0."""
    failed = False
    for name in args.packs:
        loaded, diagnostics = check_pack(Path(name))
        for diagnostic in diagnostics:
            print(diagnostic)
        if loaded is None:
            failed = True
            errors = sum(d.severity == "error" for d in diagnostics)
            print(f"{name}: {errors} error{'s' if errors != 1 else ''}")
        else:
            pack = loaded.pack
            print(f"{name}: ok ({len(pack.steps)} steps, {len(pack.injects)} injects)")
    return 1 if failed else 0
