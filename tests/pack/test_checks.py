"""Semantic checks: each broken pack gets one diagnostic at the offending node, with a readable message."""

from __future__ import annotations

from pack_copies import PackDir


def one(pack: PackDir) -> str:
    """The single error of a pack broken in one place."""
    problems = pack.problems()
    assert len(problems) == 1, problems
    return problems[0]


# ---------------------------------------------------------------------------------------- ids


def test_duplicate_step_id(pack: PackDir) -> None:
    pack.edit("steps.yaml", "  - id: ru.classify", "  - id: th.classify")
    first = pack.where("steps.yaml", "id: th.classify").split(":")[1]
    assert (f"{pack.where('steps.yaml', 'id: th.classify', at='th.', nth=2)}: duplicate step id 'th.classify' (first "
            f"at line {first})") in pack.problems()


def test_duplicate_team_id(pack: PackDir) -> None:
    pack.edit("pack.yaml", "  - id: ru-cert", "  - id: th-cert")
    problems = pack.problems()
    assert f"{pack.where('pack.yaml', 'id: th-cert', at='th-cert', nth=2)}: duplicate team id 'th-cert' (first at " \
           f"line {pack.where('pack.yaml', 'id: th-cert').split(':')[1]})" in problems


# ---------------------------------------------------------------------------------- references


def test_unknown_team_suggests(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    team: ru-cert", "    team: ru-certt")
    assert one(pack) == f"{pack.where('steps.yaml', 'ru-certt')}: unknown team 'ru-certt' (did you mean 'ru-cert'?)"


def test_unknown_party_in_inject_from(pack: PackDir) -> None:
    pack.edit("injects.yaml", "    from: ru-hoster", "    from: hoster")
    assert one(pack) == (
        f"{pack.where('injects.yaml', 'from: hoster', at='hoster')}: unknown party or team 'hoster' (did you "
        "mean 'ru-hoster'?)"
    )


def test_unknown_channel_objective_action(pack: PackDir) -> None:
    pack.edit("injects.yaml", "    channel: abuse-desk", "    channel: abuse")
    pack.edit("steps.yaml", "    objective: cooperation", "    objective: co-op")
    pack.edit("steps.yaml", "    action: sitrep", "    action: sit_rep")
    assert pack.problems() == [
        (f"{pack.where('injects.yaml', 'channel: abuse', at='abuse')}: unknown channel 'abuse' (did you mean "
        "'abuse-desk'?)"),
        f"{pack.where('steps.yaml', 'co-op')}: unknown objective 'co-op'",
        f"{pack.where('steps.yaml', 'sit_rep')}: unknown action type 'sit_rep' (did you mean 'sitrep'?)",
    ]


def test_unknown_reply_inject_and_consequence(pack: PackDir) -> None:
    pack.edit("rules.yaml", "reply: {inject: bank-frozen", "reply: {inject: bank-freeze")
    pack.edit("steps.yaml", 'opens: {after: "inject:hoster-abuse"}\n    due: 30m',
              'opens: {after: "consequence:site-gone"}\n    due: 30m')
    problems = pack.problems()
    assert (f"{pack.where('rules.yaml', 'inject: bank-freeze,', at='bank-freeze')}: unknown inject 'bank-freeze' (did "
            "you mean 'bank-frozen'?)") in problems
    assert pack.where('steps.yaml', 'consequence:site-gone', at='"consequence') + ": unknown consequence 'site-gone'" \
        in problems


def test_conditions_and_effects_name_declared_facts(pack: PackDir) -> None:
    pack.edit("injects.yaml", "unless: {fact: funds_frozen}", "unless: {not: {fact: funds_freezed}}")
    pack.edit("rules.yaml", "effects: {set: {site_down: true}}", "effects: {set: {site_offline: true}}")
    assert pack.problems() == [
        f"{pack.where('injects.yaml', 'funds_freezed')}: unknown fact 'funds_freezed' (did you mean 'funds_frozen'?)",
        f"{pack.where('rules.yaml', 'site_offline')}: unknown fact 'site_offline' (did you mean 'site_down'?)",
    ]


def test_unknown_attachment_on_inject(pack: PackDir) -> None:
    pack.edit("injects.yaml", "attachments: [victim-statement.txt]", "attachments: [statement.txt]")
    problems = pack.problems()
    assert problems == [(f"{pack.where('injects.yaml', 'statement.txt]', at='statement.txt')}: unknown attachment "
                        "'statement.txt' (did you mean 'victim-statement.txt'?)")]


def test_matcher_key_must_be_a_field(pack: PackDir) -> None:
    pack.edit("steps.yaml", "      domain: {equals:", "      domian: {equals:")
    assert one(pack) == (f"{pack.where('steps.yaml', 'domian')}: 'domian' is not a field of action type "
                         "'takedown_request' (did you mean 'domain'?)")


def test_marking_field_and_accept_if_key(pack: PackDir) -> None:
    pack.edit("steps.yaml", "      field: summary", "      field: report")
    pack.edit("rules.yaml", "      domain: {present: true}", "      url: {present: true}")
    assert pack.problems() == [
        (f"{pack.where('rules.yaml', 'url:')}: 'url' is not a field of action type 'takedown_request' (its fields: "
        "to, channel, domain, ip, preserve)"),
        (f"{pack.where('steps.yaml', 'field: report', at='report')}: 'report' is not a field of action type 'sitrep' "
        "(its fields: summary)"),
    ]


def test_literal_matcher_values_are_checked(pack: PackDir) -> None:
    pack.edit("steps.yaml", "      to: {equals: ru-hoster}", "      to: {equals: ru-host}")
    pack.edit("steps.yaml", "when: {tlp: {equals: TLP:CLEAR}}", "when: {tlp: {equals: TLP:WHITE}}")
    pack.edit("steps.yaml", "      rsit: {equals: fraud/phishing}", "      rsit: {equals: fraud/fishing}")
    assert pack.problems() == [
        (f"{pack.where('steps.yaml', 'TLP:WHITE')}: 'TLP:WHITE' is not a TLP 2.0 label (TLP:WHITE was retired in "
        "TLP 2.0; write TLP:CLEAR)"),
        (f"{pack.where('steps.yaml', 'fraud/fishing')}: 'fraud/fishing' is not an RSIT class/type (did you mean "
        "'fraud/phishing'?)"),
        (f"{pack.where('steps.yaml', 'ru-host}', at='ru-host')}: unknown party or team 'ru-host' (did you mean "
        "'ru-hoster'?)"),
    ]


# ------------------------------------------------------------------------------------ procedure


def test_requires_cycle_is_named(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    action: classify\n    opens: {after: \"inject:victim-call\"}\n    due: 30m\n",
              "    action: classify\n    opens: {after: \"inject:victim-call\"}\n    due: 30m\n"
              "    requires: [th.sitrep]\n")
    # The cycle closes at th.freeze, which requires th.classify (the search starts at the first step).
    assert one(pack) == (f"{pack.where('steps.yaml', 'requires: [th.classify]', at='th.')}: requires cycle: "
                         "th.classify -> th.sitrep -> th.freeze -> th.classify")


def test_requires_step_of_other_team(pack: PackDir) -> None:
    pack.edit("steps.yaml", "requires: [ru.classify]", "requires: [th.classify]")
    assert one(pack) == (f"{pack.where('steps.yaml', 'requires: [th.classify]', at='th.', nth=2)}: requires names "
                         "'th.classify', a step of team 'th-cert'; a step can only require steps of its own team "
                         "('ru-cert')")


def test_deadline_before_opening(pack: PackDir) -> None:
    pack.edit("steps.yaml", '    opens: {after: "step:th.freeze"}     # opens once the team has attempted th.freeze',
              '    opens: {at: "T+02:00"}')
    where = pack.where("steps.yaml", "T+01:45", at='"T+01:45')
    assert one(pack) == (f"{where}: deadline T+01:45 closes before step 'th.sitrep' "
                         "opens at T+02:00")


def test_due_zero(pack: PackDir) -> None:
    pack.edit("steps.yaml", "    due: 1h\n    requires: [th.classify]", "    due: 0m\n    requires: [th.classify]")
    assert one(pack) == (f"{pack.where('steps.yaml', 'due: 0m', at='0m')}: due: 0m closes step 'th.freeze' the "
                         "moment it opens; give a positive duration")


def test_time_zone_and_locale(pack: PackDir) -> None:
    pack.edit("pack.yaml", "    timezone: Asia/Bangkok\n    locale: th_TH",
              "    timezone: Asia/Bankok\n    locale: th_XX")
    assert pack.problems() == [
        f"{pack.where('pack.yaml', 'Asia/Bankok')}: unknown time zone 'Asia/Bankok' (did you mean 'Asia/Bangkok'?)",
        f"{pack.where('pack.yaml', 'th_XX')}: 'th_XX' is not a Faker locale (e.g. en_US, ru_RU, th_TH)",
    ]


# ------------------------------------------------------------------------------------------- scripts


def test_solution_that_does_not_parse(pack: PackDir) -> None:
    pack.edit("solution.yaml", "  team: ru-cert\n  action: classify", "  team: ru-cert\n action: classify")
    (problem,) = pack.problems()
    assert problem.startswith("solution.yaml:") and "YAML syntax" in problem


def test_script_entries_name_known_things(pack: PackDir) -> None:
    pack.edit("solution.yaml", "  team: ru-cert\n  action: classify", "  team: ru-certs\n  action: classify")
    pack.edit("solution.yaml", "  action: takedown_request", "  action: take_down")
    pack.edit("solution.yaml", "  mark: th.sitrep", "  mark: th.sitreport")
    pack.edit("solution.yaml", "    preserve: true", "    preserve: true\n    evidence: yes")
    pack.edit("scripts/typical-mistakes.yaml", "action: classify", "action: classify\n  fields: {rsit: fraud}")
    first_fields = pack.where("scripts/typical-mistakes.yaml", "fields: {rsit: fraud}")
    assert pack.problems() == [
        (f"{first_fields.rsplit(':', 1)[0]}:18: 'fraud' is not an RSIT class/type (write class/type, e.g. "
        "fraud/phishing)"),
        (f"{pack.where('scripts/typical-mistakes.yaml', 'fields: {rsit: fraud/phishing, tlp')}: duplicate key "
        f"'fields' (first given on line {first_fields.split(':')[1]})"),
        f"{pack.where('solution.yaml', 'ru-certs')}: unknown team 'ru-certs' (did you mean 'ru-cert'?)",
        (f"{pack.where('solution.yaml', 'take_down')}: unknown action type 'take_down' (did you mean "
        "'takedown_request'?)"),
        f"{pack.where('solution.yaml', 'th.sitreport')}: unknown step 'th.sitreport' (did you mean 'th.sitrep'?)",
    ]


def test_script_field_not_of_action(pack: PackDir) -> None:
    pack.edit("solution.yaml", "    preserve: true", "    preserve: true\n    evidence: disk image")
    assert one(pack) == (f"{pack.where('solution.yaml', 'evidence')}: 'evidence' is not a field of action type "
                         "'takedown_request' (its fields: to, channel, domain, ip, preserve)")


# ----------------------------------------------------------------------------------- templates


def test_world_typo_in_inject_body_at_its_line(pack: PackDir) -> None:
    pack.edit("injects.yaml", "password on {{ world.page_url }}", "password on {{ world.page_ulr }}")
    assert one(pack) == (f"{pack.where('injects.yaml', 'world.page_ulr', at='world')}: world has no item 'page_ulr' "
                         "(items: victim, mule, phishing_domain, panel_ip, page_url)")


def test_record_field_typo_in_subject(pack: PackDir) -> None:
    pack.edit("injects.yaml", "THB {{ world.mule.amount | thousands }} gone", "THB {{ world.mule.amont }} gone")
    assert one(pack) == (f"{pack.where('injects.yaml', 'world.mule.amont', at='world')}: world.mule has no field "
                         "'amont' (fields: holder, account, amount)")


def test_template_syntax_error_line(pack: PackDir) -> None:
    pack.edit("injects.yaml", "      {% endfor %}", "      {% endfor")
    problem = one(pack)
    assert problem.startswith(f"{pack.where('injects.yaml', '{% endfor')}: template syntax:".replace(":7:", ":7:"))


def test_context_name_not_available(pack: PackDir) -> None:
    pack.edit("injects.yaml", "imitates a Thai bank.", "imitates {{ action.domain }}.")
    assert one(pack) == (f"{pack.where('injects.yaml', '{{ action.domain }}.', at='action')}: 'action' is not "
                         "available in this text (it can use: attachments, facts, team, world)")


def test_an_inject_may_state_an_attachments_recorded_digest_and_a_typo_is_reported(pack: PackDir) -> None:
    pack.edit("injects.yaml", "imitates a Thai bank.",
              "imitates a Thai bank. SHA-256: {{ attachments['victim-statement.txt'].sha256 }}.")
    assert pack.problems() == []
    pack.edit("injects.yaml", "attachments['victim-statement.txt'].sha256", "attachments['statement.txt'].sha256")
    assert "unknown attachment 'statement.txt'" in one(pack)


def test_reply_sees_the_request_fields(pack: PackDir) -> None:
    pack.edit("injects.yaml", 'subject: "Account {{ action.account }} frozen"',
              'subject: "Account {{ action.acount }} frozen"')
    assert one(pack) == (f"{pack.where('injects.yaml', 'action.acount', at='action')}: unknown field of action type "
                         "freeze_request: 'acount' (did you mean 'account'?)")


def test_unknown_fact_and_team_field(pack: PackDir) -> None:
    pack.edit("injects.yaml", "Nothing is left to freeze.",
              "Nothing is left to freeze ({{ facts.fund_lost }}, {{ team.zone }}).")
    assert pack.problems() == [
        (f"{pack.where('injects.yaml', 'facts.fund_lost', at='facts')}: unknown fact 'fund_lost' (did you mean "
        "'funds_lost'?)"),
        (f"{pack.where('injects.yaml', 'facts.fund_lost', at='team')}: unknown team field 'zone' (did you mean "
        "'timezone'?)"),
    ]


def test_attachment_file_reference_at_its_own_line(pack: PackDir) -> None:
    pack.edit("attachments/victim-statement.txt", "{{ world.mule.holder }}", "{{ world.mule.owner }}")
    assert one(pack) == (f"{pack.where('attachments/victim-statement.txt', 'world.mule.owner', at='world')}: "
                         "world.mule has no field 'owner' (fields: holder, account, amount)")


def test_world_template_sees_only_earlier_items(pack: PackDir) -> None:
    pack.edit("world.yaml", '"https://{{ world.phishing_domain }}/login', '"https://{{ world.later }}/login')
    pack.append("world.yaml", "  later: {value: example.org}\n")
    assert one(pack) == (f"{pack.where('world.yaml', 'world.later', at='world')}: world.later is declared after "
                         "this item; a world template sees only the items above it")


def test_matcher_and_script_templates(pack: PackDir) -> None:
    pack.edit("steps.yaml", '{equals: "{{ world.panel_ip }}"}', '{equals: "{{ world.panel }}"}')
    pack.edit("solution.yaml", 'ip: "{{ world.panel_ip }}"', 'ip: "{{ world.panelip }}"')
    assert pack.problems() == [
        (f"{pack.where('solution.yaml', 'world.panelip', at='world')}: world has no item 'panelip' (items: victim, "
        "mule, phishing_domain, panel_ip, page_url)"),
        (f"{pack.where('steps.yaml', 'world.panel ', at='world')}: world has no item 'panel' (items: victim, mule, "
        "phishing_domain, panel_ip, page_url)"),
    ]


def test_faker_provider_not_allowed(pack: PackDir) -> None:
    pack.edit("world.yaml", "{faker: ipv4_public}", "{faker: seed_instance}")
    (problem,) = pack.problems()
    assert problem.startswith(f"{pack.where('world.yaml', 'seed_instance')}: 'seed_instance' is not an allowed Faker "
                              "provider")


# ------------------------------------------------------------------------------------------ warnings


def test_scaffold_has_no_warnings(pack: PackDir) -> None:
    assert pack.problems("warning") == []


def test_unfireable_inject_and_the_step_it_opens(pack: PackDir) -> None:
    pack.edit("injects.yaml", '    trigger: {at: "T+00:10"}\n    from: ru-hoster', "    from: ru-hoster")
    assert pack.problems() == []
    first, second = (pack.where("steps.yaml", "inject:hoster-abuse", at='"inject', nth=n) for n in (1, 2))
    assert pack.problems("warning") == [
        (f"{pack.where('injects.yaml', 'id: hoster-abuse', at='hoster-abuse')}: inject 'hoster-abuse' can never "
        "fire: it has no trigger and no party rule or consequence sends it (only the instructor can send it)"),
        (f"{first}: step 'ru.classify' opens after "
        "inject:hoster-abuse, which can never fire"),
        (f"{second}: step 'ru.takedown' opens after "
        "inject:hoster-abuse, which can never fire"),
    ]


def test_idle_party_and_unused_attachment(pack: PackDir) -> None:
    pack.edit("injects.yaml", "    attachments: [victim-statement.txt]\n", "")
    pack.edit("pack.yaml", "  - id: ru-hoster\n", "  - {id: th-police, name: Police, kind: police, country: TH, "
              "timezone: Asia/Bangkok}\n  - id: ru-hoster\n")
    assert pack.problems() == []
    assert pack.problems("warning") == [
        f"{pack.where('pack.yaml', 'th-police')}: party 'th-police' has no rule to answer with and sends no inject",
        (f"{pack.where('pack.yaml', 'victim-statement.txt:')}: attachment 'victim-statement.txt' is carried by no "
        "inject"),
    ]


# ------------------------------------------------------------------------- team-to-team messages


def test_a_team_may_be_addressed_stood_in_for_and_quoted_as_sender(pack: PackDir) -> None:
    pack.edit("actions.yaml", "      to: {type: party, label: Hoster, required: true}",
              "      to: {type: party, label: Hoster or partner team, required: true, options: [ru-hoster, ru-cert]}")
    pack.append("rules.yaml", "  - id: ru-cert-stand-in\n    party: ru-cert\n    on: takedown_request\n"
                "    reply: {inject: ru-cert-noted, after: 10m}\n")
    pack.edit("injects.yaml", "  - id: hoster-takedown-done\n",
              "  - id: ru-cert-noted\n    from: ru-cert\n    to: [th-cert]\n"
              "    channel: abuse-desk\n    subject: Noted\n    body: The Russian centre acts on it.\n"
              "  - id: hoster-takedown-done\n")
    assert pack.problems() == [] and pack.problems("warning") == []
    pack.edit("rules.yaml", "    party: ru-cert\n", "    party: ru-cret\n")
    assert one(pack) == (
        f"{pack.where('rules.yaml', 'ru-cret')}: unknown party or team 'ru-cret' (did you mean 'ru-cert'?)"
    )
