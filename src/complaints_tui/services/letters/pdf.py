"""A letter's PDF form: the `Letter` laid out by a Typst file (data/letters/letter.typ, or a
landlord's own) with the fonts shipped in data/fonts, never the computer's.

The letter reaches Typst only as JSON in `sys.inputs`, which the layout places as strings: a
resident's `Bob [/] #set $x$` is printed as written, never read as Typst. The words are the text
form's (`Letter.as_text`), and the dates are the domain's, so the PDF says what the preview says,
plus a footer with page numbers. The PDF's creation date is the letter's date, so the same letter
gives the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from complaints_tui.domain.deadlines import describe_date
from complaints_tui.domain.letters import Letter
from complaints_tui.locations import data_dir
from complaints_tui.services.errors import ServiceError

LAYOUT_NAME = "letter.typ"

# Where a Typst diagnostic points: "┌─ path/to/letter.typ:12:5".
_WHERE = re.compile(r"┌─\s*(?P<file>.+?):(?P<line>\d+):\d+\s*$", re.MULTILINE)


class LetterLayoutError(ServiceError):
    """A letter layout that cannot be read or run, or asks for a font not shipped; the sentence
    names the file (and line)."""


def shipped_layout() -> Path:
    return data_dir() / "letters" / LAYOUT_NAME


def fonts_dir() -> Path:
    return data_dir() / "fonts"


def layout_data(letter: Letter) -> dict[str, Any]:
    """What the layout reads as `sys.inputs.letter`: the stored letter and its words as shown."""
    return {
        **letter.to_dict(),
        "date": describe_date(letter.dated),
        "contact": letter.landlord.contact_line(),
        "signature": letter.signature_lines(),
    }


def letter_pdf(letter: Letter, *, layout: Path | None = None) -> bytes:
    """The letter as a PDF (A4, page-numbered), laid out by `layout` (the shipped one if None).

    Raises LetterLayoutError, one sentence naming the file, when the layout is missing or broken.
    """
    import typst  # a few ms to load: only when a PDF is written

    path = layout if layout is not None else shipped_layout()
    if not path.is_file():
        raise LetterLayoutError(f"There is no letter layout at {path}.")
    try:
        pdf, warnings = typst.compile_with_warnings(
            path,
            root=path.parent,  # the layout may use files beside it (a logo)
            font_paths=[fonts_dir()],
            ignore_system_fonts=True,
            sys_inputs={"letter": json.dumps(layout_data(letter), ensure_ascii=False)},
            timestamp=datetime.combine(letter.dated, time(), tzinfo=UTC),
        )
    except typst.TypstError as error:
        raise LetterLayoutError(_layout_sentence(path, error.message, error.diagnostic)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise LetterLayoutError(f"The letter layout {path} could not be read: {reason}.") from None
    for warning in warnings:
        # Typst would quietly print in another font: not the letter the layout asks for.
        if warning.message.startswith("unknown font family"):
            family = warning.message.partition(":")[2].strip()
            reason = f"it asks for the font {family!r}, which is not in {fonts_dir()}"
            raise LetterLayoutError(_layout_sentence(path, reason, warning.diagnostic))
    return pdf


def _layout_sentence(path: Path, message: str, diagnostic: str) -> str:
    """'The letter layout X has an error at line 12: unknown variable: foo.' (the first error)."""
    reason = " ".join(message.split()).rstrip(".") or "Typst could not lay it out"
    found = _WHERE.search(diagnostic or "")
    if found is None:
        return f"The letter layout {path} has an error: {reason}."
    line = found["line"]
    culprit = Path(found["file"].strip()).name
    if culprit != path.name:  # an error in a file the layout uses, named as Typst names it
        return f"The letter layout {path} has an error in {culprit} at line {line}: {reason}."
    return f"The letter layout {path} has an error at line {line}: {reason}."
