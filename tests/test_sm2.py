"""SM-2 against the 690 reference steps, and its invariants under random grade sequences."""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srs import sm2
from conftest import DATA

VECTORS = json.loads((DATA / "sm2" / "vectors.json").read_text())
SEQUENCES = VECTORS["sequences"]


def test_reference_file_is_complete():
    assert len(SEQUENCES) == 56
    assert sum(len(s["steps"]) for s in SEQUENCES) == 690
    assert VECTORS["max_interval"] == sm2.MAX_INTERVAL
    init = VECTORS["initial"]
    assert (sm2.NEW.reps, sm2.NEW.ef, sm2.NEW.interval) == (init["repetitions"], round(init["ef"] * 100), init["interval"])


@pytest.mark.parametrize("seq", SEQUENCES, ids=[s["id"] + "-" + s["name"] for s in SEQUENCES])
def test_reference_sequence(seq):
    state = sm2.NEW
    for i, (q, reps, ef, interval) in enumerate(seq["steps"]):
        state = sm2.review(state, q, VECTORS["max_interval"])
        got = (state.reps, state.ef, state.interval)
        assert got == (reps, round(Fraction(str(ef)) * 100), interval), f"step {i}: q={q}"


def test_interval_formula_uses_ef_before_the_review():
    s = sm2.State(reps=2, ef=250, interval=6)
    after = sm2.review(s, 3)
    assert after.interval == 15  # ceil(6 * 2.50), not 6 * 2.36
    assert after.ef == 236


def test_cap_is_configurable():
    s = sm2.State(reps=5, ef=250, interval=100)
    assert sm2.review(s, 5, max_interval=180).interval == 180
    assert sm2.preview(s, max_interval=180) == {0: 1, 1: 1, 2: 1, 3: 180, 4: 180, 5: 180}


def test_ef_deltas_match_the_formula():
    for q in sm2.QUALITIES:
        exact = Fraction(1, 10) - (5 - q) * (Fraction(8, 100) + (5 - q) * Fraction(2, 100))
        assert sm2.ef_delta(q) == exact * 100


@pytest.mark.parametrize("bad", [-1, 6, 2.5, "3", True, None])
def test_bad_quality_is_refused(bad):
    with pytest.raises(ValueError):
        sm2.review(sm2.NEW, bad)


def test_step_seven_repeats_below_four():
    assert [sm2.needs_repeat(q) for q in sm2.QUALITIES] == [True, True, True, True, False, False]


grades = st.lists(st.integers(0, 5), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(grades, st.integers(1, 36500))
def test_invariants(qs, cap):
    state = sm2.NEW
    lapses = 0
    for q in qs:
        before = state
        state = sm2.review(before, q, cap)
        assert state.ef >= sm2.EF_MIN and (state.ef - sm2.EF_INITIAL) % 2 == 0  # [1.3, inf) in steps of 0.02
        assert 1 <= state.interval <= cap
        assert state.interval == sm2.preview(before, cap)[q]
        if q < 3:
            lapses += 1
            assert state.reps == 0 and state.interval == 1 and state.ef == before.ef
        else:
            assert state.reps == before.reps + 1
            assert state.interval >= before.interval  # never shrinks on a success
        assert state.lapses == lapses
