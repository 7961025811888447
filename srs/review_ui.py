"""The screens of ``srs review``: a single-key terminal UI, and a plain line mode for pipes.

Both only talk to a :class:`srs.session.Session`; every grade is committed by
the session before the next card is drawn.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

from srs import sm2
from srs.clock import describe_day
from srs.errors import SrsError
from srs.session import Current, Session, Summary

LABELS = {0: "blackout", 1: "wrong", 2: "almost", 3: "hard", 4: "hesitant", 5: "perfect"}
"""One word per SM-2 quality (0 complete blackout … 5 perfect response)."""
NO_ANSWER = "The source gives no answer for this card: answer it aloud, then grade yourself honestly."
KEYS_QUESTION = "space/enter show answer · s skip (until tomorrow) · u undo · q quit"
KEYS_ANSWER = "0-5 grade · s skip · u undo · q quit"


def fmt_interval(days: int) -> str:
    """``1d``, ``17d``, ``2.1mo``, ``3.4y`` — as Anki labels its buttons."""
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def fmt_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {sec:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def card_meta(cur: Current) -> str:
    c = cur.card
    parts = [c.deck, c.level or "level ?", c.domain or "domain ?", c.difficulty or "difficulty ?"]
    return " · ".join(parts)


def counts_text(session: Session) -> str:
    new, due, rep = session.counts()
    return f"new {new} · due {due} · repeats {rep}"


def legend_text(cur: Current) -> str:
    """The one-line legend: each grade, its SM-2 meaning, and the interval it would give."""
    if cur.intervals is None:
        return "repeat (step 7): " + " · ".join(f"{q} {LABELS[q]}" for q in sm2.QUALITIES) + " — interval unchanged, back again if < 4"
    return " · ".join(f"{q} {LABELS[q]} {fmt_interval(cur.intervals[q])}" for q in sm2.QUALITIES)


def summary_lines(summary: Summary, session: Session) -> list[str]:
    pct = f" ({100 * summary.correct // summary.reviewed}%)" if summary.reviewed else ""
    lines = [
        f"Reviewed {summary.reviewed} card{'s' if summary.reviewed != 1 else ''}, correct (q >= 3) {summary.correct}{pct}"
        f", step-7 repeats {summary.repeats}, skipped {summary.skipped}, time {fmt_duration(summary.seconds)}.",
    ]
    left = len(session.queue)
    if left:
        lines.append(f"{left} card{'s' if left != 1 else ''} left in today's queue ({counts_text(session)}); run srs review to go on.")
    lines.append(outlook_line(session))
    return lines


def outlook_line(session: Session) -> str:
    ol = session.summary.outlook
    if ol is None:
        return ""
    nxt = f"next review due {describe_day(ol.next_due, session.today)}" if ol.next_due else "no reviews scheduled yet"
    extra = f", {ol.buried} skipped until tomorrow" if ol.buried else ""
    return f"{nxt[0].upper()}{nxt[1:]}; {ol.new_waiting} new card{'s' if ol.new_waiting != 1 else ''} waiting{extra}."


def nothing_due_lines(session: Session) -> list[str]:
    ol = session.finish().outlook
    assert ol is not None
    head = f"Nothing to review now ({session.card_filter.describe()}, study day {session.today.isoformat()})."
    return [head, outlook_line(session)]


def undo_text(session: Session) -> str:
    """Undo the last grade or skip, and say what happened."""
    try:
        act = session.undo()
    except SrsError as exc:
        return str(exc)
    return f"undid the last {act.kind} ({act.card.id})" if act else "nothing to undo"


# -- plain mode ---------------------------------------------------------------


def run_plain(session: Session, stdin: TextIO, out: Callable[[str], None]) -> Summary:
    """One card at a time as text; one grade per input line (0-5, s, u, q). EOF quits."""
    if session.current() is None:
        for line in nothing_due_lines(session):
            out(line)
        return session.summary
    while (cur := session.current()) is not None:
        c = cur.card
        out(f"── {card_meta(cur)} · {cur.source} · {counts_text(session)}")
        if c.topic:
            out(f"topic: {c.topic}")
        out("Q: " + c.question.strip())
        out("A: " + (c.answer.strip() if c.has_answer else NO_ANSWER))
        out("grade: " + legend_text(cur) + " | s skip · u undo · q quit")
        while True:
            line = stdin.readline()
            if not line:
                return _end_plain(session, out)
            key = line.strip().lower()
            if key in ("q", "quit"):
                return _end_plain(session, out)
            if key in {str(q) for q in sm2.QUALITIES}:
                g = session.grade(int(key))
                note = " (step-7 repeat: interval unchanged)" if g.kind == "repeat" else f" → next in {fmt_interval(g.after.interval)} ({g.due.isoformat()})"
                out(f"graded {key}{note}")
                break
            if key == "s":
                out(f"skipped until {session.skip().isoformat()}")
                break
            if key == "u":
                out(undo_text(session))
                break
            out(f"? {key!r}: type 0-5, s, u or q")
    return _end_plain(session, out)


def _end_plain(session: Session, out: Callable[[str], None]) -> Summary:
    summary = session.finish()
    for line in summary_lines(summary, session):
        out(line)
    return summary


# -- terminal mode ------------------------------------------------------------


@contextmanager
def single_keys(fd: int) -> Iterator[Callable[[], str]]:
    """Read one keypress at a time (cbreak: no echo, no Enter needed); the terminal is restored on exit."""
    import termios
    import tty

    saved = termios.tcgetattr(fd)

    def on_term(signum, frame):  # so `kill` restores the terminal too
        raise SystemExit(128 + signum)

    old_handler = signal.signal(signal.SIGTERM, on_term)
    tty.setcbreak(fd)
    try:
        yield lambda: os.read(fd, 32).decode("utf-8", "replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGTERM, old_handler)


def run_terminal(session: Session, console) -> Summary:
    """The interactive screen: header, question, reveal, grade keys with intervals, undo/skip/quit."""
    from rich.markdown import Markdown
    from rich.rule import Rule
    from rich.text import Text

    def md(text: str) -> Markdown:
        return Markdown(text, code_theme="monokai", hyperlinks=False)

    if session.current() is None:
        for line in nothing_due_lines(session):
            console.print(line)
        return session.summary

    message = ""

    def draw(cur: Current, revealed: bool) -> None:
        console.clear()
        c = cur.card
        left = Text(card_meta(cur), style="bold")
        console.print(Rule(Text(f" {counts_text(session)} · {cur.source} ", style="dim"), align="right"))
        console.print(left)
        if c.topic:
            console.print(Text(c.topic, style="dim"))
        console.print()
        console.print(md(c.question))
        console.print()
        if revealed:
            console.print(Rule("answer", style="dim"))
            if c.has_answer:
                console.print(md(c.answer))
            else:
                console.print(Text(NO_ANSWER, style="italic yellow"))
            console.print()
            console.print(Text(legend_text(cur), style="bold"))
            console.print(Text(KEYS_ANSWER, style="dim"))
        else:
            console.print(Text(KEYS_QUESTION, style="dim"))
        if message:
            console.print(Text(message, style="cyan"))

    fd = sys.stdin.fileno()
    with single_keys(fd) as read_key:
        try:
            while (cur := session.current()) is not None:
                revealed = False
                draw(cur, revealed)
                message = ""
                while True:
                    key = read_key()
                    if key == "":
                        raise EOFError
                    k = key.lower()
                    if k in ("q", "\x04", "\x1b"):
                        raise EOFError
                    if k in (" ", "\r", "\n") and not revealed:
                        revealed = True
                        draw(cur, revealed)
                    elif k in "012345" and len(k) == 1:
                        if not revealed:
                            message = "show the answer first (space), then grade"
                            draw(cur, revealed)
                            message = ""
                            continue
                        g = session.grade(int(k))
                        message = (f"graded {k}: step-7 repeat, interval unchanged" if g.kind == "repeat"
                                   else f"graded {k}: next in {fmt_interval(g.after.interval)} ({g.due.isoformat()})")
                        break
                    elif k == "s":
                        message = f"skipped until {session.skip().isoformat()}"
                        break
                    elif k == "u":
                        message = undo_text(session)
                        break
        except (EOFError, KeyboardInterrupt):
            pass
    console.clear()
    summary = session.finish()
    console.print("[bold]Session over[/bold] — every grade is saved.")
    for line in summary_lines(summary, session):
        console.print(line)
    return summary
