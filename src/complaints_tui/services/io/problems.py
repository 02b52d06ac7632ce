"""What is wrong with an import file, line by line, in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class RowProblem:
    """What is wrong on one line (1 is a CSV header; 0: the file as a whole), in plain words."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportFailed(Exception):
    """The file was not imported; `problems` lists every reason, `str()` is a summary."""

    def __init__(self, path: str, problems: Sequence[RowProblem]) -> None:
        self.path = path
        self.problems = list(problems)
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"{path}: nothing was imported ({len(self.problems)} problem(s)):"]
        lines += [f"  {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  … and {len(self.problems) - len(shown)} more")
        super().__init__("\n".join(lines))


class Problems:
    """Every reason found, gathered per line so a row's problems are reported together."""

    def __init__(self) -> None:
        self._by_line: dict[int, list[str]] = {}

    def add(self, line: int, message: str) -> None:
        self._by_line.setdefault(line, []).append(message)

    def __bool__(self) -> bool:
        return bool(self._by_line)

    def as_list(self) -> list[RowProblem]:
        return [
            RowProblem(line, "; ".join(messages))
            for line, messages in sorted(self._by_line.items())
        ]
