"""Crash safety: `python -m tests.soak.crash [--writers 6] [--rounds 30] [--seed 1]`.

Starts W writer processes on one SQLite file (each logs complaints, opens stage 1 on every
other one and saves a draft, printing each only after it returned), then R rounds: pick a
writer at random, let it write for a random moment, SIGKILL it and start it again. At the end
every writer is SIGKILLed too. Then checks: every COMMITTED case is there with its
`contact_logged` event, every OPENED one at stage 1 with its `stage_opened` event, references
unique, `PRAGMA integrity_check` ok, and each writer's draft file readable and at least as new
as the last DRAFT line it printed. Prints a summary; exits 1 on any loss.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from complaints_tui.services.drafts import DraftStore
from tests.soak.procs import Check, Writer, check_database
from tests.soak.seed import seed

FOREVER = 1_000_000  # contacts per writer: it writes until it is killed


@dataclass
class DraftCheck:
    checked: int = 0
    lost: list[str] = field(default_factory=list)
    stray_temp_files: int = 0  # a kill between writing the temp file and replacing the draft


@dataclass
class CrashResult:
    writers: int
    rounds: int
    kills: int
    seconds: float
    check: Check
    drafts: DraftCheck

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.drafts.lost

    def summary(self) -> str:
        c, d = self.check, self.drafts
        return (
            f"crash on sqlite: {self.writers} writers, {self.rounds} rounds, kills {self.kills}: "
            f"commits {c.commits} (+{c.opened} stage 1), found {c.found}, lost {len(c.lost)}, "
            f"duplicates {c.duplicates}, lock errors seen {len(c.lock_errors)}, "
            f"other errors {len(c.other_errors)}, integrity {c.integrity}; "
            f"drafts checked {d.checked}, lost {len(d.lost)}, "
            f"stray temp files {d.stray_temp_files} ({self.seconds:.1f} s)"
        )


def check_drafts(folder: Path, writers: list[Writer]) -> DraftCheck:
    """Each worker's draft file parses, loads, and holds a number at least its last DRAFT's."""
    result = DraftCheck()
    last: dict[int, int] = {}
    for writer in writers:
        for line in writer.lines:
            if line.startswith("DRAFT "):
                _, key, number = line.split()
                last[int(key)] = max(last.get(int(key), -1), int(number))
    drafts = DraftStore(folder)
    for key, number in sorted(last.items()):
        result.checked += 1
        path = drafts.path_for(key)
        try:
            on_disk = int(json.loads(path.read_text(encoding="utf-8"))["fields"]["n"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            result.lost.append(f"draft {key}: unreadable after the kills ({error})")
            continue
        loaded = drafts.load(key)
        if loaded is None or on_disk < number:
            result.lost.append(f"draft {key}: holds number {on_disk}, {number} was reported saved")
    result.stray_temp_files = len(list(folder.glob(".draft-*.tmp")))
    return result


def run_crash(url: str, drafts: Path, writers: int, rounds: int, rng: random.Random) -> CrashResult:
    """Write, kill and restart for `rounds` rounds; then kill all and check."""
    seed(url)
    extra = ("--stage1", "--drafts", str(drafts))
    started = time.perf_counter()
    live = {worker: Writer(url, worker, FOREVER, *extra) for worker in range(writers)}
    every = list(live.values())
    kills = 0
    try:
        for _ in range(rounds):
            worker = rng.randrange(writers)
            victim = live[worker]
            victim.ready.wait(120)
            time.sleep(rng.uniform(0.05, 1.0))  # a random moment into its writing
            victim.kill()
            kills += 1
            numbers = [
                n for w in every if w.worker == worker for n in [w.last_number()] if n is not None
            ]
            live[worker] = Writer(url, worker, FOREVER, *extra, start=max(numbers, default=0) + 1)
            every.append(live[worker])
        for writer in live.values():
            writer.ready.wait(120)
        time.sleep(rng.uniform(0.05, 1.0))
    finally:
        for writer in live.values():
            if writer.process.poll() is None:
                kills += 1
            writer.kill()
    seconds = time.perf_counter() - started
    return CrashResult(
        writers, rounds, kills, seconds, check_database(url, every), check_drafts(drafts, every)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1, help="which writer dies when")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soak-crash-") as folder:
        url = f"sqlite:///{Path(folder) / 'crash.sqlite3'}"
        result = run_crash(
            url, Path(folder) / "drafts", args.writers, args.rounds, random.Random(args.seed)
        )
    print(result.summary())
    c = result.check
    for line in [*c.lost, *c.lock_errors, *c.other_errors, *result.drafts.lost][:20]:
        print(f"  {line}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
