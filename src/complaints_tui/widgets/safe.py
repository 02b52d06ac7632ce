"""Showing untrusted text (names, addresses, descriptions) literally.

Data never reaches Rich markup: it goes into `Text(...)` objects, which are not parsed. Terminal
escape sequences and other control characters are removed or made visible first, so a name
like "Bob\x1b[2J" cannot clear the screen or restyle it.
"""

from __future__ import annotations

import re

from rich.text import Text

# CSI (ESC [ … final), OSC (ESC ] … BEL or ST) and other two-byte ESC sequences.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|\n")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def clean(value: object, *, multiline: bool = False) -> str:
    """The text with escape sequences removed and control characters shown as �.

    Tabs become spaces; line breaks are kept only when `multiline` (else a space).
    """
    text = "" if value is None else str(value)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _NEWLINES.sub("\n" if multiline else " ", text.replace("\t", " "))
    return _CONTROL.sub(REPLACEMENT, text)


def shorten(value: object, limit: int) -> str:
    """`clean(value)` cut to `limit` characters at a word where it can be, marked with "…"."""
    text = clean(value)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A `Text` showing `value` exactly as typed (minus control characters), never as markup."""
    return Text(clean(value, multiline=multiline), style=style)


def join(*parts: tuple[object, str] | str) -> Text:
    """Assemble a line from (untrusted value, style) pairs and plain trusted strings."""
    line = Text()
    for part in parts:
        if isinstance(part, tuple):
            value, style = part
            line.append(clean(value), style=style)
        else:
            line.append(part)
    return line
