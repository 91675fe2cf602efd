"""`cyberdrill validate` renders every templated text of a pack once, as delivery would, and reports what fails.

The static checks (pack/check_text.py) know which names a text may use; they cannot know that
`{{ ''.__class__ }}` is refused by the sandbox, that a loop runs past the budget or that an attachment renders
to more than a text may hold (pack/sandbox.py). Without this check such a pack validates, and trainees then
receive "[this text could not be rendered: …]". So a world is generated (seed 1) and every inject's subject
and body is rendered for every team it goes to (in each language the pack translates it into), every
attachment and every matcher value once, each under
the sandbox's time and size budget; each failure is an error at the text's own line. A reply sees, as
`action`, the fields of a request of its rule's type from the pack's scripts (the solution's first); a
name such a request does not hold is left to the static checks rather than reported here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from cyberdrill.pack.check_text import is_template, yaml_place
from cyberdrill.pack.folder import display
from cyberdrill.pack.loaded import Diagnostic, LoadedPack
from cyberdrill.pack.model import Pack, PartyRule
from cyberdrill.pack.text import TemplateProblem, attachment_digests, render, render_attachment, render_value
from cyberdrill.pack.translations import languages_of, localize, translated_texts
from cyberdrill.pack.yamlnodes import Document, ValuePath

if TYPE_CHECKING:
    from cyberdrill.world.generate import WorldError

SEED = 1


class _RenderCheck:
    def __init__(self, loaded: LoadedPack) -> None:
        self.loaded = loaded
        self.found: list[Diagnostic] = []

    def at(self, path: ValuePath, lineno: int | None, message: str, doc: Document | None = None) -> None:
        doc = doc or self.loaded.positions
        if doc is None:
            self.found.append(Diagnostic(display(self.loaded.root), 1, 1, message))
            return
        file, line, col = yaml_place(doc, path, lineno or 1, "")
        self.found.append(Diagnostic(file, line, col, message))

    def attempt(self, path: ValuePath, work: Callable[[], Any], *, lenient: bool = False,
                doc: Document | None = None) -> bool:
        """Run one render; on failure report it at `path` (of `doc`, default the pack's files) and say False.
        `lenient` lets names the validator cannot supply (a reply's `action` fields) go unrendered instead of
        failing."""
        try:
            work()
        except TemplateProblem as exc:
            if not (lenient and exc.undefined):
                self.at(path, exc.lineno, f"this text would not render at delivery: {exc.message}", doc)
            return False
        return True

    def run(self) -> list[Diagnostic]:
        from cyberdrill.world import WorldError, generate_world

        pack = self.loaded.pack
        try:
            world = generate_world(pack, SEED)
        except WorldError as exc:
            return [world_error(self.loaded, exc)]
        attachments = self.attachments(world)
        requests = self.requests(world, attachments)
        replies = {reply.inject for rule in pack.rules if isinstance(rule, PartyRule)
                   for reply in (rule.reply, rule.otherwise) if reply is not None}
        # An inject a step's attempt triggers sees that action's fields too (engine/delivery.py).
        replies |= {i.id for i in pack.injects if i.trigger is not None and (i.trigger.after or "").startswith("step:")}
        base = {"world": world, "facts": dict(pack.facts), "attachments": attachments, "missing": []}
        self.injects(pack, base, requests, replies)
        for lang in languages_of(pack)[1:]:  # the translations too, at their own lines
            translation = pack._translations[lang]
            self.injects(localize(pack, lang), base, requests, replies, set(translated_texts(translation)),
                         translation._doc)
        for path, value in self.matcher_values():
            self.attempt(path, partial(render_value, value, {"world": world, "attachments": attachments}))
        return self.found

    def injects(self, pack: Pack, base: dict[str, Any], requests: dict[str, dict[str, Any]], replies: set[str],
                only: set[tuple[str, ...]] | None = None, doc: Document | None = None) -> None:
        """Render each templated subject and body of `pack`'s injects (with `only`, those it names, as
        ("injects", id, key)) for every team it goes to; a failure is reported in `doc` (a translation file)
        when given, else in the pack's files."""
        teams = {team.id: team.model_dump(mode="json") for team in pack.teams}
        for i, inject in enumerate(pack.injects):
            for key in ("subject", "body"):
                source: str = getattr(inject, key)
                if not is_template(source) or (only is not None and ("injects", inject.id, key) not in only):
                    continue
                path: ValuePath = ("injects", i, key) if doc is None else ("injects", inject.id, key)
                for team in inject.to or [""]:
                    context = {**base, "team": teams.get(team, {}), "action": requests.get(inject.id, {})}
                    if not self.attempt(path, partial(render, source, context), lenient=inject.id in replies,
                                        doc=doc):
                        break  # one error per text, not one per team

    def attachments(self, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The digests delivery would record; an attachment that does not render is an error in its file."""
        loaded = self.loaded
        for name in loaded.pack.attachments:
            try:
                render_attachment(loaded, name, world)
            except TemplateProblem as exc:
                file = display(loaded.root / loaded.pack.attachments[name].file)
                self.found.append(Diagnostic(file, exc.lineno or 1, 1,
                                             f"this attachment would not render at delivery: {exc.message}"))
        if any(d.message.startswith("this attachment") for d in self.found):
            return {}
        return attachment_digests(loaded, world)

    def requests(self, world: dict[str, Any], attachments: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """Reply inject -> the fields of a request it answers, taken from the pack's own scripts (the
        solution first), so that a reply's `{{ action.account }}` renders as it would in a drill."""
        by_type: dict[str, dict[str, Any]] = {}
        for name in sorted(self.loaded.scripts, key=lambda n: n != "solution"):
            for entry in self.loaded.scripts[name]:
                if entry.action is not None and entry.action not in by_type:
                    try:
                        by_type[entry.action] = dict(render_value(entry.fields, {"world": world,
                                                                                 "attachments": attachments}))
                    except TemplateProblem:
                        continue  # the solution check reports it
        found: dict[str, dict[str, Any]] = {}
        for rule in self.loaded.pack.rules:
            for reply in (rule.reply, rule.otherwise):
                if reply is not None and rule.on in by_type:
                    found.setdefault(reply.inject, by_type[rule.on])
        return found

    def matcher_values(self) -> list[tuple[ValuePath, Any]]:
        found: list[tuple[ValuePath, Any]] = []
        for i, step in enumerate(self.loaded.pack.steps):
            for key in ("select", "match"):
                for field_name, matcher in getattr(step, key).items():
                    if isinstance(matcher.operand, str) and is_template(matcher.operand):
                        found.append((("steps", i, key, field_name, matcher.operator), matcher.operand))
        return found


def world_error(loaded: LoadedPack, exc: WorldError) -> Diagnostic:
    """The diagnostic for a world that cannot be generated, at the generator when the error knows it."""
    file, line, col = exc.place or (display(loaded.root / "pack.yaml"), 1, 1)
    return Diagnostic(file, line, col, f"the world cannot be generated: {exc.problem}")


def check_rendering(loaded: LoadedPack) -> list[Diagnostic]:
    """An error for every text, attachment and matcher value of a valid pack that would not render."""
    return _RenderCheck(loaded).run()
