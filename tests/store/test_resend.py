"""A console that resends a command after its connection dropped mid-commit records it once.

The commit lands but its acknowledgement is lost (the store raises StoreUnavailable after committing);
the console sends again with the same command id, and the log holds the action once."""

from __future__ import annotations

import pytest
from drills import mini

from cyberdrill.engine.commands import TakeAction
from cyberdrill.engine.events import ActionTaken, Event
from cyberdrill.service import DrillService, new_command_id, wall_now
from cyberdrill.store import StoreUnavailable, open_log
from cyberdrill.store.sql_log import SqlLog

CLASSIFY = {"rsit": "fraud/phishing", "tlp": "TLP:AMBER", "summary": "Phishing of a bank customer"}


class LostAcknowledgement(SqlLog):
    """A real SQL log whose next `lose` appends commit and then fail as a dropped connection does."""

    lose = 0

    def append(self, session: str, expected_seq: int, events: list[Event], command_id: str | None = None) -> int:
        seq = super().append(session, expected_seq, events, command_id)
        if self.lose:
            self.lose -= 1
            raise StoreUnavailable("cannot reach the database: server closed the connection unexpectedly")
        return seq


def test_a_resend_after_a_lost_acknowledgement_records_the_action_once(db_url: str) -> None:
    log = LostAcknowledgement(open_log(db_url)._engine)
    drill = DrillService(log, mini()).start(seed=1)
    before = drill.seq
    sent = new_command_id()
    command = TakeAction(at=60, wall_at=wall_now(), team="th-cert", action="classify", fields=CLASSIFY)
    log.lose = 1
    with pytest.raises(StoreUnavailable):
        drill.execute(command, command_id=sent)
    assert drill.seq == before  # the console does not know the commit landed

    again = drill.execute(command, command_id=sent)  # the console sends again, as the trainee pressed ctrl+s
    taken = [e for _, e in open_log(db_url).read(drill.session_id) if isinstance(e, ActionTaken)]
    assert len(taken) == 1
    assert [e for e in again if isinstance(e, ActionTaken)] == taken  # the resend answers with what landed
    assert drill.seq == open_log(db_url).session(drill.session_id).last_seq  # and the console caught up

    # another command (another id) is recorded as usual
    drill.execute(command, command_id=new_command_id())
    assert len([e for _, e in log.read(drill.session_id) if isinstance(e, ActionTaken)]) == 2
