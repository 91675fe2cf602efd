"""`cyberdrill validate PACK...`: every problem of every pack, one line each, and no traceback.

Output (standard output): `FILE:LINE:COL: error: MESSAGE` and `... warning: ...` lines sorted by file and
position, then `PACK: ok (N steps, M injects)` for a valid pack. Exit status 1 if any pack has an error.
With `--languages`, a valid pack's translation coverage follows: a line per language it offers (texts
translated / texts in the pack) and the figures of each section under it.
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


def coverage_lines(loaded: LoadedPack) -> list[str]:
    """The `--languages` report of a valid pack: its languages, then each translation's coverage."""
    from cyberdrill.pack.check_translations import coverage
    from cyberdrill.pack.translations import languages_of, source_language

    source = source_language(loaded.pack)
    offered = languages_of(loaded)
    lines = [f"  languages: {source} (the pack's own)" + "".join(f", {lang}" for lang in offered[1:])]
    figures = coverage(loaded)
    for lang in offered[1:]:
        sections = figures.get(lang, {})
        done, total = sum(d for d, _ in sections.values()), sum(t for _, t in sections.values())
        lines.append(f"  {lang}: {done}/{total} texts translated ({_percent(done, total)})")
        width = max((len(name) for name in sections), default=0)
        lines += [f"    {name:<{width}}  {d}/{t}" for name, (d, t) in sections.items()]
    if len(offered) == 1:
        lines.append("  no translations (a translations/<lang>.yaml file adds a language)")
    return lines


def _percent(done: int, total: int) -> str:
    if not total:
        return "nothing to translate"
    share = 100 * done / total
    return f"{share:.1f}%" if done < total else "100%"


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
            if getattr(args, "languages", False):
                print("\n".join(coverage_lines(loaded)))
    return 1 if failed else 0
