"""Shared test set-up. Keep it small: fixtures used across test folders only."""

from __future__ import annotations

import os
import tempfile

import pytest

# NO_COLOR in the environment turns every snapshot monochrome (and unlike the committed SVGs).
os.environ.pop("NO_COLOR", None)
# A terminal's own settings (theme, key map) from a folder of the run's own, never the user's;
# each test has its own (below), so F10 in one test never changes another's theme.
os.environ["COMPLAINTS_CONFIG"] = tempfile.mkdtemp(prefix="complaints-config-")


@pytest.fixture(autouse=True)
def _own_terminal_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPLAINTS_CONFIG", str(tmp_path_factory.mktemp("terminal-config")))
