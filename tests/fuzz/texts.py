"""Text a user or a file may hand the program: markup, terminal escapes, control characters,
NUL, emoji, right-to-left script, formula starts, whitespace, and now and then a 1 MB paste."""

from __future__ import annotations

from hypothesis import strategies as st

TRICKS = [
    "[bold]",
    "[/]",
    "Bob [/]",
    "[@click=app.quit]x[/]",
    "\x1b[31m",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x00",
    "\x07",
    "\x08",
    "\x7f",
    "\x9b",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u2028",
    "👩🏽‍🔧",
    "Zoë",
    "شادي",
    "עברית",
    "=",
    "+",
    "-",
    "@",
    "'",
    '=HYPERLINK("http://x")',
    ",",
    '"',
    " ",
    "\u00a0",
]
PIECES = st.sampled_from(TRICKS) | st.characters(codec="utf-8")
# Anything at all, mostly short; a formula start or a quote now and then at the front.
ANY_TEXT = st.lists(PIECES, max_size=12).map("".join)
FORMULA_START = st.sampled_from(["", "=", "+", "-", "@", "'", "'=", "''+", "\t", "\r", " ="])
# Text the one-line rule lets through (printable, any script), with a formula start in front.
PRINTABLE = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf"),
    ),
    min_size=1,
    max_size=30,
)
STORABLE = st.tuples(st.sampled_from(["=", "+", "-", "@", "'", "'=", "''-", ""]), PRINTABLE).map(
    "".join
)
BIG_PASTE = st.just("x" * 1_000_000) | st.just("[bold]" * 170_000)
BLANK = st.sampled_from(["", " ", "\t", "\n", "\r\n", "   \n\t "])
FREE_TEXT = ANY_TEXT | BLANK | st.builds("".join, st.tuples(FORMULA_START, ANY_TEXT))
