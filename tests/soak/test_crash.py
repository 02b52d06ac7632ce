"""Crash safety at CI size (issue 12): three writers on one SQLite file, SIGKILLed at random
moments mid-write and restarted; nothing they reported committed may be missing. `make soak`
runs it at full size."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from complaints_tui.services.drafts import DraftStore
from tests.soak.crash import check_drafts, run_crash
from tests.soak.procs import check_database
from tests.soak.seed import seed
from tests.soak.writer import DRAFT_USER_BASE


def _said(*lines: str) -> Any:
    """What a writer process printed, without starting one."""
    return SimpleNamespace(worker=0, lines=list(lines))


def test_writers_killed_mid_write_lose_nothing_they_reported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    result = run_crash(url, tmp_path / "drafts", writers=3, rounds=4, rng=random.Random(12))
    print(result.summary())
    check = result.check
    assert result.kills == 4 + 3
    assert check.commits > 0 and check.opened > 0
    assert check.found == check.commits
    assert check.lost == []
    assert check.duplicates == 0
    assert check.lock_errors == []
    assert check.other_errors == []
    assert check.integrity == "ok"
    assert result.drafts.checked == 3
    assert result.drafts.lost == []
    assert check.cases_in_database >= check.commits


def test_the_check_finds_a_case_that_is_not_there(tmp_path: Path) -> None:
    """The harness can fail: a reported commit with no case, a stage 1 never opened, a
    reference reported for two cases."""
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    seed(url)
    said = _said(
        "COMMITTED CMP-2026-000001 1",
        "COMMITTED CMP-2026-000001 2",
        "OPENED CMP-2026-000001 1",
        "LOCKED after 5.01 s: The database is locked by another program; try again in a moment.",
    )
    check = check_database(url, [said])
    assert check.found == 0
    assert len(check.lost) == 3
    assert check.duplicates == 1
    assert len(check.lock_errors) == 1
    assert not check.ok


def test_the_check_finds_a_torn_or_older_draft(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    torn, older = DRAFT_USER_BASE + 1, DRAFT_USER_BASE + 2
    drafts.path_for(torn).write_text('{"format": 1, "user_id": ', encoding="utf-8")
    drafts.path_for(older).write_text(
        json.dumps({"user_id": older, "fields": {"n": 3}}), encoding="utf-8"
    )
    said = _said(f"DRAFT {torn} 7", f"DRAFT {older} 3", f"DRAFT {older} 4")
    result = check_drafts(tmp_path, [said])
    assert result.checked == 2
    assert len(result.lost) == 2
    assert "unreadable" in result.lost[0]
    assert "holds number 3, 4 was reported" in result.lost[1]
