"""The one rule for characters in text the program stores, and how to show what breaks it.

A text field may hold any printable character in any script, emoji, and the direction *marks*
(LRM, RLM, ALM) that mixed Arabic, Hebrew and English names need. It may not hold:

- control characters (C0, DEL, C1): NUL, BEL, backspace, ESC and the rest drive a terminal
  (`\\x1b[2J` clears it, `\\x1b]0;…\\x07` sets its title), so a spreadsheet could drive the
  officer's screen;
- direction overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069), which reorder
  what is shown after them (a reference or an amount read backwards);
- line and paragraph separators (U+2028, U+2029) and lone surrogates (not text at all).

A field that takes several lines (a description, notes, an address) may also hold line breaks
(`\\n`, `\\r\\n`) and tabs. Nothing is stripped silently: a value that breaks the rule is
refused in a sentence that names the field and the character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Everything the rule refuses in a one-line field; `_REFUSED_MULTILINE` lets line breaks and
# tabs through (a lone \r is refused: on a terminal it moves back over the line shown).
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_REFUSED_MULTILINE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff]"
)
# What `visible` escapes: everything the rule refuses, but line breaks and tabs stay as they are.
_UNSHOWABLE = _REFUSED_MULTILINE

_NAMES = {
    "\x00": "a NUL character",
    "\x07": "a bell character",
    "\x08": "a backspace",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
}


def escaped(character: str) -> str:
    """`\\x1b`, `\\u202e`: how Python writes the character in a string literal."""
    code = ord(character)
    if character in "\t\n\r":
        return repr(character)[1:-1]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _name(character: str) -> str:
    code = ord(character)
    if character in _NAMES:
        return _NAMES[character]
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "a text-direction control"
    if code in (0x2028, 0x2029):
        return "a line separator"
    if 0xD800 <= code <= 0xDFFF:
        return "half of a broken character"
    return "a control character"


@dataclass(frozen=True)
class TextFault:
    """Why a value cannot be stored: too long, or a character the rule refuses."""

    length: int = 0  # the value's length, when it is over `limit`
    limit: int = 0
    character: str = ""  # the first refused character, and where it is (1 = first)
    position: int = 0

    def __str__(self) -> str:
        """The end of a sentence that starts with the field's name."""
        if self.character:
            return (
                f"contains {_name(self.character)} ({escaped(self.character)}) at character "
                f"{self.position:,}: take it out"
            )
        return f"is too long: {self.length:,} characters, and at most {self.limit:,} fit"


def refused_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first character the rule refuses (its 0-based index and itself), or None."""
    found = (_REFUSED_MULTILINE if multiline else _REFUSED).search(value)
    return None if found is None else (found.start(), found.group()[0])


def text_fault(
    value: str, *, limit: int | None = None, multiline: bool = False
) -> TextFault | None:
    """What stops `value` being stored (a refused character first), or None when it may be."""
    # Nearly every value is printable through and through: decided in C, without the pattern.
    refused = None if value.isprintable() else refused_character(value, multiline=multiline)
    if refused is not None:
        return TextFault(character=refused[1], position=refused[0] + 1)
    if limit is not None and len(value) > limit:
        return TextFault(length=len(value), limit=limit)
    return None


def visible(text: str) -> str:
    """`text` safe to print on a terminal: every character the rule refuses written as its
    escape (`\\x1b`), line breaks and tabs kept."""
    return _UNSHOWABLE.sub(lambda found: escaped(found.group()), text)


def json_escaped(json_text: str) -> str:
    """JSON text with every character the rule refuses written as a JSON escape (`\\u202e`):
    the same value when read back, and safe to print. (`json.dumps` escapes C0 controls itself,
    but not DEL, C1, direction controls or separators, and it writes lone surrogates raw.)"""
    return _UNSHOWABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", json_text)
