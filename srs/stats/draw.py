"""``srs stats`` in the terminal: the report's sections drawn at the console's width (80 columns and up).

Every chart reads by glyph density alone (:mod:`srs.stats.charts`); colour, where the terminal has it and
``NO_COLOR`` is unset, only adds to it. Card text and deck names go through :func:`visible`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator

from rich.text import Text

from srs.control_chars import visible
from srs.snippet import one_line
from srs.stats import charts
from srs.stats.activity import Activity
from srs.stats.forecast import Forecast
from srs.stats.hardest import HardCard
from srs.stats.kinds import label, ordered
from srs.stats.report import Report
from srs.stats.retention import PERIODS, WEAKEST_MIN_REVIEWS, RetentionLine, Tally, weakest
from srs.stats.states import MATURE_DAYS, STATES, CardStates, Counts

STATE_STYLES = {"new": "blue", "learning": "red", "young": "green3", "mature": "dark_green", "suspended": "yellow"}
STATE_GLYPHS = dict(zip(STATES, (*charts.SHADES, "╳")))
"""The four states of a card in the schedule by density, new to mature; a suspended card is out of it."""
STATE_COLUMNS = (("cards", 7), ("new", 6), ("learn", 6), ("young", 6), ("mature", 7), ("susp.", 6))
"""The cards table's columns: header and width (the cards in all, then one per state)."""
CRAM_STYLE = "magenta"
CRAM_DOMAIN_LINES = 2
"""Lines for the cram grades per domain; the domains beyond are counted (all are in --format json)."""
HEAT_STYLES = {-1: "", 0: "grey50", 1: "dark_green", 2: "green4", 3: "green3", 4: "bright_green"}
CHART_HEIGHT = 5


def draw(report: Report, width: int) -> Iterator[Text]:
    """The report as lines of at most ``width`` cells: cards, reviews, due forecast, time, retention, cram,
    hardest."""
    yield Text.assemble(("srs stats", "bold"), f" · {visible(report.selection)} · study day {report.today.isoformat()}")
    for section in (cards(report.states, width), reviews(report.activity), due(report.forecast, width),
                    time_spent(report.activity, width), retention(report.retention, width), cram(report.cram, width),
                    hardest(report.hardest, width)):
        yield Text()
        yield from section


def _title(name: str, *rest) -> Text:
    return Text.assemble((name, "bold"), "  ", *rest)


def _num(n: int) -> str:
    return f"{n:,}"


def _count(n: int, noun: str) -> str:
    """``1 grade``, ``1,234 grades``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# -- cards by state ------------------------------------------------------------


def cards(st: CardStates, width: int) -> Iterator[Text]:
    legend: list = []
    for state in STATES:
        legend += ["  " if legend else "", (STATE_GLYPHS[state], STATE_STYLES[state]), f" {state} {_num(st.total.get(state))}"]
    yield _title(f"Cards {_num(st.total.cards)}", *legend)
    if not st.total.cards:
        yield Text("  no card matches", style="dim")
        return
    numbers = sum(w for _, w in STATE_COLUMNS) + 2
    bar_w = max(12, (width - numbers) // 3)
    name_w = max(14, min(50, width - numbers - bar_w))
    yield Text(" " * name_w + "".join(f"{h:>{w}}" for h, w in STATE_COLUMNS), style="dim")
    for group, rows in (("deck", st.by_deck), ("level", st.by_level), ("domain", st.by_domain)):
        yield Text(group, style="dim")
        for name, counts in rows:
            yield _state_row(name if name is not None else f"no {group}", counts, name_w, bar_w)


def _state_row(name: str, c: Counts, name_w: int, bar_w: int) -> Text:
    line = Text(_fit("  " + visible(name), name_w))
    line.append("".join(f"{n:>{w}}" for n, (_, w) in zip((c.cards, *(c.get(s) for s in STATES)), STATE_COLUMNS)) + "  ")
    for state, cells in zip(STATES, charts.split_width([c.get(s) for s in STATES], bar_w)):
        line.append(STATE_GLYPHS[state] * cells, STATE_STYLES[state])
    return line


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut (with …) to ``width`` cells."""
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


# -- reviews per day: the calendar -------------------------------------------------


def reviews(act: Activity) -> Iterator[Text]:
    streak = f"streak {_count(act.current_streak, 'day')}, longest {act.longest_streak}"
    yield _title("Reviews", f"{_count(act.total, 'grade')} on {act.days_studied} of the last {act.calendar_days} days"
                            f" · {streak}")
    if act.by_kind:
        yield Text("  " + " · ".join(f"{label(k)} {_num(act.by_kind[k])}" for k in ordered(act.by_kind)), style="dim")
    grid = charts.calendar(act.grades, act.first, act.today)
    weeks = len(grid[0])
    yield Text("    " + charts.month_labels(act.first, weeks), style="dim")
    for weekday, row in zip(charts.WEEKDAYS, grid):
        line = Text(weekday + " ", style="dim")
        for level in row:
            line.append(" " if level < 0 else charts.NONE if level == 0 else charts.SHADES[level - 1], HEAT_STYLES[level])
        yield line
    top = max(act.grades.values(), default=0)
    legend = Text.assemble("    ", (charts.NONE, HEAT_STYLES[0]), " none")
    for level, low, high in charts.heat_ranges(top):
        legend.append("  ")
        legend.append(charts.SHADES[level - 1], HEAT_STYLES[level])
        legend.append(f" {low}" if low == high else f" {low}-{high}")
    legend.append(" grades a day")
    yield legend


# -- column charts: the due forecast, the time per day -----------------------------


def _column_chart(values: list[float], top_label: str, x_labels: dict[int, str], width: int,
                  parts: list[float] | None = None) -> Iterator[Text]:
    """Columns for ``values`` (one per day), as wide as ``width`` allows (2 or 3 cells a day), a y label at
    the top, ``x_labels`` under the given days; ``parts`` stacked on top (:func:`charts.columns`)."""
    step = max(1, min(3, (width - 7) // max(1, len(values))))
    bar = max(1, step - 1)
    rows = charts.columns(values, CHART_HEIGHT, parts)
    for n, row in enumerate(rows):
        axis = f"{top_label:>5} ┤" if n == 0 else "      │"
        yield Text.assemble((axis, "dim"), "".join(ch * bar + " " * (step - bar) for ch in row))
    yield Text("      └" + "─" * (step * len(values)), style="dim")
    marks = ""
    for day, name in sorted(x_labels.items()):
        col = 7 + day * step
        if len(marks) < col:
            marks = marks.ljust(col) + name
    yield Text(marks, style="dim")


def due(fc: Forecast, width: int) -> Iterator[Text]:
    overdue = f" ({_num(fc.overdue)} overdue)" if fc.overdue else ""
    yield _title("Due", f"today {_num(fc.within(1))}{overdue} · tomorrow {_num(fc.due[1])} · next 7 days"
                        f" {_num(fc.within(7))} · next 30 days {_num(fc.within(30))}")
    if not any(fc.due):
        yield Text("  nothing due in the next 30 days", style="dim")
        return
    yield from _column_chart(fc.due, _num(max(fc.due)), {0: "today", 7: "+7", 14: "+14", 21: "+21", 28: "+28"}, width)


def duration(seconds: float) -> str:
    """``45s``, ``12m``, ``3h 20m``."""
    minutes = round(seconds / 60)
    if seconds < 60:
        return f"{round(seconds)}s"
    return f"{minutes}m" if minutes < 60 else f"{minutes // 60}h {minutes % 60:02d}m"


def time_spent(act: Activity, width: int) -> Iterator[Text]:
    per_day = act.time_per_day()
    total = sum(s for _, s, _ in per_day)
    crammed = sum(c for _, _, c in per_day)
    studied = sum(1 for _, s, _ in per_day if s > 0)
    average = f": {duration(total / studied)} a study day" if studied else ""
    of_it = [" (", (charts.PART, CRAM_STYLE), f" cram {duration(crammed)})"] if crammed else []
    yield _title("Time", duration(total), *of_it, f" in the last {len(per_day)} days, on {studied}"
                                                  f" {'day' if studied == 1 else 'days'}{average}")
    if not studied:
        return
    n = len(per_day)
    labels = {0: per_day[0][0].strftime("%b %-d"), n - 1: "today"}
    yield from _column_chart([s for _, s, _ in per_day], duration(max(s for _, s, _ in per_day)), labels, width,
                             [c for _, _, c in per_day] if crammed else None)


# -- retention ---------------------------------------------------------------------


def retention(lines: list[RetentionLine], width: int) -> Iterator[Text]:
    yield _title("Retention", f"scheduled reviews graded 3 or more · young: interval under {MATURE_DAYS} days")
    if not lines[0].tally(30, "all").reviews:
        yield Text("  no scheduled review in the last 30 days", style="dim")
        return
    name_w = max(14, min(30, width - 56))
    yield Text(" " * name_w + f"{'last 7 days':^13} {'last 30 days':^13}", style="dim")
    yield Text(" " * name_w + f"{'young':>6}{'mature':>7} {'young':>6}{'mature':>7}  all, 30 days", style="dim")
    weak = {group: weakest(lines, group) for group in ("domain", "level")}
    group = None
    for line in lines:
        if line.group != group and line.group != "all":
            yield Text(line.group, style="dim")
        group = line.group
        name = "all cards" if line.group == "all" else "  " + visible(line.name or f"no {line.group}")
        row = Text(_fit(name, name_w))
        for days in PERIODS:
            row.append(_rate(line.tally(days, "young"), 6) + _rate(line.tally(days, "mature"), 7) + " ")
        overall = line.tally(30, "all")
        if overall.reviews:
            row.append(" ")
            row.append(charts.share_bar(overall.rate or 0.0, 10), "green3")
            row.append(f" {overall.rate:4.0%} of {_num(overall.reviews)}")
        if line.group != "all" and weak.get(line.group) is line:
            row.append(" ◀", "bold red")
        yield row
    if any(weak.values()):
        yield Text(f"  ◀ weakest: the lowest 30-day retention of those with {WEAKEST_MIN_REVIEWS}+ reviews", style="dim")


def _rate(t: Tally, width: int) -> str:
    return f"{'–' if t.rate is None else format(t.rate, '.0%'):>{width}}"


# -- cram ------------------------------------------------------------------------------


def cram(lines: list[RetentionLine], width: int) -> Iterator[Text]:
    """Cram grades on their own line, in no figure of the schedule above: how many over the last 7 and 30 days
    and the share graded 3 or more; then per domain over 30 days, on the lines that fit."""
    if not lines[0].tally(30, "all").reviews:
        yield _title("Cram", ("none in the last 30 days (srs cram drills cards, their schedule unchanged)", "dim"))
        return
    week, month = lines[0].tally(7, "all"), lines[0].tally(30, "all")
    yield _title("Cram", f"{_count(week.reviews, 'grade')} in the last 7 days", *_cram_share(week), " · ",
                 f"{_num(month.reviews)} in the last 30 days", *_cram_share(month))
    items = [Text.assemble(visible(line.name or "no domain"), f" {_num(t.reviews)} (", (f"{t.rate:.0%}", CRAM_STYLE), ")")
             for line in lines[1:] for t in [line.tally(30, "all")] if t.rate is not None]
    yield from _flow(Text("  30 days by domain: ", style="dim"), items, width, CRAM_DOMAIN_LINES)


def _cram_share(t: Tally) -> list:
    """``, 75% ≥ 3`` (nothing without grades)."""
    return [] if t.rate is None else [", ", (f"{t.rate:.0%}", CRAM_STYLE), " ≥ 3"]


def _flow(lead: Text, items: list[Text], width: int, max_lines: int) -> Iterator[Text]:
    """``items`` after ``lead``, `` · `` between them, on at most ``max_lines`` lines of ``width`` cells (the
    next ones indented as far as the lead); the items left out counted at the end (``+3 more``)."""
    room = width - len(lead)
    rows: list[list[Text]] = [[]]
    for item in items:
        if rows[-1] and _joined_len(rows[-1] + [item]) > room:
            rows.append([])
        rows[-1].append(item)
    if len(rows) > max_lines:
        rows = rows[:max_lines]
        left = len(items) - sum(map(len, rows))
        while rows[-1] and _joined_len(rows[-1] + [Text(f"+{left} more")]) > room:
            rows[-1].pop()
            left += 1
        rows[-1].append(Text(f"+{left} more", style="dim"))
    for n, row in enumerate(rows):
        yield (lead if n == 0 else Text(" " * len(lead))) + Text(" · ").join(row)


def _joined_len(items: list[Text]) -> int:
    return sum(map(len, items)) + 3 * (len(items) - 1)


# -- the hardest cards ---------------------------------------------------------------


def hardest(cards: list[HardCard], width: int) -> Iterator[Text]:
    yield _title("Hardest cards", "most lapses, then lowest E-Factor")
    if not cards:
        yield Text("  no card forgotten yet, and none with its E-Factor lowered", style="dim")
        return
    wheres = [visible(c.domain or c.deck) for c in cards]
    where_w = min(20, max(map(len, wheres)))
    text_w = max(10, width - 23 - 2 - where_w)
    yield Text(f"{'lapses':>6} {'EF':>5} {'interval':>8}  {'question':<{text_w}}  domain", style="dim")
    for c, where in zip(cards, wheres):
        line = Text(f"{c.lapses:>6} {c.ef / 100:>5.2f} {c.interval:>7}d  ")
        line.append(_fit(one_line(c.question, text_w), text_w) + "  ")
        line.append(_fit(where, where_w).rstrip(), "dim")
        yield line
