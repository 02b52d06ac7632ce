"""Driving `complaints serve` in a real headless Chromium (Debian's, through Playwright).

Nothing here downloads a browser: Playwright launches /usr/bin/chromium (`.ci/browser.sh`
installs it). textual-serve draws the terminal with xterm.js on a canvas, so the page has no
text to read; the page keeps its xterm `Terminal` in a closure, so an init script catches it as
it is made (the first object given a `terminal` property holding one) and the test reads the
screen from `terminal.buffer`, row by row, as the user sees it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# As root, headless, on a closed network: without the networking flags Chromium stalls trying
# to reach its update, sync and field-trial servers.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Catch xterm's Terminal as textual-serve's page makes it (`this.terminal = new Terminal(…)`).
TERMINAL_HOOK = """
window.__terminals = [];
window.__lastKeyAt = 0;
document.addEventListener("keydown", () => { window.__lastKeyAt = performance.now(); }, true);
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.onWriteParsed) { window.__terminals.push(value); }
  },
});
"""

READ_SCREEN = """() => {
  const term = window.__terminals[0];
  if (!term) { return ""; }
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""

# Starts listening (before the key is sent): `window.__echo` resolves with the time from the
# last keydown to the first write that shows `text` on screen. (Kept on the window: a promise
# returned to Playwright would be awaited there and then.)
ECHO_AFTER_KEY = """(text) => { window.__echo = new Promise((resolve) => {
  const term = window.__terminals[0];
  const shows = () => {
    const buffer = term.buffer.active;
    for (let y = 0; y < term.rows; y++) {
      const line = buffer.getLine(buffer.viewportY + y);
      if (line && line.translateToString(true).includes(text)) { return true; }
    }
    return false;
  };
  const listener = term.onWriteParsed(() => {
    if (shows()) { listener.dispose(); resolve(performance.now() - window.__lastKeyAt); }
  });
}); }"""
ECHO_WAITED = "() => window.__echo"


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (`bash .ci/browser.sh` installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (`make setup` installs the dev extras)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "complaints_tui.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def demo_database(folder: Path, residents: int = 50, cases: int = 200) -> str:
    """A demo database (Dérive's profile) in `folder`; its absolute SQLite URL."""
    url = f"sqlite:///{(folder / 'served.sqlite3').resolve()}"
    built = cli(
        "--db", url, "demo", "--residents", str(residents), "--cases", str(cases),
        "--seed", "1", "--profile", "derive",
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    _every_user_has(folder / "served.sqlite3", PASSWORD)
    return url


PASSWORD = "correct horse battery"


def _every_user_has(path: Path, password: str) -> None:
    """Every demo user signs in with `password` (one argon2 hash written to all: hashing one
    per user through the service would take a second each). Choosing a first password is the
    Pilot tests' (tests/ui/test_sign_in.py)."""
    import sqlite3

    from argon2 import PasswordHasher

    hashed = PasswordHasher().hash(password)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE users SET password_hash = ?", (hashed,))


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def app_processes(self) -> list[int]:
        """The pids of the app processes (one per open tab) the server started."""
        group = os.getpgid(self.process.pid)
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == self.process.pid:
                continue
            try:
                if os.getpgid(int(entry.name)) != group:
                    continue
                words = (entry / "cmdline").read_bytes().split(b"\0")
            except (OSError, ProcessLookupError):
                continue
            if b"complaints_tui.cli" in words and b"tui" in words and words[0] != b"/bin/sh":
                found.append(int(entry.name))
        return sorted(found)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@contextmanager
def served(db_url: str, home: Path, *, timeout: float = 30.0) -> Iterator[Served]:
    """`complaints serve` on a free loopback port, with its own user folder; stopped (with every
    app process it started: they share its process group) on the way out."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "COMPLAINTS_HOME": str(home), "COMPLAINTS_CONFIG": str(home)}
    env.pop("NO_COLOR", None)
    log = home / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "complaints_tui.cli", "serve", "--port", str(port),
             "--db", db_url],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"complaints serve ended: {log.read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"complaints serve did not answer: {log.read_text()}")
            time.sleep(0.1)
        yield Served(url, process, log)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    group = process.pid  # start_new_session: the server leads its own group
    for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            os.killpg(group, signal.SIGKILL)  # app processes the server left behind
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return
        return


class Tab:
    """One browser tab on the served app: its own app process, read through xterm's buffer."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def screen(self) -> str:
        text: str = self.page.evaluate(READ_SCREEN)
        return text

    def size(self) -> tuple[int, int]:
        cols, rows = self.page.evaluate(
            "() => [window.__terminals[0].cols, window.__terminals[0].rows]"
        )
        return int(cols), int(rows)

    def wait_for(self, wanted: str | Callable[[str], bool], timeout: float = 20.0) -> str:
        """Poll the screen until it shows `wanted` (text, or a test on the whole screen)."""
        test = wanted if callable(wanted) else (lambda screen: wanted in screen)
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {wanted!r}; the tab shows:\n{screen}")
            self.page.wait_for_timeout(50)  # lets the page run between polls

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def click_cell(self, col: int, row: int) -> None:
        """Click the middle of a terminal cell (0-based), as a user points at a box."""
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None, "the terminal is not on the page"
        cols, rows = self.size()
        x = box["x"] + (col + 0.5) * box["width"] / cols
        y = box["y"] + (row + 0.5) * box["height"] / rows
        self.page.mouse.click(x, y)

    def key_round_trip_ms(self, key: str, shows: str) -> float:
        """Milliseconds from the key's keydown in the page to the app's echo drawn in it."""
        self.page.evaluate(ECHO_AFTER_KEY, shows)  # listening before the key
        self.page.keyboard.press(key)
        return float(self.page.evaluate(ECHO_WAITED))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        return path


def open_tab(browser: Any, url: str, cols: int = 120, rows: int = 36) -> Tab:
    """A new tab showing the sign-in screen at (about) `cols`×`rows`, keys going to the app.

    Keys are sent to xterm's own input box: a click would land on whatever the app draws there
    (on the sign-in screen, a user's name)."""
    cell_w, cell_h = 9.0, 18.0  # a first guess; corrected from what the page fitted
    page = browser.new_page(
        viewport={"width": int(cols * cell_w) + 20, "height": int(rows * cell_h) + 20}
    )
    page.add_init_script(TERMINAL_HOOK)
    page.goto(url, wait_until="domcontentloaded")
    tab = Tab(page)
    tab.wait_for(lambda screen: bool(screen.strip()))
    for _ in range(3):
        got_cols, got_rows = tab.size()
        if (got_cols, got_rows) == (cols, rows):
            break
        size = page.viewport_size
        width = size["width"] + round((cols - got_cols) * size["width"] / max(got_cols, 1))
        height = size["height"] + round((rows - got_rows) * size["height"] / max(got_rows, 1))
        page.set_viewport_size({"width": width, "height": height})
        deadline = time.monotonic() + 5
        while tab.size() == (got_cols, got_rows) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
    page.locator("textarea.xterm-helper-textarea").focus()
    return tab


def first_choice(screen: str) -> str:
    """The first row of the sign-in list (the one Enter picks); input boxes read "▊  …"."""
    rows = (line for line in screen.splitlines() if line.startswith("▊ "))
    return next((row for row in rows if not row.startswith("▊  ")), "")


def sign_in(tab: Tab, name: str, password: str | None = None) -> None:
    """Sign in on the tab's sign-in screen: the ONE place a browser test signs in.

    Pick the name (type to filter, Enter), then the password (`demo_database` gives every
    user `PASSWORD`)."""
    tab.wait_for("Who are you?")
    tab.type(name)
    tab.wait_for(lambda screen: first_choice(screen).startswith(f"▊ {name}  "))
    tab.press("Enter")
    tab.wait_for("Your password")
    tab.type(password or PASSWORD)
    tab.wait_for("•" * len(password or PASSWORD))
    tab.press("Enter")
    tab.wait_for(lambda screen: f"{name} ·" in screen.splitlines()[0])  # their name in the header
