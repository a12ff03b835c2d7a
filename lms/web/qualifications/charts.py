"""Server-drawn SVG charts: they work without JavaScript, print as they look, and carry
their numbers as text so that no reading depends on colour alone."""

from dataclasses import dataclass

from lms.qualifications.dashboard import STATES, WorkstationSummary


@dataclass(frozen=True)
class Segment:
    state: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    summary: WorkstationSummary
    y: int
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_width: int


def workstation_chart(summaries: list[WorkstationSummary]) -> Chart:
    """One stacked bar per workstation, as wide as its number of operators allows."""
    label_width, bar_width, row = 260, 440, 34
    most = max((s.total for s in summaries), default=0) or 1
    bars = []
    for index, summary in enumerate(summaries):
        x = float(label_width)
        segments = []
        for state in STATES:
            count = summary.counts.get(state, 0)
            if not count:
                continue
            width = bar_width * count / most
            segments.append(Segment(state.value, count, x, width))
            x += width
        bars.append(Bar(summary, 10 + index * row, segments))
    return Chart(
        bars, label_width + bar_width + 60, 20 + row * len(summaries), label_width, bar_width
    )
