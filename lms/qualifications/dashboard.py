"""The supervisor's dashboard: for each workstation, how many of its operators are
qualified, expiring within 30 days, in training, expired (requalification needed) or not
yet enrolled. Five queries for the whole organisation, whatever its size."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from lms.qualifications import repository
from lms.qualifications.models import Award, Site, Workstation
from lms.qualifications.rules import Standing, standing


class OperatorState(StrEnum):
    qualified = "qualified"
    expiring = "expiring"
    in_training = "in_training"
    expired = "expired"
    not_enrolled = "not_enrolled"


#: The order of the bars in the chart and the columns in the table.
STATES = list(OperatorState)


@dataclass
class WorkstationSummary:
    workstation: Workstation
    site: Site
    requires: list[str]
    people: list[int] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    state_of: dict[int, OperatorState] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.people)


def operator_state(
    requires: list[str],
    awards: dict[str, Award],
    enrolled: set[str],
    now: datetime,
) -> OperatorState:
    """One operator at one workstation, from their current award for each requirement."""
    states = {p: standing(awards[p], now) if p in awards else None for p in requires}
    if requires and all(s in (Standing.valid, Standing.expiring) for s in states.values()):
        if any(s is Standing.expiring for s in states.values()):
            return OperatorState.expiring
        return OperatorState.qualified
    if any(s is Standing.expired for s in states.values()):
        return OperatorState.expired
    if any(p in enrolled for p in requires):
        return OperatorState.in_training
    return OperatorState.not_enrolled


def summarise(
    session: Session, organisation_id: int, now: datetime, only: Workstation | None = None
) -> list[WorkstationSummary]:
    """Every workstation of the organisation, or ``only`` that one (its own page)."""
    sites = {s.id: s for s in repository.sites_of(session, organisation_id)}
    requires: dict[int, list[str]] = {}
    for requirement in repository.requirements_of(session, organisation_id):
        requires.setdefault(requirement.workstation_id, []).append(requirement.programme_id)
    awards: dict[int, dict[str, Award]] = {}
    for award in repository.current_awards_in(session, organisation_id):
        awards.setdefault(award.person_id, {})[award.programme_id] = award
    enrolled: dict[int, set[str]] = {}
    for enrolment in repository.enrolments_in(session, organisation_id):
        enrolled.setdefault(enrolment.person_id, set()).add(enrolment.programme_id)
    stations = [only] if only is not None else repository.workstations_of(session, organisation_id)
    summaries = {
        w.id: WorkstationSummary(w, sites[w.site_id], sorted(requires.get(w.id or 0, [])))
        for w in stations
    }
    for operator in repository.operators_of_workstations(
        session, organisation_id, only.id if only is not None else None
    ):
        summary = summaries[operator.workstation_id]
        state = operator_state(
            summary.requires,
            awards.get(operator.person_id, {}),
            enrolled.get(operator.person_id, set()),
            now,
        )
        summary.people.append(operator.person_id)
        summary.state_of[operator.person_id] = state
        summary.counts[state] += 1
    return sorted(summaries.values(), key=lambda s: (s.site.name, s.workstation.name))
