"""The launcher's new-session dialog chooses the language each team's messages are written in: by keys, the
flagship started with NCCCI reading English instead of its own Russian, ThaiCERT still in Thai."""

from __future__ import annotations

from flagship_session import FLAGSHIP
from test_flows import jump, switch_to
from tui_helpers import screen_text, settle, wait_for_text

from cyberdrill.engine.events import SessionStarted
from cyberdrill.tui.instructor.screen import InstructorScreen


async def test_the_instructor_switches_nccci_to_english_and_its_injects_arrive_in_english(make_app, log) -> None:
    app = make_app(pack=FLAGSHIP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        shown = screen_text(app)
        assert "Messages written in" in shown
        rows = [line for line in shown.splitlines() if "ThaiCERT" in line or "NCCCI" in line]
        assert any("NCCCI" in line and "Русский" in line for line in rows)  # each team's own language first
        assert any("ThaiCERT" in line and "ไทย" in line for line in rows)
        # from Start, back past Cancel, the passphrase and the seating to NCCCI's language; open it, English
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "enter")
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert any("NCCCI" in line and "English" in line for line in screen_text(app).splitlines())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InstructorScreen)

        (info,) = log.sessions()
        started = next(e for _, e in log.read(info.id) if isinstance(e, SessionStarted))
        assert started.languages == {"th-thaicert": "th"}  # NCCCI reads the pack's own English

        await pilot.press("space")  # start the clock
        await jump(pilot, "T+00:10")  # the banks' reports reach ThaiCERT, FinCERT's notice NCCCI
        await switch_to(pilot, "NCCCI")
        russian_centre = await wait_for_text(pilot, "Incoming remittance")  # FinCERT's notice, in its inbox
        assert "Incoming remittance" in russian_centre and "Входящий перевод" not in russian_centre
        await switch_to(pilot, "ThaiCERT")
        thai = await wait_for_text(pilot, "ลูกค้า")  # "customers report transfers ...", in Thai
        assert "ลูกค้า" in thai and "customers report" not in thai
