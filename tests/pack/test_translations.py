"""A pack's translations (translations/<lang>.yaml) as an author meets them: the loader's errors at FILE:LINE:COL,
validate's warnings and coverage, and the localized pack with its fallback to the pack's own text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pack_copies import PackDir

from cyberdrill.cli import main
from cyberdrill.pack.load import load_pack
from cyberdrill.pack.translations import languages_of, localize

POLYGLOT = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "polyglot"


@pytest.fixture
def polyglot(tmp_path: Path) -> PackDir:
    root = tmp_path / "polyglot"
    shutil.copytree(POLYGLOT, root)
    return PackDir(root)


def test_the_test_pack_loads_with_its_three_languages() -> None:
    loaded = load_pack(POLYGLOT)
    assert languages_of(loaded) == ["en", "ru", "th"]
    assert not [w for w in loaded.warnings if "stale" in w.message or "not declared" in w.message]


# ------------------------------------------------------------------------------------------ errors


def test_an_unknown_key_is_an_error_at_its_line_with_the_keys_it_may_be(polyglot: PackDir) -> None:
    polyglot.edit("translations/ru.yaml", "    subject: Журналы {{ world.panel_ip }} сохранены",
                  "    subjet: Журналы {{ world.panel_ip }} сохранены")
    where = polyglot.where("translations/ru.yaml", "subjet:")
    assert f"{where}: unknown key 'subjet' (did you mean 'subject'?)" in polyglot.problems()


def test_a_text_that_is_not_text_is_an_error(polyglot: PackDir) -> None:
    polyglot.edit("translations/th.yaml", "  th-cert: {name: ไทยเซิร์ต}", "  th-cert: {name: [ไทยเซิร์ต]}")
    where = polyglot.where("translations/th.yaml", "th-cert: {name:", at="[")
    assert any(p.startswith(f"{where}: ") and "expected text" in p for p in polyglot.problems())


def test_the_language_must_be_the_files_name(polyglot: PackDir) -> None:
    polyglot.edit("translations/th.yaml", "language: th", "language: ru")
    where = polyglot.where("translations/th.yaml", "language: ru", at="ru")
    assert (f"{where}: language 'ru' does not match the file's name: th.yaml holds language 'th'"
            in polyglot.problems())


def test_a_translated_inject_may_name_only_what_its_source_can(polyglot: PackDir) -> None:
    # The briefing is not a reply: its text sees world, facts, team and attachments, not the request's `action`.
    polyglot.edit("translations/ru.yaml", "Панель работает по адресу {{ world.panel_ip }}.",
                  "Панель работает по адресу {{ action.ip }}, {{ world.panl_ip }}.")
    where = polyglot.where("translations/ru.yaml", "{{ action.ip }}", at="action")
    world = polyglot.where("translations/ru.yaml", "{{ action.ip }}", at="world.panl_ip")
    problems = polyglot.problems()
    assert (f"{where}: 'action' is not available in this text (it can use: attachments, facts, team, world)"
            in problems)
    assert any(p.startswith(f"{world}: ") and "panl_ip" in p for p in problems), problems


def test_a_translated_template_that_does_not_parse_is_an_error_at_its_line(polyglot: PackDir) -> None:
    polyglot.edit("translations/th.yaml", "      {% endfor %}", "      {% endfo %}")
    where = polyglot.where("translations/th.yaml", "{% endfo %}").rsplit(":", 1)[0]
    assert any(p.startswith(f"{where}:") and "template syntax" in p for p in polyglot.problems())


def test_a_pack_with_a_broken_translation_does_not_load(polyglot: PackDir, capsys: pytest.CaptureFixture[str]) -> None:
    polyglot.edit("translations/ru.yaml", "language: ru", "language: ru\nglossary: {}")
    assert main(["validate", str(polyglot.root)]) == 1
    out = capsys.readouterr().out
    assert f"{polyglot.root}/translations/ru.yaml:3:1: error: unknown key 'glossary'" in out


# ---------------------------------------------------------------------------------------- warnings


def test_a_missing_translation_is_a_warning_at_the_source_text(polyglot: PackDir) -> None:
    # ru.yaml leaves partner-thanks out: the warning points at the English subject in injects.yaml.
    where = polyglot.where("injects.yaml", "subject: Thank you for the preservation", at="Thank")
    assert (f"{where}: no 'ru' translation of inject 'partner-thanks' subject (in {polyglot.root}/translations/"
            "ru.yaml): the pack's own text is shown") in polyglot.problems("warning")


def test_a_stale_entry_is_a_warning_at_the_translation_file(polyglot: PackDir) -> None:
    polyglot.edit("translations/ru.yaml", "  logs-rotated:", "  logs-rotatd:")
    where = polyglot.where("translations/ru.yaml", "logs-rotatd:")
    warnings = polyglot.problems("warning")
    assert (f"{where}: stale entry: the pack has no inject 'logs-rotatd' (did you mean 'logs-rotated'?); "
            "this translation is not used") in warnings
    assert "logs-rotatd" not in "".join(polyglot.problems())  # a warning, not an error


def test_declared_languages_and_files_must_agree(polyglot: PackDir) -> None:
    polyglot.edit("pack.yaml", "languages: [en, ru, th]", "languages: [en, ru, de]")
    warnings = polyglot.problems("warning")
    th = polyglot.where("translations/th.yaml", "language: th", at="th")
    de = polyglot.where("pack.yaml", "languages: [en, ru, de]", at="de")
    assert f"{th}: language 'th' is not declared in the pack's `languages` (en, ru, de): add it there" in warnings
    assert (f"{de}: language 'de' is declared but the pack has no translations/de.yaml: everything shows in 'en'"
            in warnings)


def test_a_translated_inject_that_drops_a_value_is_warned(polyglot: PackDir) -> None:
    polyglot.edit("translations/ru.yaml", "    subject: Журналы {{ world.panel_ip }} сохранены",
                  "    subject: Журналы сохранены")
    assert any("inject 'logs-preserved' subject leaves out {{ world.panel_ip }}" in w
               for w in polyglot.problems("warning"))


def test_validate_languages_prints_coverage_per_language_and_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--languages", str(POLYGLOT)]) == 0
    out = capsys.readouterr().out.splitlines()
    tail = out[out.index(f"{POLYGLOT}: ok (7 steps, 15 injects)"):]
    assert tail[1] == "  languages: en (the pack's own), ru, th"
    ru = tail.index("  ru: 24/106 texts translated (22.6%)")
    assert "    injects       14/34" in tail[ru:]
    assert "    teams         2/2" in tail[ru:]
    assert any(line.startswith("  th: 22/106 texts translated") for line in tail)


def test_validate_languages_of_a_pack_without_translations_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    mini = POLYGLOT.parent / "mini"
    assert main(["validate", "--languages", str(mini)]) == 0
    out = capsys.readouterr().out
    assert "  languages: en (the pack's own)\n  no translations" in out
    assert "warning: no 'ru'" not in out


# -------------------------------------------------------------------------------------- localizing


def test_localize_gives_the_translation_and_falls_back_to_the_pack_text() -> None:
    pack = load_pack(POLYGLOT).pack
    ru = localize(pack, "ru")
    assert ru.inject("preservation-ask").subject.startswith("Просим обеспечить сохранность")
    assert ru.inject("partner-thanks").subject == "Thank you for the preservation"  # not translated: English
    assert ru.title.startswith("Мини-учение") and ru.summary == pack.summary
    assert ru.team("ru-cert").name == "Национальный координационный центр"
    assert ru.channel("phone").name == "Telephone"
    # Ids, TLP labels, recipients and attachments never change.
    assert [(i.id, i.tlp, i.to, i.attachments) for i in ru.injects] == \
        [(i.id, i.tlp, i.to, i.attachments) for i in pack.injects]
    assert localize(pack, "ru") is ru and localize(ru, "th") is localize(pack, "th")
    assert localize(ru, "en") is pack and localize(pack, "de") is pack


def test_a_choice_keeps_its_value_and_shows_the_translated_label() -> None:
    pack = load_pack(POLYGLOT).pack
    urgency = localize(pack, "ru").actions["situation_report"].fields["urgency"]
    assert urgency.options == ["routine", "urgent"] and urgency.label == "Срочность"
    assert [urgency.option_label(o) for o in urgency.options] == ["обычная", "срочная"]
    thai = localize(pack, "th").actions["situation_report"].fields["urgency"]
    assert [thai.option_label(o) for o in thai.options] == ["routine", "ด่วน"]
    assert pack.actions["situation_report"].fields["urgency"].option_label("urgent") == "urgent"


def test_a_translated_text_the_sandbox_refuses_is_an_error_at_its_line(polyglot: PackDir) -> None:
    polyglot.edit("translations/ru.yaml", "\"Не хватает: {{ missing | join('; ') }}\"",
                  "\"Не хватает: {{ ''.__class__ }}\"")
    line = polyglot.where("translations/ru.yaml", "Не хватает").rsplit(":", 1)[0]
    assert any(p.startswith(f"{line}:") and "would not render at delivery" in p and "__class__" in p
               for p in _validate_errors(polyglot)), _validate_errors(polyglot)


def _validate_errors(pack: PackDir) -> list[str]:
    from cyberdrill.commands.validate_cmd import check_pack

    _, diagnostics = check_pack(pack.root)
    prefix = str(pack.root) + "/"
    return [f"{d.file.removeprefix(prefix)}:{d.line}:{d.col}: {d.message}" for d in diagnostics
            if d.severity == "error"]
