"""Shared test set-up. Keep it small: fixtures used across test folders only."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from complaints_tui.locations import data_dir

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


SHUTDOWN_PROFILE = "derby-shutdown"


@pytest.fixture
def shutdown_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The shipped data with one more profile: Derby Homes, closure days stopping the clock."""
    data = tmp_path / "data"
    (data / "policies").mkdir(parents=True)
    shipped = data_dir()
    for child in shipped.iterdir():
        if child.name != "policies":
            (data / child.name).symlink_to(child)
    for profile in (shipped / "policies").glob("*.toml"):
        (data / "policies" / profile.name).write_text(profile.read_text("utf-8"), "utf-8")
    derby = (shipped / "policies" / "derby-homes.toml").read_text("utf-8")
    assert 'id = "derby-homes"' in derby and "closure_days_stop_clock = false" in derby
    stops = derby.replace('id = "derby-homes"', f'id = "{SHUTDOWN_PROFILE}"').replace(
        "closure_days_stop_clock = false", "closure_days_stop_clock = true"
    )
    (data / "policies" / f"{SHUTDOWN_PROFILE}.toml").write_text(stops, "utf-8")
    monkeypatch.setenv("COMPLAINTS_DATA_DIR", str(data))
    yield SHUTDOWN_PROFILE
