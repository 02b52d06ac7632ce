"""Ten browser tabs at once on one database, through `complaints serve` and headless Chromium.

1. Ten tabs open the served app (120×36) and sign in as ten different users (call handlers,
   managers, team leads: each lands where that role starts), then go to a new call's lookup.
2. A keystroke's round trip: from the key's keydown in the page to the app's echo drawn by
   xterm (the typed text in the lookup's search box), measured in the page. First one tab at a
   time with the others idle, then all ten typing together (a key to every tab, then every
   echo awaited), ten keys a tab each time. Each key also runs a resident search (a worker).
3. Memory: the resident set (VmRSS) of each tab's app process once all ten have typed, and of
   the server (textual-serve) itself. Chromium's own memory is the browser's, not the office's.

Skipped, with a row saying why, where Debian's chromium is not installed (`.ci/browser.sh`).
Run on its own: `python -m tests.bench.bench_serve`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.browser.served import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ECHO_AFTER_KEY,
    ECHO_WAITED,
    Tab,
    browser_missing,
    demo_database,
    open_tab,
    rss_kib,
    served,
    sign_in,
)

TABS = 10
KEYS_A_TAB = 10
TYPED = "zqxjvkwzqx"  # matches no resident: the echo, not the results, is what is timed
TARGET_KEY_P95_MS = 150.0
TARGET_RSS_MB = 150.0


def _users(db_url: str, count: int) -> list[str]:
    import sqlite3

    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        rows = db.execute(
            "SELECT name FROM users WHERE active AND role != 'admin' "
            "AND name NOT LIKE '%[%' ORDER BY id LIMIT ?",
            (count,),
        ).fetchall()
    return [name for (name,) in rows]


def _to_lookup(tab: Tab) -> None:
    """F2 (a new call) from wherever the user started; the empty lookup, ready for typing."""
    for _ in range(3):
        if "Who is calling?" in tab.screen():
            break
        tab.press("F2")
        try:
            tab.wait_for("Who is calling?", timeout=5)
        except AssertionError:
            continue  # F2 before the user's first screen was up: press it again
    tab.wait_for("Who is calling?")


def _listen(tab: Tab, typed: str) -> None:
    """Start listening for `typed` in the search box; the key is pressed by the caller."""
    tab.page.evaluate(ECHO_AFTER_KEY, f"▊  {typed}")


def _echoed_ms(tab: Tab) -> float:
    return float(tab.page.evaluate(ECHO_WAITED))


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def measure() -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        db_url = demo_database(Path(folder), residents=400, cases=2000)
        users = _users(db_url, TABS)
        assert len(users) == TABS, users
        with served(db_url, Path(folder) / "home") as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                started = time.perf_counter()
                tabs = []
                for name in users:
                    tab = open_tab(browser, server.url, 120, 36)
                    sign_in(tab, name)
                    tabs.append(tab)
                for tab in tabs:
                    _to_lookup(tab)
                opened_s = time.perf_counter() - started

                alone: list[float] = []
                for tab in tabs:
                    tab.page.bring_to_front()
                    for i in range(KEYS_A_TAB // 2):
                        _listen(tab, TYPED[: i + 1])
                        tab.page.keyboard.press(TYPED[i])
                        alone.append(_echoed_ms(tab))

                together: list[float] = []
                for i in range(KEYS_A_TAB // 2, KEYS_A_TAB):
                    for tab in tabs:
                        _listen(tab, TYPED[: i + 1])
                        tab.page.keyboard.press(TYPED[i])
                    together += [_echoed_ms(tab) for tab in tabs]

                pids = server.app_processes()
                app_rss = [rss_kib(pid) / 1024 for pid in pids]
                server_rss = rss_kib(server.process.pid) / 1024
            finally:
                browser.close()
    return {
        "opened_s": opened_s,
        "alone": alone,
        "together": together,
        "app_rss": app_rss,
        "server_rss": server_rss,
    }


def run() -> list[tuple[str, str]]:
    missing = browser_missing()
    if missing is not None:
        return [(f"{TABS} tabs served to Chromium", f"skipped: {missing}")]
    figures = measure()
    alone, together, rss = figures["alone"], figures["together"], figures["app_rss"]
    p95_together = _p95(together)
    worst_rss = max(rss) if rss else float("nan")
    return [
        (f"{TABS} tabs: open and sign in, all", f"{figures['opened_s']:.1f} s"),
        (f"{TABS} tabs: app processes running", f"{len(rss)} (one per tab)"),
        (
            "key round trip, one tab typing (p50 / p95)",
            f"{statistics.median(alone):.0f} / {_p95(alone):.0f} ms",
        ),
        (
            f"key round trip, all {TABS} typing at once (p50 / p95)",
            f"{statistics.median(together):.0f} / {p95_together:.0f} ms  "
            f"(target ≤ {TARGET_KEY_P95_MS:.0f} ms: "
            f"{'PASS' if p95_together <= TARGET_KEY_P95_MS else 'OVER'})",
        ),
        (
            "memory per tab (app process RSS, mean / max)",
            f"{statistics.mean(rss):.0f} / {worst_rss:.0f} MB  "
            f"(target ≤ {TARGET_RSS_MB:.0f} MB: "
            f"{'PASS' if worst_rss <= TARGET_RSS_MB else 'OVER'})",
        ),
        ("memory of the server (textual-serve)", f"{figures['server_rss']:.0f} MB"),
    ]


if __name__ == "__main__":
    for what, figure in run():
        print(f"{what}: {figure}")
