"""Drafts: the call being captured, saved on every change so nothing typed is ever lost.

One draft per user, a small JSON file in the user's folder (`locations.user_dir()/drafts`, or a
folder given for tests). Each save writes a temporary file beside it and `os.replace`s it over
the old one, so a process killed mid-write leaves the previous draft whole, never half a file.
The file is not fsync'd on every keystroke: a killed process loses nothing (the kernel holds the
page); only a power cut inside the last few seconds could.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from complaints_tui.locations import user_dir

FORMAT = 1


@dataclass(frozen=True)
class Draft:
    """A capture in progress: who it is for and the form's fields (JSON values only)."""

    user_id: int
    resident_id: int | None
    resident_label: str  # what to call it in the restore offer ("Ann Smith, 4 High St")
    fields: dict[str, Any] = field(default_factory=dict)
    saved_at: datetime | None = None
    anonymous: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "user_id": self.user_id,
            "resident_id": self.resident_id,
            "resident_label": self.resident_label,
            "anonymous": self.anonymous,
            "saved_at": (self.saved_at or datetime.now(UTC)).isoformat(),
            "fields": self.fields,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Draft:
        saved = raw.get("saved_at")
        resident_id = raw.get("resident_id")
        fields = raw.get("fields")
        return cls(
            user_id=int(raw["user_id"]),
            resident_id=int(resident_id) if resident_id is not None else None,
            resident_label=str(raw.get("resident_label", "")),
            fields=dict(fields) if isinstance(fields, dict) else {},
            saved_at=datetime.fromisoformat(saved) if isinstance(saved, str) else None,
            anonymous=bool(raw.get("anonymous", False)),
        )


class DraftStore:
    """Save, load and discard each user's draft in one folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder

    @property
    def folder(self) -> Path:
        folder = self._folder if self._folder is not None else user_dir() / "drafts"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def path_for(self, user_id: int) -> Path:
        return self.folder / f"draft-user-{int(user_id)}.json"

    def save(self, draft: Draft) -> None:
        """Write the draft atomically: a temp file in the same folder, then `os.replace`."""
        target = self.path_for(draft.user_id)
        payload = json.dumps(draft.to_json(), ensure_ascii=False, indent=1)
        handle, temp_name = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                temp.write(payload)
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise

    def load(self, user_id: int) -> Draft | None:
        """The user's draft, or None. A damaged file is set aside (never deleted) and ignored."""
        path = self.path_for(user_id)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Draft.from_json(raw)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            with contextlib.suppress(OSError):
                path.replace(path.with_name(f"{path.stem}.damaged-{stamp}.json"))
            return None

    def discard(self, user_id: int) -> None:
        self.path_for(user_id).unlink(missing_ok=True)
