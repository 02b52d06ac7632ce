"""What is wrong with an import file, row by row, in plain words."""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from complaints_tui.domain.text import visible

MAX_PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class RowProblem:
    """What is wrong on one line (1 is a CSV header; 0: the file as a whole), in plain words;
    `item` is a JSON row's place in its list (several may share a line)."""

    line: int
    message: str
    item: int = 0

    def __str__(self) -> str:
        if self.item:
            return f"line {self.line}, item {self.item}: {self.message}"
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportFailed(Exception):
    """The file was not imported; `problems` lists the reasons (the first rows' when there are
    very many: `total` counts them all), `str()` is a summary."""

    def __init__(self, path: str, problems: Sequence[RowProblem], total: int = 0) -> None:
        self.path = path
        self.problems = list(problems)
        self.total = max(total, len(self.problems))
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        lines = [f"{visible(path)}: nothing was imported ({self.total:,} problem(s)):"]
        lines += [f"  {visible(str(problem))}" for problem in shown]
        if self.total > len(shown):
            lines.append(f"  … and {self.total - len(shown):,} more")
        super().__init__("\n".join(lines))


class Problems:
    """Every reason found, gathered per row so a row's problems are reported together.

    Only the first `keep` rows' reasons are kept (the rest are counted), so a file of a
    million bad rows is told in bounded memory.
    """

    def __init__(self, keep: int = MAX_PROBLEMS_SHOWN) -> None:
        self._keep = keep
        self._by_row: dict[tuple[int, int], list[str]] = {}
        self._latest: list[tuple[int, int]] = []  # the kept rows, latest first (negated)
        self._seen = bytearray()  # a bit per row that has any problem, to count them
        self.rows = 0  # how many rows have a problem, kept or not

    def add(self, line: int, message: str, item: int = 0) -> None:
        self._count(item or line)
        key = (line, item)
        kept = self._by_row.get(key)
        if kept is not None:
            kept.append(message)
            return
        if len(self._by_row) >= self._keep:
            latest = (-self._latest[0][0], -self._latest[0][1])
            if key > latest:
                return
            heapq.heappop(self._latest)
            del self._by_row[latest]
        self._by_row[key] = [message]
        heapq.heappush(self._latest, (-line, -item))

    def _count(self, row: int) -> None:
        byte, bit = divmod(row, 8)
        if byte >= len(self._seen):
            self._seen.extend(bytes(byte + 1 - len(self._seen) + 4096))
        if not self._seen[byte] & (1 << bit):
            self._seen[byte] |= 1 << bit
            self.rows += 1

    def __bool__(self) -> bool:
        return self.rows > 0

    def as_list(self) -> list[RowProblem]:
        return [
            RowProblem(line, "; ".join(messages), item)
            for (line, item), messages in sorted(self._by_row.items())
        ]

    def failure(self, path: str) -> ImportFailed:
        return ImportFailed(path, self.as_list(), self.rows)
