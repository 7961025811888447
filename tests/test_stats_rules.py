"""The rules behind each ``srs stats`` number, as tables of cases (pure functions, no database)."""

from datetime import date, timedelta

import pytest

from srs.stats import charts
from srs.stats.activity import DayRow, activity, calendar_first, streaks
from srs.stats.forecast import forecast
from srs.stats.kinds import label, ordered
from srs.stats.retention import ReviewRow, cram_rates, retention, weakest
from srs.stats.states import GroupRow, StateRow, card_state, card_states

D = date(2025, 3, 10)  # a Monday


@pytest.mark.parametrize("reps, interval, state", [
    (None, None, "new"),  # never graded
    (0, 1, "learning"),  # graded below 3 last time: not recalled since
    (1, 1, "young"),
    (2, 6, "young"),
    (3, 20, "young"),
    (3, 21, "mature"),  # 21 days: mature, as in Anki
    (9, 400, "mature"),
])
def test_card_state(reps, interval, state):
    assert card_state(reps, interval) == state
    assert card_state(reps, interval, suspended=True) == "suspended"  # whatever its schedule, as Anki counts it


def test_cards_of_a_group_without_a_state_are_new():
    groups = [GroupRow("B", "mid", "coding", 5), GroupRow("A", None, None, 2)]
    reviewed = [StateRow("B", "mid", "coding", 1, 21, 2), StateRow("B", "mid", "coding", 0, 1, 1)]
    st = card_states(groups, reviewed, deck_order=["A", "B"])
    assert (st.total.new, st.total.learning, st.total.young, st.total.mature) == (4, 1, 0, 2)
    assert [name for name, _ in st.by_deck] == ["A", "B"] and st.by_deck[1][1].new == 2
    assert [name for name, _ in st.by_level] == ["mid", None]


def test_suspended_cards_are_their_own_state_reviewed_or_not():
    groups = [GroupRow("B", "mid", "coding", 5)]
    reviewed = [StateRow("B", "mid", "coding", 1, 21, 2), StateRow("B", "mid", "coding", 1, 21, 1, suspended=True),
                StateRow("B", "mid", "coding", None, None, 1, suspended=True)]  # suspended before any grade
    total = card_states(groups, reviewed, deck_order=["B"]).total
    assert (total.cards, total.new, total.mature, total.suspended) == (5, 1, 2, 2)


@pytest.mark.parametrize("days, current, longest", [
    ([], 0, 0),
    ([D], 1, 1),  # today counts
    ([D - timedelta(1)], 1, 1),  # nothing yet today: the streak still stands
    ([D - timedelta(2)], 0, 1),  # a day missed: broken
    ([D - timedelta(n) for n in range(1, 4)] + [D], 4, 4),
    ([D - timedelta(n) for n in (1, 2, 10, 11, 12, 13)], 2, 4),  # the longest is an older run
    ([D + timedelta(1), D], 1, 1),  # a day after today (another clock) does not count
])
def test_streaks(days, current, longest):
    assert streaks(days, D) == (current, longest)


def test_calendar_window_grades_and_kinds_cram_time_apart_a_later_kind_shown_apart():
    rows = [DayRow(D, "review", 3), DayRow(D, "drill", 2), DayRow(D - timedelta(400), "new", 9),
            DayRow(D - timedelta(1), "repeat", 1), DayRow(D - timedelta(2), "cram", 4)]
    act = activity(rows, [(D, 60.0, 0.0), (D - timedelta(2), 30.0, 30.0), (D - timedelta(40), 99.0, 9.0)], D)
    assert act.first == date(2024, 3, 11) == calendar_first(D) and act.calendar_days == 365
    assert act.total == 10 and act.by_kind == {"review": 3, "drill": 2, "repeat": 1, "cram": 4}  # the old day is outside
    assert ordered(act.by_kind) == ["review", "repeat", "cram", "drill"] and label("drill") == "drill"
    assert act.current_streak == 3  # the day with only cram grades is a study day
    assert act.time_per_day()[-1] == (D, 60.0, 0.0) and act.time_per_day()[-3] == (D - timedelta(2), 30.0, 30.0)
    assert sum(s for _, s, _ in act.time_per_day()) == 90.0


@pytest.mark.parametrize("rows, overdue, due", [
    ([], 0, [0, 0, 0]),
    ([(D - timedelta(5), 2), (D, 1)], 2, [3, 0, 0]),  # overdue cards are due today
    ([(D + timedelta(2), 4), (D + timedelta(3), 7)], 0, [0, 0, 4]),  # beyond the window: left out
])
def test_forecast(rows, overdue, due):
    fc = forecast(rows, D, days=3)
    assert (fc.overdue, fc.due) == (overdue, due)


def review(days_ago, interval, q, domain="coding", level="mid", n=1):
    return ReviewRow(domain, level, D - timedelta(days_ago), interval, q, n)


@pytest.mark.parametrize("row, cells", [
    (review(0, 1, 3), {(7, "young"): (1, 1), (30, "young"): (1, 1)}),  # 3 passes
    (review(6, 20, 2), {(7, "young"): (0, 1), (30, "young"): (0, 1)}),  # 2 fails; 6 days ago is in the week
    (review(7, 21, 5), {(30, "mature"): (1, 1)}),  # 7 days ago: only the 30 days; 21 days: mature
    (review(29, 30, 4), {(30, "mature"): (1, 1)}),
    (review(30, 30, 4), {}),  # 30 days ago: out
])
def test_retention_periods_and_ages(row, cells):
    line = retention([row], D)[0]
    got = {(days, age): (t.passed, t.reviews) for (days, age), t in line.tallies.items() if age != "all"}
    assert got == cells


def test_cram_rates_are_per_domain_not_per_level_nor_age():
    rows = [review(0, 0, 5, "coding"), review(3, 30, 2, "coding"), review(20, 0, 4, "nlp", "senior")]
    lines = cram_rates(rows, D)
    assert [(ln.group, ln.name) for ln in lines] == [("all", None), ("domain", "coding"), ("domain", "nlp")]
    assert [(ln.tally(7, "all").passed, ln.tally(7, "all").reviews, ln.tally(30, "all").reviews) for ln in lines] == \
        [(1, 2, 3), (1, 2, 2), (0, 0, 1)]


def test_weakest_needs_enough_reviews_and_a_rival():
    rows = [review(1, 1, 5, "coding", n=4), review(1, 1, 1, "nlp", n=3), review(1, 1, 2, "mlops", n=2),
            review(1, 1, 5, "mlops", n=2)]
    lines = retention(rows, D)
    assert [ln.name for ln in lines if ln.group == "domain"] == ["coding", "mlops", "nlp"]
    assert weakest(lines, "domain").name == "mlops"  # 50% of 4; nlp (0% of 3) has too few reviews
    assert weakest(retention(rows[:2], D), "domain") is None  # only one domain with enough
    even = [review(1, 1, 5, "coding", n=4), review(1, 1, 4, "mlops", n=4)]
    assert weakest(retention(even, D), "domain") is None  # all at 100%: none is weaker


@pytest.mark.parametrize("values, width, cells", [
    ([0, 0], 10, [0, 0]),
    ([1, 1], 10, [5, 5]),
    ([900, 12, 200, 122], 30, [21, 1, 5, 3]),  # largest remainders round up
    ([1, 0, 0, 1000], 10, [1, 0, 0, 9]),  # a non-zero value gets a cell
])
def test_split_width(values, width, cells):
    assert charts.split_width(values, width) == cells


@pytest.mark.parametrize("share, bar", [(0.0, "░░░░"), (0.5, "██░░"), (0.56, "██▎░"), (1.0, "████")])
def test_share_bar(share, bar):
    assert charts.share_bar(share, 4) == bar


def test_columns_scale_to_the_largest_and_show_small_values():
    assert charts.columns([16, 8, 1, 0], 2) == ["█   ", "██▁ "]  # 16 eighths: 1 is one eighth, 0 is blank


@pytest.mark.parametrize("value, part, column", [
    (16, 0, ["█", "█"]),
    (16, 8, ["▒", "█"]),  # the part on top
    (16, 16, ["▒", "▒"]),
    (12, 4, ["▒", "█"]),  # 8 + 4 eighths: the part's half cell shows whole
    (12, 2, ["▂", "█"]),  # 10 eighths below, 2 of the part: in the top cell they do not outweigh the rest's 2
    (12, 6, ["▒", "▆"]),  # 6 of 8 eighths below; the part's 6 outweigh the rest's 0 in the next cell
    (1, 1, [" ", "▒"]),  # a small part shows as a whole cell
])
def test_columns_with_a_part_stacked_on_top(value, part, column):
    rows = charts.columns([16, value], 2, [0, part])
    assert [row[1] for row in rows] == column


def test_cram_per_domain_takes_the_lines_that_fit_and_counts_the_rest():
    from srs.stats.draw import cram

    rows = [review(1, 0, 4, f"domain-number-{n:02d}") for n in range(12)]
    lines = [str(t) for t in cram(cram_rates(rows, D), 80)]
    assert lines[0] == "Cram  12 grades in the last 7 days, 100% ≥ 3 · 12 in the last 30 days, 100% ≥ 3"
    assert len(lines) == 3 and all(len(line) <= 80 for line in lines)
    assert lines[1].startswith("  30 days by domain: domain-number-00 1 (100%) · ")
    shown = sum(line.count("domain-number-") for line in lines)
    assert lines[2].endswith(f" · +{12 - shown} more")


@pytest.mark.parametrize("n, top, level", [(0, 20, 0), (1, 20, 1), (5, 20, 1), (6, 20, 2), (20, 20, 4), (1, 1, 4)])
def test_heat_level(n, top, level):
    assert charts.heat_level(n, top) == level


def test_heat_legend_ranges_cover_each_count_once():
    for top in (1, 3, 4, 7, 20, 89):
        ranges = charts.heat_ranges(top)
        counts = [n for _, low, high in ranges for n in range(low, high + 1)]
        assert counts == list(range(1, top + 1))
        assert all(charts.heat_level(n, top) == level for level, low, high in ranges for n in (low, high))


@pytest.mark.parametrize("today", [date(2025, 3, 10), date(2025, 3, 16), date(2024, 12, 31), date(2025, 2, 3)])
def test_calendar_fits_80_columns_with_every_day_once(today):
    first = calendar_first(today)
    grid = charts.calendar({}, first, today)
    assert len(grid) == 7 and all(len(row) == 53 for row in grid)  # 4 + 53 columns with the weekday names
    assert sum(cell >= 0 for row in grid for cell in row) == (today - first).days + 1
    labels = charts.month_labels(first, 53)
    assert len(labels) <= 53 and len(labels.split()) >= 11
