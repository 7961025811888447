"""Studying toward a date: the plan's rules as tables, the [plan] config, ``srs plan``, and a scripted run
over simulated days (SRS_NOW, in process) that starts every card by the planned day and reviews every card
in the final days before the date."""

import re
from datetime import date, timedelta

import pytest

from reviewkit import make_deck, query, srs_at as srs
from srs import sm2
from srs.plan import DatePlan
from srs.plan_report import PlannedCard, build_report

D = date(2025, 3, 24)
PLAN = DatePlan(D, new_cards_by=7, final_days=3)  # intro day 17 March, final days 21-23 March


@pytest.mark.parametrize("today, new_left, pace", [
    (date(2025, 3, 3), 30, 2),    # 15 days to the intro day, counting today: ceil(30 / 15)
    (date(2025, 3, 3), 31, 3),
    (date(2025, 3, 16), 5, 3),    # two days left
    (date(2025, 3, 17), 5, 5),    # the intro day: all that is left
    (date(2025, 3, 20), 5, 5),    # past it: all
    (date(2025, 3, 3), 0, 0),
])
def test_new_card_pace(today, new_left, pace):
    assert PLAN.new_pace(today, new_left) == pace


@pytest.mark.parametrize("today, cap", [
    (date(2025, 3, 3), "to the final day"), (date(2025, 3, 20), "to the final day"),
    (date(2025, 3, 21), None), (date(2025, 3, 23), None), (D, None), (D + timedelta(days=5), None),
])
def test_interval_cap_ends_at_the_cards_final_day_before_the_final_days_only(today, cap):
    for card_id in ("a0000", "a0001", "x", "7kq2m4xv9c"):
        final = PLAN.final_day(card_id)
        assert date(2025, 3, 21) <= final <= date(2025, 3, 23)
        expected = (final - today).days if cap else None
        assert PLAN.interval_cap(card_id, today) == expected
        assert PLAN.max_interval(card_id, today, 36500) == (expected or 36500)


def test_final_days_are_shared_out_among_the_cards():
    days = [PLAN.final_day(f"a{i:04d}") for i in range(300)]
    assert {d: days.count(d) for d in set(days)}.keys() == {date(2025, 3, 21), date(2025, 3, 22), date(2025, 3, 23)}
    assert min(days.count(d) for d in set(days)) > 60


@pytest.mark.parametrize("state, due, last, today, brought_back", [
    (sm2.State(4, 250, 40, 0), D + timedelta(days=10), date(2025, 3, 1), date(2025, 3, 22), "on its final day"),
    (sm2.State(4, 250, 40, 0), D, date(2025, 3, 1), date(2025, 3, 23), True),        # due on the date itself
    (sm2.State(4, 250, 2, 0), date(2025, 3, 23), date(2025, 3, 21), date(2025, 3, 22), False),  # due in them anyway
    (sm2.State(4, 250, 40, 0), D + timedelta(days=9), date(2025, 3, 21), date(2025, 3, 22), False),  # reviewed in them
    (sm2.State(4, 250, 40, 0), D + timedelta(days=9), date(2025, 3, 1), date(2025, 3, 20), False),  # not yet
])
def test_cards_scheduled_past_the_date_come_back_in_the_final_days(state, due, last, today, brought_back):
    got = PLAN.final_review_due("c", today, due, last)
    if brought_back == "on its final day":
        assert got == (PLAN.final_day("c") <= today)
    else:
        assert got == brought_back


def test_report_projection_reviews_every_card_in_the_final_days():
    cards = [PlannedCard(f"n{i}", "nlp") for i in range(20)]
    cards += [PlannedCard(f"r{i}", "mlops", sm2.State(5, 250, 60, 0), D + timedelta(days=30), date(2025, 2, 1), 5)
              for i in range(5)]
    r = build_report(PLAN, date(2025, 3, 3), cards)
    assert (r.cards, r.new, r.pace, r.unreviewed_in_final) == (25, 20, 2, 0)
    # least practised first, by reviews per card so far plus expected: nlp 0 + 3.8, mlops 5 + 1 (its final review)
    assert [(d.domain, d.reviews_so_far, round(d.expected, 1)) for d in r.domains] == [("nlp", 0, 3.8), ("mlops", 25, 1.0)]
    assert r.fits


# -- the config and the command ---------------------------------------------------------------


@pytest.fixture
def env(tmp_path):
    decks = tmp_path / "decks"
    make_deck(decks, "Alpha", 30, prefix="a")
    cfg = tmp_path / "config.toml"
    cfg.write_text("# my settings\n[review]\nnew_per_day = 5   # my pace\n")
    return {"decks": decks, "db": tmp_path / "srs.sqlite3", "cfg": cfg}


def test_plan_date_is_kept_in_the_config_until_changed(env):
    out = srs(env, "2025-03-03T09:00", "plan", "--date", "2025-03-24")
    assert "Interview day 2025-03-24: in 21 days" in out and "Selected: 30 cards, 30 new" in out
    assert "2 a day from today, instead of new_per_day (5)" in out and "Fits: yes" in out
    assert "Final days: 2025-03-21 to 2025-03-23" in out and "system-design" in out
    text = env["cfg"].read_text()
    assert text.startswith("# my settings\n[review]\nnew_per_day = 5   # my pace\n") and "[plan]\ndate = 2025-03-24\n" in text
    assert "Interview day 2025-03-24: in 20 days" in srs(env, "2025-03-04T09:00", "plan")  # kept
    assert "Selected: 11 cards" in srs(env, "2025-03-04T09:00", "plan", "--search", "thing_2")  # 2, 20-29
    srs(env, "2025-03-04T09:00", "plan", "--date", "2025-03-31")
    assert "date = 2025-03-31" in env["cfg"].read_text()
    assert "No date set" in srs(env, "2025-03-04T09:00", "plan", "--clear")
    assert "[plan]" not in env["cfg"].read_text() and "new_per_day = 5   # my pace" in env["cfg"].read_text()


@pytest.mark.parametrize("args, text, message", [
    (["--date", "2025-03-01"], None, "is not after today"),
    (["--date", "24/03/2025"], None, "is not a date such as"),
    ([], "[plan]\ndate = 2025-02-30\n", "config"),
    ([], "[plan]\ndate = 'soon'\n", "date must be a date such as 2026-12-15"),
    ([], "[plan]\nfinal_dayz = 3\n", "did you mean final_days?"),
    ([], "[plan]\nfinal_days = 0\n", "final_days must be an integer from 1"),
    ([], "date = 2025-03-24\n", "date belongs in the [plan] section"),
])
def test_bad_dates_and_plan_settings_are_one_line(env, args, text, message):
    if text is not None:
        env["cfg"].write_text(text)
    out = srs(env, "2025-03-03T09:00", "plan", *args, code=2)
    assert message in out and "Traceback" not in out
    assert out.count("\n") == 1 or out.startswith("Usage:")  # in process, click's usage errors are not one line yet


# -- a scripted run over simulated days -------------------------------------------------------


def shown(out):
    return [f"a{int(n):04d}" for n in re.findall(r"^Q: Alpha question (\d+):", out, re.M)]


def test_a_scripted_run_starts_every_card_by_the_planned_day_and_reviews_each_in_the_final_days(env):
    start = date(2025, 3, 3)
    srs(env, f"{start}T08:00", "plan", "--date", D.isoformat())
    seen: dict[date, list[str]] = {}
    first: dict[str, date] = {}
    day = start
    while day < D:
        out = srs(env, f"{day}T09:00", "review", input="4\n" * 100)  # every answer "correct after hesitation"
        seen[day] = shown(out)
        for card_id in seen[day]:
            first.setdefault(card_id, day)
        day += timedelta(days=1)
    ids = [f"a{i:04d}" for i in range(30)]
    assert sorted(first) == ids
    assert max(first.values()) <= PLAN.intro_day  # every card started by 17 March
    assert [sum(1 for d in first.values() if d == day) for day in sorted(set(first.values()))][:3] == [2, 2, 2]
    final_days = [D - timedelta(days=k) for k in (3, 2, 1)]
    for card_id in ids:  # one more review in the final days, on the card's final day or before
        assert any(card_id in seen[d] for d in final_days), card_id

    log = query(env["db"], "SELECT card_id, day, reps_after, ef_after, interval_after, due_after FROM reviews ORDER BY id")
    assert all(r[3] == 250 for r in log)  # grade 4 leaves the E-Factor as SM-2 says: the cap touches intervals only
    for card_id, day_text, reps, ef, interval, due_text in log:
        day, due = date.fromisoformat(day_text), date.fromisoformat(due_text)
        if day < PLAN.final_start:
            assert due <= PLAN.final_day(card_id)  # no interval carries a card past its final review
            assert interval == min(sm2.review(sm2.State(reps - 1, 250, _previous(log, card_id, day_text), 0), 4).interval,
                                   (PLAN.final_day(card_id) - day).days)

    # on the date itself the plan is over: SM-2's own intervals, the usual new-card limit
    out = srs(env, f"{D}T09:00", "review", input="q\n")
    assert "Studying toward" not in out


def _previous(log, card_id, day_text):
    """The card's interval before its review on ``day_text``."""
    rows = [r for r in log if r[0] == card_id]
    i = next(n for n, r in enumerate(rows) if r[1] == day_text)
    return rows[i - 1][4] if i else 0


def test_cards_scheduled_past_the_date_before_it_was_set_come_back_in_the_final_days(env):
    make_deck(env["decks"], "Alpha", 6, prefix="a")
    srs(env, "2025-01-06T09:00", "review", "--new", "6", input="5\n" * 6)
    query(env["db"], "UPDATE state SET reps = 6, interval = 90, due = '2025-05-01'")  # long intervals, due in May
    srs(env, "2025-03-10T09:00", "plan", "--date", D.isoformat())
    assert shown(srs(env, "2025-03-20T09:00", "review", input="q\n")) == []  # not before the final days
    got: dict[str, date] = {}
    for k in (3, 2, 1):
        day = D - timedelta(days=k)
        out = srs(env, f"{day}T09:00", "review", input="5\n" * 10)
        for card_id in shown(out):
            got.setdefault(card_id, day)
        assert ("final review before the date" in out) == bool(shown(out))
    assert got == {f"a{i:04d}": PLAN.final_day(f"a{i:04d}") for i in range(6)}
