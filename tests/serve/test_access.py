"""Per-team access codes: issued by `cyberdrill serve`, stored hashed, rotatable, one team's code opens one seat."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from cyberdrill.cli import main
from cyberdrill.serve.access import ACCESS_CODES_SETTING, check_code, issue_codes
from cyberdrill.store.base import EventLog

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def printed_codes(out: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s+(\S+)\s+(\w{4}-\w{4}-\w{4}-\w{4})", out, re.M)}


def test_serve_prints_a_code_per_team_and_stores_only_hashes(log: EventLog, session: str, db_url: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", session, "--db", db_url]) == 0
    codes = printed_codes(capsys.readouterr().out)
    assert set(codes) == {"th-cert", "ru-cert"} and all(CODE.match(code) for code in codes.values())
    assert codes["th-cert"] != codes["ru-cert"]
    info = log.session(session)
    stored = json.dumps(info.settings)
    assert all(code not in stored and code.replace("-", "") not in stored for code in codes.values())
    assert check_code(info, "th-cert", codes["th-cert"])
    assert check_code(info, "th-cert", codes["th-cert"].lower().replace("-", " "))  # as a trainee may type it
    assert not check_code(info, "th-cert", codes["ru-cert"])  # another team's code opens nothing here
    assert not check_code(info, "ru-cert", codes["th-cert"])
    assert not check_code(info, "th-cert", "")
    assert not check_code(info, "th-bank", codes["th-cert"])  # a team that does not play has no seat


def test_serving_again_keeps_the_codes_and_rotate_replaces_one(log: EventLog, session: str, db_url: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", session, "--db", db_url]) == 0
    first = printed_codes(capsys.readouterr().out)
    assert main(["serve", session, "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert printed_codes(out) == {} and "issued earlier" in out
    assert main(["serve", session, "--db", db_url, "--rotate", "ru-cert"]) == 0
    rotated = printed_codes(capsys.readouterr().out)
    assert set(rotated) == {"ru-cert"} and rotated["ru-cert"] != first["ru-cert"]
    info = log.session(session)
    assert not check_code(info, "ru-cert", first["ru-cert"])  # the old code stops working at once
    assert check_code(info, "ru-cert", rotated["ru-cert"])
    assert check_code(info, "th-cert", first["th-cert"])  # the other team keeps its code


def test_rotating_a_team_that_does_not_play_says_so(session: str, db_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", session, "--db", db_url, "--rotate", "th-bank"]) == 1
    assert "th-bank" in capsys.readouterr().err


def test_codes_out_is_readable_by_its_owner_only(session: str, db_url: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "codes.json"
    out.write_text("old")
    out.chmod(0o644)
    assert main(["serve", session, "--db", db_url, "--rotate", "all", "--codes-out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    teams = json.loads(out.read_text())["teams"]
    assert set(teams) == {"th-cert", "ru-cert"}
    assert teams == {team: {"code": code, "url": ""} for team, code in printed_codes(capsys.readouterr().out).items()}


def test_an_issued_code_is_stored_under_the_session_settings(log: EventLog, session: str) -> None:
    codes = issue_codes(log, session, ["th-cert"])
    info = log.session(session)
    assert set(info.settings[ACCESS_CODES_SETTING]) == {"th-cert"}
    assert info.settings[ACCESS_CODES_SETTING]["th-cert"].startswith("scrypt$")
    assert check_code(info, "th-cert", codes["th-cert"])
