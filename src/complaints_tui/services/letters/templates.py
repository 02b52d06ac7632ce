"""Letter templates: Jinja2 files, one per letter kind, found in this order (the first wins):

    <landlord folder>/<profile id>/<kind>.txt.j2
    <landlord folder>/<kind>.txt.j2
    data/letters/<profile id>/<kind>.txt.j2      (the seeds' own wording)
    data/letters/<kind>.txt.j2

so a landlord's folder overrides the shipped templates file by file. A template writes the body
of the letter: a first line "Subject: …", then paragraphs separated by blank lines. Everything
else (letterhead, date, addressee, signature) is the letter's frame (`domain.letters.Letter`).

Templates run in Jinja's sandbox with every name required (a misspelt name is an error, not an
empty gap), and values are inserted as they are: a resident's `{{ 7*7 }}` is never evaluated,
because Jinja does not read the values it inserts as template text. A broken template gives one
sentence naming the file and the line (`LetterTemplateError`), never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from complaints_tui.domain.deadlines import describe_date
from complaints_tui.domain.letters import LetterKind
from complaints_tui.domain.redress import format_pence
from complaints_tui.locations import data_dir
from complaints_tui.services.errors import ServiceError

SUFFIX = ".txt.j2"


class LetterTemplateError(ServiceError):
    """A letter template that cannot be read or run; the sentence names the file and line."""


def shipped_dir() -> Path:
    return data_dir() / "letters"


def search_path(profile_id: str, landlord_dir: Path | None) -> tuple[Path, ...]:
    folders: list[Path] = []
    for base in (landlord_dir, shipped_dir()):
        if base is not None:
            folders += [base / profile_id, base]
    return tuple(folders)


def template_file(kind: LetterKind, profile_id: str, landlord_dir: Path | None) -> Path:
    """The file that writes this kind of letter for this profile (see the module's order)."""
    for folder in search_path(profile_id, landlord_dir):
        path = folder / f"{kind.value}{SUFFIX}"
        if path.is_file():
            return path
    raise LetterTemplateError(
        f"There is no template for the {kind.value} letter: {kind.value}{SUFFIX} is in none of "
        + ", ".join(str(f) for f in search_path(profile_id, landlord_dir))
        + "."
    )


def _day(value: date | None) -> str:
    if value is None:
        return "(no date)"
    return describe_date(value)


def _money(pence: int | None) -> str:
    return format_pence(pence or 0)


def _lines(value: str) -> str:
    """A multi-line value on one line (a paragraph must not be split by a resident's newline)."""
    return " ".join(part.strip() for part in str(value).splitlines() if part.strip())


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=False,
    )
    environment.filters.update(day=_day, money=_money, oneline=_lines)
    return environment


def _line_in(path: Path, trace: TracebackType | None) -> int | None:
    """The template line a run-time error happened on (Jinja's frames carry the file's name)."""
    line: int | None = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == str(path):
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def render(
    kind: LetterKind, profile_id: str, landlord_dir: Path | None, context: Mapping[str, Any]
) -> str:
    """The template's text for this case (the subject line and the body's paragraphs)."""
    from jinja2 import TemplateError, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    path = template_file(kind, profile_id, landlord_dir)
    others = search_path(profile_id, landlord_dir)
    folders = (path.parent, *(f for f in others if f != path.parent))
    environment = _environment(folders)
    try:
        template = environment.get_template(path.name)
        return str(template.render(**context))
    except TemplateSyntaxError as error:
        where = error.filename or str(path)
        raise LetterTemplateError(
            f"The letter template {where} is broken at line {error.lineno}: {error.message}."
        ) from error
    except (
        TemplateError,
        SecurityError,
        ArithmeticError,
        TypeError,
        ValueError,
        LookupError,
    ) as error:
        line = _line_in(path, error.__traceback__)
        at = f" at line {line}" if line is not None else ""
        raise LetterTemplateError(
            f"The letter template {path} could not be filled in{at}: {error}."
        ) from error
    except OSError as error:
        raise LetterTemplateError(f"The letter template {path} cannot be read: {error}.") from error
