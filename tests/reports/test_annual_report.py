"""The annual Code report on the hand-counted casebook: each figure as counted by hand, the
TSM's overlap equal to `report tsm`, and a call handler refused."""

from __future__ import annotations

import pytest

from complaints_tui import services as s
from complaints_tui.domain.annual_report import AnnualFigures
from complaints_tui.domain.learning_report import Theme
from complaints_tui.domain.reports import TSM_STAGES
from complaints_tui.services.reports.annual import annual_figures
from complaints_tui.services.reports.tsm import tsm_figures
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, sqlite_template, staff, store
from tests.reports.report_casebook import MARKUP, YEAR_FROM, YEAR_TO, Casebook, build_casebook

__all__ = ["sqlite_template", "staff", "store"]


@pytest.fixture
def casebook(store: Store, staff: Staff) -> Casebook:
    return build_casebook(store, staff)


@pytest.fixture
def figures(store: Store, staff: Staff, casebook: Casebook) -> AnnualFigures:
    return annual_figures(store, YEAR_FROM, YEAR_TO, actor=staff.lead)


def test_volumes(figures: AnnualFigures) -> None:
    kinds = dict(figures.contacts_by_kind)
    assert kinds == {"Complaint": 6, "Service request": 1, "Compliment": 1}
    assert figures.service_requests == 1
    assert (figures.received(1), figures.received(2)) == (5, 1)


def test_acknowledgements_and_responses_within_the_code(figures: AnnualFigures) -> None:
    one, two = figures.acknowledgements
    assert (one.received, one.on_time, one.late, one.missed, one.waiting, one.withdrawn) == (
        5, 4, 1, 0, 0, 0,
    )  # fmt: skip
    assert (two.received, two.on_time, two.late) == (1, 1, 0)
    assert figures.responses(1) == (3, 4)  # A, C (late acknowledgement), D (extended); H late
    assert figures.responses(2) == (1, 1)
    assert [(e.stage, e.extensions, e.cases) for e in figures.extensions] == [(1, 1, 1)]


def test_outcomes_escalations_and_refusals(figures: AnnualFigures) -> None:
    one, two = figures.outcomes
    assert (one.upheld, one.partly_upheld, one.not_upheld, one.no_decision) == (1, 1, 2, 0)
    assert (two.upheld, two.partly_upheld, two.not_upheld) == (0, 0, 1)
    assert one.total == figures.responses(1)[1]  # the same responses CH02 counts
    assert figures.overturned == 1
    assert figures.not_accepted == (("Already considered under this policy", 1),)


def test_learning_remedies_redress_and_satisfaction(figures: AnnualFigures) -> None:
    assert (figures.closed, figures.closed_with_improvement) == (3, 2)
    themes = {t.tag: t for t in figures.themes}
    assert themes["damp"] == Theme(
        "damp", 2, ("Damp surveys within 5 days.", "Surveyors briefed."), 0
    )
    assert themes["communication"] == Theme("communication", 2, ("Damp surveys within 5 days.",), 1)
    assert themes[MARKUP.lower()].cases == 1
    assert themes["repairs delay"].cases == 1
    assert (figures.remedies_agreed, figures.remedies_done) == (1, 1)
    assert [(r.stage, r.cases, r.total_pence) for r in figures.redress] == [(1, 2, 19_845)]
    assert figures.satisfaction.by_score == (0, 1, 0, 1, 1)
    assert figures.satisfaction.average == pytest.approx(11 / 3)
    assessment = figures.self_assessment
    assert assessment.profile_id == "hos-code" and assessment.departures == ()


def test_the_overlap_with_the_tsm_is_equal(store: Store, figures: AnnualFigures) -> None:
    tsm = tsm_figures(store, YEAR_FROM, YEAR_TO, homes_lcra=1000, homes_lcho=100)
    for stage in TSM_STAGES:
        assert figures.tsm.received[stage] == tsm.received[stage]
        assert figures.tsm.responses[stage] == tsm.responses[stage]
        assert figures.tsm.withdrawn_responses[stage] == tsm.withdrawn_responses[stage]
    assert len(tsm.late_references[1]) == figures.responses(1)[1] - figures.responses(1)[0]


def test_only_a_lead_director_or_admin_reads_reports(
    store: Store, staff: Staff, casebook: Casebook
) -> None:
    for who in (staff.handler, staff.manager):
        with pytest.raises(s.PermissionDenied, match="team lead"):
            annual_figures(store, YEAR_FROM, YEAR_TO, actor=who)
    for who in (staff.director, staff.admin):
        annual_figures(store, YEAR_FROM, YEAR_TO, actor=who)
