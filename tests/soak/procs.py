"""Writer processes seen from a harness: start one, read what it printed (a thread per process,
so a full pipe never stalls it), kill it, and check the database against what they all said."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from complaints_tui.store import models as m
from complaints_tui.store.engine import open_store

REPO = Path(__file__).resolve().parents[2]


class Writer:
    """One `tests.soak.writer` process and every line it printed so far."""

    def __init__(self, url: str, worker: int, count: int, *extra: str, start: int = 0) -> None:
        self.worker = worker
        self.lines: list[str] = []
        self.stderr: list[str] = []
        self.ready = threading.Event()
        command = [sys.executable, "-m", "tests.soak.writer", "--db", url]
        command += ["--worker", str(worker), "--count", str(count), "--start", str(start)]
        self.process = subprocess.Popen(
            [*command, *extra],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if line.startswith("READY"):
                self.ready.set()
        self.ready.set()  # it ended: nobody should wait for it any longer

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line.rstrip("\n"))

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("GO\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power button or the OOM killer would."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.wait(30)

    def wait(self, timeout: float) -> int:
        code = self.process.wait(timeout)
        for thread in self._threads:
            thread.join(timeout)  # every line it printed is read before anyone counts them
        return code

    def last_number(self) -> int | None:
        """The highest draft number it reported, if any."""
        numbers = [int(line.split()[2]) for line in self.lines if line.startswith("DRAFT ")]
        return max(numbers) if numbers else None


def reported(writers: list[Writer], word: str) -> list[str]:
    """The rest of every line starting with `word`, from every writer."""
    return [line[len(word) + 1 :] for w in writers for line in w.lines if line.startswith(word)]


@dataclass
class Check:
    """What the database holds against what the writers said they committed."""

    commits: int = 0  # COMMITTED lines
    opened: int = 0  # OPENED lines
    found: int = 0  # committed cases found with their reference and contact_logged event
    lost: list[str] = field(default_factory=list)  # what was reported but is not there
    duplicates: int = 0  # references held by more than one case, or reported for two ids
    lock_errors: list[str] = field(default_factory=list)  # busy/locked reached the caller
    other_errors: list[str] = field(default_factory=list)
    integrity: str = "not checked"
    cases_in_database: int = 0

    @property
    def ok(self) -> bool:
        return (
            not self.lost
            and not self.duplicates
            and not self.lock_errors
            and not self.other_errors
            and self.integrity in ("ok", "not SQLite")
        )


def check_database(url: str, writers: list[Writer]) -> Check:
    """Every COMMITTED case is there with its reference and `contact_logged` event, every
    OPENED one has stage 1 and its `stage_opened` event; references unique; SQLite intact."""
    check = Check()
    committed = [line.split() for line in reported(writers, "COMMITTED")]
    opened = [line.split() for line in reported(writers, "OPENED")]
    check.commits, check.opened = len(committed), len(opened)
    check.lock_errors = reported(writers, "LOCKED")
    check.other_errors = reported(writers, "ERROR")
    ids_by_reference: dict[str, set[str]] = {}
    for reference, case_id in committed:
        ids_by_reference.setdefault(reference, set()).add(case_id)
    store = open_store(url, create=False)
    try:
        with store.reading() as session:
            cases = {
                str(case_id): (reference, stage)
                for case_id, reference, stage in session.execute(
                    select(m.Case.id, m.Case.reference, m.Case.stage)
                )
            }
            actions = Counter(
                (str(case_id), action)
                for case_id, action in session.execute(
                    select(m.Event.case_id, m.Event.action).where(m.Event.case_id.is_not(None))
                )
            )
            twice = session.scalars(
                select(m.Case.reference).group_by(m.Case.reference).having(func.count() > 1)
            ).all()
            check.cases_in_database = len(cases)
            if store.is_sqlite:
                check.integrity = str(session.execute(text("PRAGMA integrity_check")).scalar())
            else:
                check.integrity = "not SQLite"
    finally:
        store.close()
    check.duplicates = len(twice) + sum(1 for ids in ids_by_reference.values() if len(ids) > 1)
    for reference, case_id in committed:
        if cases.get(case_id, ("", 0))[0] == reference and actions[case_id, "contact_logged"]:
            check.found += 1
        else:
            check.lost.append(f"{reference} (case {case_id}): case or contact_logged event missing")
    for reference, case_id in opened:
        held = cases.get(case_id)
        if held is None or held[1] < 1 or not actions[case_id, "stage_opened"]:
            check.lost.append(f"{reference} (case {case_id}): stage 1 or stage_opened missing")
    return check


def wait_all(writers: list[Writer], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for writer in writers:
        writer.wait(max(1.0, deadline - time.monotonic()))
