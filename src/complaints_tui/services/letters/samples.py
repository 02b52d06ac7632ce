"""Every letter template previewed on sample data, before a landlord sends one to a resident.

The samples are real letters of real (made-up) cases: a small demo is built with the landlord's
profile in a scratch SQLite file that lives only as long as the preview, the landlord's letter
settings (letterhead, template folder, ombudsman details) are copied into it, and each kind of
letter is composed, exactly as a case's letter is, from the first sample case that reached it.
So a template a landlord has just edited in their folder is shown as residents would get it, and a
broken one is shown as the sentence naming its file and line. Nothing touches the real database
but reading its settings.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.letters import Letter, LetterKind
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    SUPERVISORS,
    landlord_profile_id,
    profile_named,
    require_actor,
)
from complaints_tui.services.demo.build import build_demo
from complaints_tui.services.demo.recipe import DemoRecipe
from complaints_tui.services.demo.words import SAFE_TEXT_NAMES
from complaints_tui.services.errors import RuleViolation, ServiceError
from complaints_tui.services.letters.compose import choices_in, compose_in
from complaints_tui.services.letters.landlord import KEYS as LETTER_KEYS
from complaints_tui.services.letters.landlord import LetterSettings, read_letter_settings
from complaints_tui.services.letters.templates import (
    LetterTemplateError,
    shipped_dir,
    template_file,
)
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store

SAMPLE_CASES = 300  # enough for every kind a profile allows to be reached (tested per profile)
SAMPLE_SEED = 7
UK = ZoneInfo("Europe/London")
REVIEWER_ROLES = (Role.SERVICE_DIRECTOR, Role.INVESTIGATING_MANAGER)


@dataclass(frozen=True)
class SampleLetter:
    kind: LetterKind
    letter: Letter | None  # None: no sample case reached it, or its template is broken
    problem: str | None  # a broken template's sentence

    def why_none(self, profile_name: str) -> str:
        """What to show where the letter would be."""
        if self.problem is not None:
            return self.problem
        return (
            f"{profile_name}'s procedure never reached a {self.kind.label.lower()} letter on the "
            "sample cases: it may not use one."
        )


@dataclass(frozen=True)
class SampleLetters:
    profile_name: str
    letters: tuple[SampleLetter, ...]

    def of(self, kind: LetterKind) -> SampleLetter:
        return next(sample for sample in self.letters if sample.kind is kind)


def sample_letters(store: Store, actor: Actor, *, today: date) -> SampleLetters:
    """Each letter kind composed on sample data with the landlord's profile and settings (team
    lead or administrator: those who change the letters)."""
    with store.reading() as session:
        require_actor(session, actor, SUPERVISORS, "preview the letter templates")
        profile = profile_named(landlord_profile_id(session))
        settings = {
            key: row.value
            for key in LETTER_KEYS.values()
            if (row := session.get(m.Setting, key)) is not None
        }
    with tempfile.TemporaryDirectory(prefix="complaints-samples-") as folder:
        scratch = open_store(f"sqlite:///{Path(folder) / 'samples.sqlite3'}")
        try:
            build_demo(
                scratch,
                DemoRecipe(
                    residents=max(20, len(SAFE_TEXT_NAMES)),
                    cases=SAMPLE_CASES,
                    seed=SAMPLE_SEED,
                    profile=profile.id,
                    today=today,
                    years=2.0,
                ),
            )
            with scratch.transaction() as session:
                for key in LETTER_KEYS.values():  # the demo's letterhead gives way to theirs
                    row = session.get(m.Setting, key)
                    if key in settings:
                        if row is None:
                            session.add(m.Setting(key=key, value=settings[key]))
                        else:
                            row.value = settings[key]
                    elif row is not None:
                        session.delete(row)
            letters = _compose_each_kind(scratch, today)
            if any(sample.letter is None and sample.problem is None for sample in letters):
                _act_out_the_rest(scratch, today)
                letters = _compose_each_kind(scratch, today)
        finally:
            scratch.close()
    return SampleLetters(profile.name, letters)


def _compose_each_kind(scratch: Store, today: date) -> tuple[SampleLetter, ...]:
    """Each kind from the first sample case that reached it, answered cases first (their
    letters have findings, decisions and remedies to show)."""
    found: dict[LetterKind, SampleLetter] = {}
    with scratch.reading() as session:
        answered_first = select(m.Case.id).order_by(m.Case.closed_on.is_(None), m.Case.id)
        for case_id in session.scalars(answered_first):
            waiting = [kind for kind in LetterKind if kind not in found]
            if not waiting:
                break
            reached = {c.kind for c in choices_in(session, case_id, today) if c.available}
            for kind in waiting:
                if kind not in reached:
                    continue
                try:
                    letter = compose_in(session, case_id, kind, today)
                except LetterTemplateError as error:
                    found[kind] = SampleLetter(kind, None, str(error))
                else:
                    found[kind] = SampleLetter(kind, letter, None)
    return tuple(found.get(kind, SampleLetter(kind, None, None)) for kind in LetterKind)


def _act_out_the_rest(scratch: Store, today: date) -> None:
    """The demo seldom extends a response or declines a review: do each once, through the
    services, on an open sample case that the landlord's procedure lets it happen to (a refusal
    just means the procedure has no such letter)."""
    from complaints_tui.services.cases.stages import open_next_stage, request_escalation
    from complaints_tui.services.people.users import sign_in

    now = datetime.combine(today, time(10), tzinfo=UK)
    with scratch.reading() as session:
        first_stage, later_stage = (
            list(
                session.execute(
                    select(m.Case.id, m.Case.version, m.Case.handler_id)
                    .where(m.Case.status == CaseStatus.OPEN.value, which)
                    .where(m.Case.handler_id.is_not(None))
                    .order_by(m.Case.id)
                    .limit(20)
                )
            )
            for which in (m.Case.stage == 1, m.Case.stage >= 2)
        )
        answered = list(
            session.execute(
                select(m.Case.id, m.Case.version, m.Case.handler_id)
                .where(m.Case.status == CaseStatus.RESPONDED.value, m.Case.stage == 1)
                .order_by(m.Case.id)
                .limit(5)
            )
        )
        lead_id = session.scalar(
            select(m.User.id).where(m.User.role == Role.TEAM_LEAD.value).order_by(m.User.id)
        )
        reviewers = list(
            session.scalars(
                select(m.User.id)
                .where(m.User.role.in_([r.value for r in REVIEWER_ROLES]))
                .order_by(m.User.role.desc(), m.User.id)
            )
        )
    lead = sign_in(scratch, lead_id) if lead_id is not None else None
    for case_id, version, handler_id in first_stage:
        if _extended(scratch, case_id, version, handler_id, today, now):
            break
    for case_id, version, handler_id in later_stage:
        if _declined(scratch, case_id, version, handler_id, today, now):
            return
    if lead is None:
        return
    for case_id, version, _ in answered:  # no review open: ask for one on an answered case
        try:
            asked = request_escalation(
                scratch,
                lead,
                case_id,
                version,
                requested_on=today,
                late_reason="A sample: the resident was in hospital.",
                now=now,
            )
        except ServiceError:
            continue
        for reviewer_id in reviewers:  # the first the procedure's rule for reviewers allows
            try:
                review = open_next_stage(
                    scratch, lead, case_id, asked.version, reviewer_id, now=now
                )
            except ServiceError:
                continue
            if _declined(scratch, case_id, review.version, reviewer_id, today, now):
                return
            break


def _extended(
    scratch: Store, case_id: int, version: int, handler_id: int | None, today: date, now: datetime
) -> bool:
    """Two weeks more, within the procedure's limit where it has one, else with a good reason
    (as a handler would record it)."""
    from complaints_tui.services.cases.stages import extend
    from complaints_tui.services.people.users import sign_in

    if handler_id is None:
        return False
    for beyond in ("", "A sample: the survey needs a specialist contractor."):
        try:
            extend(
                scratch,
                sign_in(scratch, handler_id),
                case_id,
                version,
                today + timedelta(days=14),
                "A damp specialist's survey is booked for next week.",
                "phone call",
                told_on=today,
                good_reason_beyond_limit=beyond,
                now=now,
            )
        except ServiceError:
            continue
        return True
    return False


def _declined(
    scratch: Store, case_id: int, version: int, handler_id: int | None, today: date, now: datetime
) -> bool:
    from complaints_tui.services.cases.stages import decline_review
    from complaints_tui.services.people.users import sign_in

    if handler_id is None:
        return False
    try:
        decline_review(
            scratch,
            sign_in(scratch, handler_id),
            case_id,
            version,
            "The outcome asked for cannot be reached through the complaints procedure.",
            on=today,
            now=now,
        )
    except ServiceError:
        return False
    return True


@dataclass(frozen=True)
class TemplateSource:
    """Where a letter kind's words come from now: the landlord's folder, the shipped wording for
    the landlord's profile, or the shipped wording every profile shares."""

    kind: LetterKind
    path: Path
    origin: str  # "yours", "for <profile>", "shipped"

    @property
    def shown(self) -> str:
        """The file as the tab names it: a shipped one inside the app's data folder (the same on
        every machine), the landlord's own in full."""
        shipped = shipped_dir()
        if self.path.is_relative_to(shipped):
            return str(Path(shipped.name) / self.path.relative_to(shipped))
        return str(self.path)


@dataclass(frozen=True)
class LettersSetup:
    settings: LetterSettings
    profile_name: str
    ombudsmen: tuple[tuple[str, str], ...]  # (name, the contact printed)
    templates: tuple[TemplateSource, ...]


def letters_setup(store: Store) -> LettersSetup:
    """What the administration screen's letters tab shows."""
    with store.reading() as session:
        settings = read_letter_settings(session)
        profile = profile_named(landlord_profile_id(session))
    sources = []
    for kind in LetterKind:
        try:
            path = template_file(kind, profile.id, settings.letters_folder)
        except LetterTemplateError as error:
            raise RuleViolation(str(error)) from error
        if settings.letters_folder is not None and path.is_relative_to(settings.letters_folder):
            origin = "yours"
        elif path.parent.name == profile.id:
            origin = f"for {profile.name}"
        else:
            origin = "shipped"
        sources.append(TemplateSource(kind, path, origin))
    return LettersSetup(
        settings,
        profile.name,
        tuple((o.name, settings.ombudsman_contact(o)) for o in profile.ombudsman),
        tuple(sources),
    )
