"""Drafts survive a killed process: atomic writes, one file per user, damaged files set aside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from complaints_tui.services.drafts import Draft, DraftStore


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    draft = Draft(7, 42, "Bob [/], 1 High St", {"description": "Leak [bold]x", "channel": "phone"})
    drafts.save(draft)
    loaded = drafts.load(7)
    assert loaded is not None
    assert loaded.resident_id == 42
    assert loaded.resident_label == "Bob [/], 1 High St"
    assert loaded.fields == {"description": "Leak [bold]x", "channel": "phone"}
    assert loaded.saved_at is not None


def test_drafts_are_kept_per_user(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.save(Draft(1, 10, "A", {"description": "one"}))
    drafts.save(Draft(2, 20, "B", {"description": "two"}))
    first, second = drafts.load(1), drafts.load(2)
    assert first is not None and first.fields["description"] == "one"
    assert second is not None and second.fields["description"] == "two"
    drafts.discard(1)
    assert drafts.load(1) is None
    assert drafts.load(2) is not None


def test_save_leaves_no_temporary_files(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    for n in range(5):
        drafts.save(Draft(1, None, "anonymous", {"description": "x" * n}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft-user-1.json"]


def test_damaged_draft_is_set_aside_not_lost(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    drafts.path_for(3).write_text("{not json", encoding="utf-8")
    assert drafts.load(3) is None
    kept = [p.name for p in tmp_path.iterdir()]
    assert len(kept) == 1 and kept[0].startswith("draft-user-3.damaged-")


def test_draft_written_by_a_killed_process_is_whole(tmp_path: Path) -> None:
    """A process saving in a loop and killed with SIGKILL leaves a complete, readable draft."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from complaints_tui.services.drafts import Draft, DraftStore\n"
        "store = DraftStore(Path(sys.argv[1]))\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        "    store.save(Draft(5, 1, 'R', {'description': 'word ' * n, 'n': n}))\n"
        "    if n == 50: print('saving', flush=True)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "saving"
    process.kill()
    process.wait()
    raw = json.loads(DraftStore(tmp_path).path_for(5).read_text(encoding="utf-8"))
    n = raw["fields"]["n"]
    assert n >= 50
    assert raw["fields"]["description"] == "word " * n
