"""`--lang TEAM=LANG` (repeatable): the language a team reads in a new session, overriding the pack's
`teams[].language`. Shared by the commands that create a session."""

from __future__ import annotations

from cyberdrill.pack.loaded import LoadedPack
from cyberdrill.pack.translations import languages_of


def team_languages(values: list[str] | None, loaded: LoadedPack) -> dict[str, str]:
    """Team -> language from `--lang` values; raises ValueError saying what is wrong with one."""
    teams = [t.id for t in loaded.pack.teams]
    offered = languages_of(loaded)
    chosen: dict[str, str] = {}
    for value in values or []:
        team, sep, lang = value.partition("=")
        team, lang = team.strip(), lang.strip()
        if not sep or not team or not lang:
            raise ValueError(f"--lang {value!r}: write TEAM=LANG, e.g. --lang {teams[0]}={offered[0]}")
        if team not in teams:
            raise ValueError(f"--lang {value!r}: no team {team!r} in the pack; its teams are {', '.join(teams)}")
        if lang not in offered:
            raise ValueError(f"--lang {value!r}: the pack is not offered in {lang!r}; it offers {', '.join(offered)}")
        if team in chosen and chosen[team] != lang:
            raise ValueError(f"--lang {value!r}: team {team!r} is already given {chosen[team]!r}")
        chosen[team] = lang
    return chosen
