"""Each branch of the flagship pack: what the teams did changes the run's facts and the later injects."""

from __future__ import annotations

from flagship_play import edited, entry_is, play, received, step

from cyberdrill.pack.loaded import LoadedPack

TH, RU = "th-thaicert", "ru-nccci"


def test_mule_accounts_held_in_time_keep_the_money(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["solution"])
    assert drill.state.fact("th_mules_held") is True and not drill.state.fact("mules_moved")
    th = received(drill, TH)
    assert "th-bank.hold-confirmed" in th and "th.recovery-update" in th
    assert "th.funds-moved-on" not in th and "th-bank.chaser" not in th


def test_a_late_hold_finds_the_mule_accounts_empty(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "hold_request", "th-bank-fraud"), at="T+01:15")
    drill = play(flagship, script)
    assert drill.state.fact("mules_moved") is True and not drill.state.fact("th_mules_held")
    th = received(drill, TH)
    assert "th-bank.chaser" in th  # the contingency at the missed deadline
    assert "th.funds-moved-on" in th and "th-bank.hold-too-late" in th
    assert "th-bank.hold-confirmed" not in th and "th.recovery-update" not in th
    assert step(drill, "th.hold-mules").status == "late"


def test_a_stopped_payout_comes_back(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["solution"])
    assert drill.state.fact("payout_stopped") is True and not drill.state.fact("payout_released")
    assert "th.payout-returned" in received(drill, TH)
    assert "ru.payout-released" not in received(drill, RU)


def test_an_unstopped_payout_is_cashed_out_in_russia(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "hold_request", "remittance-provider"), drop=True)
    script = edited(script, entry_is(RU, "hold_request", "ru-bank"), drop=True)
    drill = play(flagship, script)
    assert drill.state.fact("payout_released") is True
    th, ru = received(drill, TH), received(drill, RU)
    assert "th.payout-released" in th and "th.payout-returned" not in th
    assert "ru.payout-released" in ru and "fincert.chaser" in ru
    assert drill.state.world["beneficiary"]["account"] in th["th.payout-released"]


def test_either_side_can_stop_the_payout(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "hold_request", "remittance-provider"), drop=True)
    drill = play(flagship, script)
    assert drill.state.fact("payout_stopped") is True
    assert "ru-bank.hold-confirmed" in received(drill, RU)


def test_preserved_logs_reveal_the_third_country(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["solution"])
    world = drill.state.world
    assert drill.state.fact("logs_preserved") is True and not drill.state.fact("logs_lost")
    th, ru = received(drill, TH), received(drill, RU)
    reveal = th["ru247.preservation-confirmed"]
    assert world["upstream_ip"] in reveal and "Netherlands" in reveal
    assert "ru.logs-secured" in ru and "hoster.logs-rotated" not in ru
    assert "The hosting records are preserved" in ru["ru.incoming-mla"]
    assert step(drill, "th.preserve-third-country").status == "on_time"


def test_logs_not_preserved_in_time_are_rotated_away(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(RU, "preservation_request", "ru-hoster"), drop=True)
    script = edited(script, entry_is(TH, "preservation_request", "ru-247-poc"), at="T+02:35")
    drill = play(flagship, script)
    assert drill.state.fact("logs_lost") is True and not drill.state.fact("logs_preserved")
    th, ru = received(drill, TH), received(drill, RU)
    assert "hoster.logs-rotated" in ru and "ru-hoster.chaser" in ru and "ru.logs-secured" not in ru
    assert "ru247.logs-gone" in th and "ru247.preservation-confirmed" not in th
    assert "th247.chaser" in th
    # no third country was revealed, so following it does not apply
    assert step(drill, "th.preserve-third-country").status == "void"


def test_suspended_domains_stop_new_victims(flagship: LoadedPack) -> None:
    drill = play(flagship, flagship.scripts["solution"])
    assert drill.state.fact("domains_suspended") is True and not drill.state.fact("phishing_live")
    th = received(drill, TH)
    assert "th.domains-down" in th and "th.new-victims" not in th


def test_domains_left_up_keep_phishing(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(RU, "notify", "ru-registrar"), drop=True)
    drill = play(flagship, script)
    assert drill.state.fact("phishing_live") is True and not drill.state.fact("domains_suspended")
    assert "th.new-victims" in received(drill, TH) and "th.domains-down" not in received(drill, TH)
    assert "ru.still-phishing" in received(drill, RU)


def test_mla_request_without_dual_criminality_is_returned_naming_it(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "mla_request", "th-oag"),
                    fields={"dual_criminality": None})
    drill = play(flagship, script)
    th = received(drill, TH)
    assert "oag.mla-returned" in th and "oag.mla-transmitted" not in th
    assert "dual_criminality" in th["oag.mla-returned"]
    assert not drill.state.fact("mla_forwarded")
    assert "ru.incoming-mla" not in received(drill, RU)
    assert step(drill, "ru.handle-mla").status == "void"


def test_victim_names_in_a_public_advisory_cost_points(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "public_advisory"),
                    fields={"text": "Victims such as {{ world.victims[0].name }} lost money to {{ world.brand }}."})
    drill = play(flagship, script)
    result = step(drill, "th.public-advisory")
    codes = [r.code for r in result.reasons]
    assert "penalty:victim-names-published" in codes and "field:text" in codes
    assert result.points < result.max_points - 5


def test_budapest_as_legal_basis_costs_points_with_that_reason(flagship: LoadedPack) -> None:
    script = edited(flagship.scripts["solution"], entry_is(TH, "record_decision"),
                    fields={"instrument": "Budapest Convention"})
    drill = play(flagship, script)
    reasons = step(drill, "th.legal-basis").reasons
    # One mistake, one deduction (issue 13 item 7): the instrument's matcher takes it, no penalty on top.
    assert [(r.code, r.points) for r in reasons] == [("field:instrument", -5)]
    assert "Neither State is a Budapest Party" in reasons[0].text
