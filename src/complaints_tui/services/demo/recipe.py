"""The demo's recipe: how big, which seed, which profile, and the word lists it draws on.

The lists live in `data/demo/` (names, streets, towns, service areas and their categories, the
descriptions a resident gives); the same recipe and the same `today` give the same database.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from complaints_tui.domain.policy import DEFAULT_PROFILE
from complaints_tui.locations import data_dir

ProgressFn = Callable[[str, int, int], None]
"""on_progress(phase, done, total): called as the build goes on."""


class DemoError(Exception):
    """The demo database cannot be built; the message is the sentence the user sees."""


@dataclass(frozen=True)
class DemoRecipe:
    residents: int = 400
    cases: int = 2000
    seed: int = 1
    profile: str | None = None  # None: the landlord's profile in the database, else hos-code
    today: date | None = None  # None: today; dates run back about two years from it
    years: float = 2.0


@dataclass
class DemoSummary:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    profile: str = DEFAULT_PROFILE
    today: date = date.min

    def lines(self) -> list[str]:
        out = [f"Demo data for profile {self.profile}, as of {self.today.isoformat()}:"]
        out += [f"  {table:<24}{count:>12,}" for table, count in self.rows.items() if count]
        out.append(f"Built in {self.seconds:.1f} s.")
        return out


@dataclass(frozen=True)
class AreaSpec:
    name: str
    team: str
    weight: int
    categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RecipeLists:
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    streets: tuple[str, ...]
    suffixes: tuple[str, ...]
    towns: tuple[tuple[str, tuple[str, ...]], ...]
    areas: tuple[AreaSpec, ...]
    teams: tuple[str, ...]
    descriptions: tuple[str, ...]
    desired_outcomes: tuple[str, ...]


def _lines(path: Path) -> tuple[str, ...]:
    text_ = path.read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text_.splitlines() if line.strip() and not line.startswith("#")
    )


def load_lists(folder: Path | None = None) -> RecipeLists:
    folder = folder or data_dir() / "demo"
    try:
        towns = []
        for line in _lines(folder / "towns.txt"):
            town, districts = line.split("|", 1)
            towns.append((town.strip(), tuple(districts.split())))
        raw = tomllib.loads((folder / "service_areas.toml").read_text(encoding="utf-8"))
        areas = tuple(
            AreaSpec(
                name=area["name"],
                team=area["team"],
                weight=int(area["weight"]),
                categories=tuple((c["name"], int(c["weight"])) for c in area["categories"]),
            )
            for area in raw["areas"]
        )
        return RecipeLists(
            first_names=_lines(folder / "first_names.txt"),
            surnames=_lines(folder / "surnames.txt"),
            streets=_lines(folder / "streets.txt"),
            suffixes=_lines(folder / "street_suffixes.txt"),
            towns=tuple(towns),
            areas=areas,
            teams=tuple(raw["teams"]),
            descriptions=_lines(folder / "descriptions.txt"),
            desired_outcomes=_lines(folder / "desired_outcomes.txt"),
        )
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as error:
        raise DemoError(f"The demo recipe in {folder} cannot be read: {error}") from error
