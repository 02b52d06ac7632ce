"""The PDF form of a letter: the same words as the text form, in order, plus "Page N of M"."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from complaints_tui.domain.letters import Landlord, Letter, LetterKind
from complaints_tui.services.letters.pdf import (
    LetterLayoutError,
    fonts_dir,
    letter_pdf,
    shipped_layout,
)

MARKUP = "Bob [/] *x* <b>y</b> #set {{ 7*7 }} $x$ @ref"
REFERENCE = "CMP-2026-00042"


def make_letter(**changes: Any) -> Letter:
    letter = Letter(
        kind=LetterKind.RESPONSE,
        reference=REFERENCE,
        dated=date(2026, 2, 2),
        landlord=Landlord(
            "Riverside Homes",
            ("1 High Street", "Leeds LS1 1AA"),
            "0113 496 0000",
            "complaints@riverside.example",
            "Customer Relations Team",
        ),
        addressee=("Ms Jo Jones", "Flat 4, Beck House", "Leeds LS2 2BB"),
        salutation="Dear Ms Jones,",
        subject="Your complaint about damp in the bathroom",
        body=(
            "Thank you for your complaint, which we received on Monday 5 January 2026.",
            "We uphold your complaint. We will:\n- treat the mould\n- refit the fan",
            "If you are unhappy with this response, you can ask us to review it.",
        ),
        signer="Sam Patel",
        signer_role="Complaints Manager",
    )
    return replace(letter, **changes)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def letter_words(pdf: bytes, reference: str) -> list[str]:
    """The PDF's words in order, each page's footer (reference, "Page N of M") checked and cut."""
    pages = pages_text(pdf)
    words: list[str] = []
    for number, text in enumerate(pages, start=1):
        page_words = text.split()
        footer = [*reference.split(), "Page", str(number), "of", str(len(pages))]
        assert page_words[-len(footer) :] == footer, f"page {number} ends {page_words[-8:]}"
        words += page_words[: -len(footer)]
    return words


def test_the_pdf_says_the_words_of_the_text_form_in_order() -> None:
    letter = make_letter()
    pdf = letter_pdf(letter)

    assert pdf.startswith(b"%PDF-")
    assert len(pages_text(pdf)) == 1
    # The whole sequence: a word missing, added or moved anywhere fails this.
    assert letter_words(pdf, letter.reference) == letter.words()


def test_a_letter_without_a_subject_or_contact_line_has_no_gaps_filled() -> None:
    letter = make_letter(subject="", landlord=Landlord("Riverside Homes"), signer="")
    assert letter_words(letter_pdf(letter), letter.reference) == letter.words()


@pytest.mark.parametrize(
    "name",
    ["Łukasz Wróblewski", "Siân ap Dafydd", "Llŷr", "محمد", "😀", MARKUP],
    ids=["polish", "welsh", "welsh-circumflex", "arabic", "emoji", "markup"],
)
def test_names_come_out_literally(name: str) -> None:
    letter = make_letter(
        addressee=(name, "Flat 4, Beck House"),
        salutation=f"Dear {name},",
        subject=f"Your complaint, {name}",
        body=(f"We spoke to {name} on the phone.", f"Line one\n{name}"),
        signer=name,
        landlord=Landlord(f"{name} Housing", ("1 High Street",), email="a@b.example"),
    )
    pdf = letter_pdf(letter)
    text = "\n".join(pages_text(pdf))

    assert letter_words(pdf, letter.reference) == letter.words()
    assert text.count(name) >= 6
    assert f"Dear {name}," in text.splitlines()


def test_markup_in_every_field_is_not_read_as_typst() -> None:
    letter = make_letter(
        reference=f"REF {MARKUP}",
        addressee=(MARKUP,),
        salutation=MARKUP,
        subject=MARKUP,
        body=(MARKUP, f"{MARKUP}\n{MARKUP}"),
        closing=MARKUP,
        signer=MARKUP,
        signer_role=MARKUP,
        landlord=Landlord(MARKUP, (MARKUP,), MARKUP, MARKUP, MARKUP),
    )
    pdf = letter_pdf(letter)
    text = "\n".join(pages_text(pdf))

    assert letter_words(pdf, letter.reference) == letter.words()
    assert "49" not in text  # {{ 7*7 }} was not worked out by anything
    assert MARKUP in text.splitlines()


def test_a_long_letter_runs_over_pages_each_numbered_of_the_total() -> None:
    body = tuple(
        f"Paragraph {n}: the contractor visited on the day agreed and wrote down what was "
        "found in the loft, the bathroom and the hall, with photographs for the file. " * 2
        for n in range(1, 61)
    )
    letter = make_letter(body=body)
    pdf = letter_pdf(letter)
    pages = pages_text(pdf)

    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.split()[-4:] == ["Page", str(number), "of", str(len(pages))]
    assert letter_words(pdf, letter.reference) == letter.words()  # none lost at a page break


def test_the_same_letter_gives_the_same_bytes() -> None:
    letter = make_letter()
    assert letter_pdf(letter) == letter_pdf(letter)


def test_the_fonts_are_the_shipped_dejavu_ones() -> None:
    page = PdfReader(io.BytesIO(letter_pdf(make_letter()))).pages[0]
    resources: Any = page["/Resources"]
    fonts = resources.get_object()["/Font"].get_object()
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names == {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_landlords_own_layout_is_used(tmp_path: Path) -> None:
    layout = tmp_path / "letter.typ"
    layout.write_text(
        "#let l = json(bytes(sys.inputs.letter))\nOwn layout for #l.reference\n", encoding="utf-8"
    )
    text = pages_text(letter_pdf(make_letter(), layout=layout))
    assert text == [f"Own layout for {REFERENCE}"]


def test_a_missing_word_in_the_layout_is_caught(tmp_path: Path) -> None:
    # The check above is only worth having if a layout that drops a field fails it.
    source = shipped_layout().read_text(encoding="utf-8")
    assert "[#l.subject]" in source
    layout = tmp_path / "letter.typ"
    layout.write_text(source.replace("[#l.subject]", "[]"), encoding="utf-8")
    letter = make_letter()
    assert letter_words(letter_pdf(letter, layout=layout), REFERENCE) != letter.words()


def test_a_broken_layout_is_one_sentence_naming_the_file_and_line(tmp_path: Path) -> None:
    layout = tmp_path / "letter.typ"
    layout.write_text(
        "#let l = json(bytes(sys.inputs.letter))\n\n#l.salutation\n#let broken = (1 +\n",
        encoding="utf-8",
    )
    with pytest.raises(LetterLayoutError) as raised:
        letter_pdf(make_letter(), layout=layout)

    sentence = str(raised.value)
    assert sentence == raised.value.user_sentence
    assert str(layout) in sentence
    assert "line 4" in sentence
    assert "\n" not in sentence
    assert "Traceback" not in sentence
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_a_layout_asking_for_a_missing_field_names_the_file_and_line(tmp_path: Path) -> None:
    layout = tmp_path / "letter.typ"
    layout.write_text("#let l = json(bytes(sys.inputs.letter))\n#l.no_such_field\n")
    with pytest.raises(LetterLayoutError, match=r"letter\.typ has an error at line 2: .*no_such"):
        letter_pdf(make_letter(), layout=layout)


def test_a_font_that_is_not_shipped_is_refused_not_replaced(tmp_path: Path) -> None:
    layout = tmp_path / "letter.typ"
    layout.write_text('#set text(font: "Comic Sans MS")\nHello\n', encoding="utf-8")
    with pytest.raises(LetterLayoutError) as raised:
        letter_pdf(make_letter(), layout=layout)
    assert str(raised.value) == (
        f"The letter layout {layout} has an error at line 1: it asks for the font "
        f"'comic sans ms', which is not in {fonts_dir()}."
    )


def test_without_the_shipped_fonts_no_pdf_is_made_in_another_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = tmp_path / "letters" / "letter.typ"
    layout.parent.mkdir()
    layout.write_text(shipped_layout().read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("COMPLAINTS_DATA_DIR", str(tmp_path))  # a data folder with no fonts/
    with pytest.raises(LetterLayoutError, match=r"asks for the font 'dejavu sans'"):
        letter_pdf(make_letter())


def test_a_missing_layout_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "letter.typ"
    with pytest.raises(LetterLayoutError, match=r"There is no letter layout at .*nowhere"):
        letter_pdf(make_letter(), layout=missing)
