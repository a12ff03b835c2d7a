"""Scoring of every item type, with properties that must hold for any item and any answer."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.assessment.layout import attempt_layout, layout_of
from lms.assessment.responses import read_response
from lms.assessment.scoring import parse_number, score
from lms.curriculum.model import InspectionPart, Item, ItemType, Option, Verdict


def single(correct: int = 1, n: int = 3) -> Item:
    return Item("s", ItemType.single, 1, options=[Option(f"o{i}", i == correct) for i in range(n)])


def test_single_choice() -> None:
    item = single()
    assert score(item, {"choice": 1}).correct
    assert score(item, {"choice": 0}).points == 0
    assert score(item, {"choice": 99}).points == 0
    assert score(item, {}).points == 0
    assert score(item, None).points == 0


def test_multiple_choice_gives_credit_for_right_ticks_minus_wrong_ones() -> None:
    item = Item(
        "m",
        ItemType.multiple,
        1,
        points=2,
        options=[Option("a", True), Option("b", True), Option("c", False), Option("d", False)],
    )
    assert score(item, {"choices": [0, 1]}).points == 2
    assert score(item, {"choices": [0]}).points == 1
    assert score(item, {"choices": [0, 2]}).points == 0
    assert score(item, {"choices": [0, 1, 2, 3]}).points == 0
    assert score(item, {"choices": [2, 3]}).points == 0
    assert score(item, {"choices": [0, 0, 0]}).points == 1, "a repeated tick counts once"


def test_true_false() -> None:
    item = Item("t", ItemType.true_false, 1, answer_bool=False)
    assert score(item, {"value": False}).correct
    assert not score(item, {"value": True}).correct
    assert not score(item, {"value": "false"}).correct


def test_numeric_with_tolerance_and_decimal_comma() -> None:
    item = Item("n", ItemType.numeric, 1, answer_number=25.0, tolerance=0.5, unit="s")
    for text in ("25", "25.5", "24,5", " 25,2 ", "+25"):
        assert score(item, {"text": text}).correct, text
    for text in ("25.6", "24.4", "", "abc", "25 s", "1e1", "nan", "inf", "25..0"):
        assert not score(item, {"text": text}).correct, text
    exact = Item("x", ItemType.numeric, 1, answer_number=0.3, tolerance=0.0)
    assert score(exact, {"text": "0.3"}).correct
    # Lithuanian and French group thousands with a space: '12 000' is twelve thousand.
    big = Item("b", ItemType.numeric, 1, answer_number=12000.0)
    assert score(big, {"text": "12 000"}).correct and score(big, {"text": "12\u00a0000"}).correct


def test_ordering_gives_credit_per_step_in_place() -> None:
    item = Item("o", ItemType.ordering, 1, points=4, steps=["a", "b", "c", "d"])
    assert score(item, {"order": [0, 1, 2, 3]}).points == 4
    assert score(item, {"order": [1, 0, 2, 3]}).points == 2
    assert score(item, {"order": [0, 1, 2]}).points == 0, "incomplete"
    assert score(item, {"order": [0, 0, 1, 2]}).points == 0, "a step used twice"


def test_matching() -> None:
    item = Item("m", ItemType.matching, 1, points=3, pairs=[("a", "1"), ("b", "2"), ("c", "3")])
    assert score(item, {"pairs": {"0": 0, "1": 1, "2": 2}}).points == 3
    assert score(item, {"pairs": {"0": 1, "1": 0, "2": 2}}).points == 1


def inspection(max_escapes: int = 0, max_false_rejects: int = 1) -> Item:
    parts = [
        InspectionPart("/m/1.svg", "1.svg", "Part 1", Verdict.ok, None),
        InspectionPart("/m/2.svg", "2.svg", "Part 2", Verdict.nok, "flash"),
        InspectionPart("/m/3.svg", "3.svg", "Part 3", Verdict.nok, "short-shot"),
        InspectionPart("/m/4.svg", "4.svg", "Part 4", Verdict.ok, None),
    ]
    return Item(
        "i",
        ItemType.inspection,
        1,
        points=2,
        parts=parts,
        defects_offered=["flash", "short-shot"],
        max_escapes=max_escapes,
        max_false_rejects=max_false_rejects,
    )


def answer(*verdicts: tuple[str, str | None]) -> dict:
    return {"parts": {str(i): {"verdict": v, "defect": d} for i, (v, d) in enumerate(verdicts)}}


def test_inspection_counts_escapes_false_rejects_and_defect_names() -> None:
    item = inspection()
    perfect = score(
        item, answer(("OK", None), ("NOK", "flash"), ("NOK", "short-shot"), ("OK", None))
    )
    assert perfect.correct and perfect.points == 2
    assert perfect.details == {"escapes": 0, "false_rejects": 0, "misnamed": 0, "unanswered": 0}
    one_false_reject = score(
        item, answer(("NOK", "flash"), ("NOK", "flash"), ("NOK", "short-shot"), ("OK", None))
    )
    assert one_false_reject.correct and one_false_reject.details["false_rejects"] == 1
    two = score(
        item, answer(("NOK", "flash"), ("NOK", "flash"), ("NOK", "short-shot"), ("NOK", "flash"))
    )
    assert not two.correct and two.details["false_rejects"] == 2
    escape = score(item, answer(("OK", None), ("OK", None), ("NOK", "short-shot"), ("OK", None)))
    assert not escape.correct and escape.details["escapes"] == 1 and escape.points == 0
    misnamed = score(
        item, answer(("OK", None), ("NOK", "short-shot"), ("NOK", "short-shot"), ("OK", None))
    )
    assert not misnamed.correct and misnamed.details["misnamed"] == 1
    blank = score(item, {})
    assert not blank.correct and blank.details["escapes"] == 2 and blank.details["unanswered"] == 4
    lenient = inspection(max_escapes=1)
    assert score(
        lenient, answer(("OK", None), ("OK", None), ("NOK", "short-shot"), ("OK", None))
    ).correct


def test_parse_number() -> None:
    assert parse_number("1,5") == 1.5
    assert parse_number("-3") == -3.0
    assert parse_number("1.000,5") is None, "thousands separators are refused, not guessed"


# -- properties ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=9), st.integers(min_value=0, max_value=2**31))
def test_shuffles_are_permutations_and_repeatable(n: int, seed: int) -> None:
    steps = [f"step {i}" for i in range(n)]
    item = Item("o", ItemType.ordering, 1, steps=steps)
    first, second = layout_of(item, seed), layout_of(item, seed)
    assert first.order == second.order
    assert sorted(first.order) == list(range(n))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=2, max_value=8),
    st.integers(min_value=0, max_value=7),
    st.integers(min_value=0, max_value=2**31),
)
def test_choosing_the_displayed_right_option_always_scores_full(
    n: int, correct: int, seed: int
) -> None:
    item = single(correct % n, n)
    layout = layout_of(item, seed)
    position = layout.order.index(correct % n)
    response = read_response(layout, {"a.s": [str(position)]})
    assert score(item, response).correct


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=8), max_size=12),
    st.integers(min_value=0, max_value=2**31),
)
def test_scores_stay_within_bounds_for_any_ticks(ticks: list[int], seed: int) -> None:
    item = Item(
        "m", ItemType.multiple, 1, points=3, options=[Option(str(i), i % 3 == 0) for i in range(9)]
    )
    result = score(item, {"choices": ticks})
    assert 0 <= result.points <= 3
    assert result.correct == (set(ticks) == {0, 3, 6})


@settings(max_examples=150, deadline=None)
@given(st.permutations(list(range(6))), st.integers(min_value=0, max_value=2**31))
def test_ordering_answered_through_the_form_scores_by_true_positions(
    order: list[int], seed: int
) -> None:
    item = Item("o", ItemType.ordering, 1, points=6, steps=[f"s{i}" for i in range(6)])
    layout = layout_of(item, seed)
    # The learner puts original step order[k] in place k+1, whatever the display order.
    fields = {
        f"a.o.{layout.order.index(step)}": [str(place + 1)] for place, step in enumerate(order)
    }
    response = read_response(layout, fields)
    assert response["order"] == order
    expected = sum(1 for place, step in enumerate(order) if place == step)
    assert score(item, response).points == expected


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=2**31))
def test_item_order_is_a_permutation(seed: int) -> None:
    items = [single() for _ in range(5)]
    for index, item in enumerate(items):
        item.id = f"q{index}"
    layouts = attempt_layout(items, seed)
    assert sorted(layout.item.id for layout in layouts) == [f"q{i}" for i in range(5)]
