"""The screens of ``srs review``: a single-key terminal UI, and a plain line mode for pipes.

Both only talk to a :class:`srs.session.Session`; every grade is committed by
the session before the next card is drawn. Card and deck text is shown through
:func:`srs.control_chars.visible`: its control characters as symbols, never sent to the terminal.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

from srs import sm2
from srs.clock import describe_day
from srs.control_chars import visible
from srs.errors import SrsError
from srs.next_steps import next_steps
from srs.session import Current, Session, Summary
from srs.snippet import one_line

LABELS = {0: "blackout", 1: "wrong", 2: "almost", 3: "hard", 4: "hesitant", 5: "perfect"}
"""One word per SM-2 quality (0 complete blackout … 5 perfect response)."""
NO_ANSWER = "The source gives no answer for this card: answer it aloud, then grade yourself honestly."
KEYS_QUESTION = "space/enter show answer · s skip · f flag · ! suspend · u undo · q quit"
KEYS_ANSWER = "0-5 grade · s skip · f flag · ! suspend · u undo · p pager · q quit"
KEYS_MORE = "m/↓ more"
"""Before the answer is shown: space shows the answer, so it does not page."""
KEYS_MORE_ANSWER = "m/space more"
COUNT_NAMES = (("new", "new"), ("due", "due"), ("repeats", "again"), ("ahead", "ahead"), ("cram", "cram"))
"""Queue list -> the word the header uses for its count (Anki's new / review / again)."""
FLAG = "⚑ flagged"


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


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def card_meta(cur: Current) -> str:
    """Deck · level · domain · difficulty. The level always has its place ("no level" when the
    card has none: "expert" is both a level and a difficulty); a missing domain or difficulty is left out."""
    c = cur.card
    return visible(" · ".join(p for p in (c.deck, c.level or "no level", c.domain, c.difficulty) if p))


def source_label(cur: Current, today) -> str:
    """Why this card is on screen: a new card, a due one (and how overdue), a step-7 repeat, a card studied
    ahead, a final review before the date, a cram review."""
    if cur.source == "repeats":
        return "again: graded below 4 in this cram" if cur.cram else "again: graded below 4 today"
    if cur.cram:
        return "cram: the schedule stays as it is" + ("" if cur.state else "; a new card")
    if cur.source == "new":
        return "new card"
    if cur.source == "ahead" and cur.state:
        return f"ahead: due {describe_day(cur.state.due, today)}"
    if cur.final:
        return "final review before the date"
    late = (today - cur.state.due).days if cur.state else 0
    return f"due, {plural(late, 'day')} overdue" if late > 0 else "due today"


def shown_counts(session: Session) -> list[tuple[str, str, int]]:
    """The header's counts: (queue list, its word, cards left). A review shows new, due and again (and ahead
    with --ahead), a cram session cram and again."""
    names = ("cram", "repeats") if session.mode == "cram" else ("new", "due", "repeats") + (("ahead",) if session.ahead else ())
    words = dict(COUNT_NAMES)
    return [(name, words[name], len(getattr(session.queue, name))) for name in names]


def counts_label(session: Session) -> str:
    return "left to cram" if session.mode == "cram" else "left today"


def counts_text(session: Session) -> str:
    """What is left today: ``new 20 · due 3 · again 1``."""
    return " · ".join(f"{word} {n}" for _, word, n in shown_counts(session))


def legend_parts(cur: Current) -> list[str]:
    """Each grade with its SM-2 meaning and the interval it would give (a step-7 repeat or a cram review
    gives none)."""
    if cur.cram:
        return ["cram (schedule unchanged):", *(f"{q} {LABELS[q]}" for q in sm2.QUALITIES), "— below 4 comes back"]
    if cur.intervals is None:
        return ["repeat (step 7):", *(f"{q} {LABELS[q]}" for q in sm2.QUALITIES), "— below 4 comes back"]
    return [f"{q} {LABELS[q]} {fmt_interval(cur.intervals[q])}" for q in sm2.QUALITIES]


def legend_text(cur: Current, width: int | None = None) -> str:
    """The legend on one line, or on as few lines as ``width`` allows without splitting a grade."""
    parts = legend_parts(cur)
    lines = [parts[0]]
    for part in parts[1:]:
        sep = " " if lines[-1].endswith(":") or part.startswith("—") else " · "
        if width is None or len(lines[-1]) + len(sep) + len(part) <= width:
            lines[-1] += sep + part
        else:
            lines.append(part)
    return "\n".join(lines)


def summary_lines(summary: Summary, session: Session) -> list[str]:
    pct = f" ({100 * summary.correct // summary.reviewed}%)" if summary.reviewed else ""
    suspended = f", suspended {summary.suspended}" if summary.suspended else ""
    if session.mode == "cram":
        lines = [f"Crammed {plural(summary.reviewed, 'card')}, correct (q >= 3) {summary.correct}{pct}, again"
                 f" {summary.repeats}, skipped {summary.skipped}{suspended}, time {fmt_duration(summary.seconds)}."]
        if len(session.queue):
            lines.append(f"Left in this cram: {counts_text(session)}.")
        return lines + next_steps(session)
    lines = [
        f"Reviewed {plural(summary.reviewed, 'card')}, correct (q >= 3) {summary.correct}{pct}"
        f", step-7 repeats {summary.repeats}, skipped {summary.skipped}{suspended}, time {fmt_duration(summary.seconds)}.",
    ]
    q = session.queue
    if q.due or q.new or q.repeats:
        lines.append(f"Still to do today: {counts_text(session)}; run srs review to go on.")
    elif q.ahead:
        lines.append(f"Today's cards are done; {plural(len(q.ahead), 'card')} left to study ahead: srs review --ahead goes on.")
    lines.append(outlook_line(session))
    return lines + next_steps(session)


def outlook_line(session: Session) -> str:
    """When the next review is due, and what waits beyond today's queue."""
    ol = session.summary.outlook
    if ol is None:
        return ""
    cfg, queue = session.config, session.queue
    if ol.next_due:
        parts = [f"next review due {describe_day(ol.next_due, session.today)}"]
    else:
        parts = ["no reviews scheduled after today" if ol.due_now or queue.repeats else "no reviews scheduled yet"]
    over = ol.due_now - len(queue.due)
    if over > 0:
        parts.append(f"{plural(over, 'due card')} over today's review limit ({cfg.reviews_per_day})")
    later = max(0, ol.new_waiting - len(queue.new))
    pace = queue.new_limit if queue.new_limit is not None else cfg.new_per_day
    parts.append(f"{plural(later, 'new card')} for later days" + (f" ({pace} a day)" if later and pace else ""))
    if ol.buried:
        parts.append(f"{ol.buried} skipped until tomorrow")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def nothing_due_lines(session: Session) -> list[str]:
    """Nothing to show: say why (limits), when the next card is due and how many new ones wait."""
    ol = session.finish().outlook
    assert ol is not None
    cfg, queue = session.config, session.queue
    if session.mode == "cram":
        return [f"Nothing to cram: no card matches ({session.card_filter.describe()}; suspended cards are left out).",
                *next_steps(session)]
    lines = [f"Nothing to review now ({session.card_filter.describe()}, study day {session.today.isoformat()})."]
    if ol.due_now and queue.review_room == 0:
        lines.append(f"Today's review limit ({cfg.reviews_per_day}) is reached: raise it with --limit N"
                     " or reviews_per_day in config.toml.")
    if ol.new_waiting and queue.new_room == 0:
        if queue.new_limit is not None:
            lines.append(f"Today's new cards on the way to the date ({queue.new_limit}) are done: take more with --new N.")
        elif cfg.new_per_day == 0:
            lines.append("New cards are off (new-card limit 0): take some with --new N.")
        else:
            lines.append(f"Today's new-card limit ({cfg.new_per_day}) is reached: take more with --new N"
                         " or new_per_day in config.toml.")
    lines.append(outlook_line(session))
    return lines + next_steps(session)


def undo_text(session: Session) -> str:
    """Undo the last grade, skip or suspension, and say what happened: which card (its question, as the user
    knows it)."""
    try:
        act = session.undo()
    except SrsError as exc:
        return str(exc)
    if act is None:
        return "nothing to undo"
    what = f"grade {act.graded.quality}" if act.graded else act.kind
    return f"undid the {what} of “{one_line(act.card.question)}”"


def flag_text(session: Session) -> str:
    on = session.toggle_flag()
    return "flagged: srs list --flagged lists it (f again takes the flag off)" if on else "flag taken off"


def suspend_text(session: Session) -> str:
    card_id = session.current().card.id  # type: ignore[union-attr]
    session.suspend()
    return f"suspended {card_id}: out of every queue until srs unsuspend {card_id} (u undoes it)"


def skip_text(session: Session) -> str:
    until = session.skip()
    return "skipped (back in the next cram)" if until is None else f"skipped until {until.isoformat()}"


def graded_text(g, key: str) -> str:
    if g.kind == "cram":
        return f"graded {key}: cram review, schedule unchanged"
    if g.kind == "repeat":
        return f"graded {key}: step-7 repeat, interval unchanged"
    return f"graded {key}: next in {fmt_interval(g.after.interval)} ({g.due.isoformat()})"


# -- plain mode ---------------------------------------------------------------


def run_plain(session: Session, stdin: TextIO, out: Callable[[str], None]) -> Summary:
    """One card at a time as text; one grade per input line (0-5, s, u, q). EOF quits."""
    out = _shown(out)
    if session.current() is None:
        for line in nothing_due_lines(session):
            out(line)
        return session.summary
    while (cur := session.current()) is not None:
        c = cur.card
        flag = f" · {FLAG}" if cur.flagged else ""
        out(f"── {card_meta(cur)}{flag} · {source_label(cur, session.today)} · {counts_label(session)}: {counts_text(session)}")
        if c.topic:
            out(f"topic: {c.topic}")
        out("Q: " + c.question.strip())
        out(("A (yours): " if cur.answer_from == "user" else "A: ") + (c.answer.strip() if c.has_answer else NO_ANSWER))
        out("grade: " + legend_text(cur) + " | s skip · f flag · ! suspend · u undo · q quit")
        while True:
            line = stdin.readline()
            if not line:
                return _end_plain(session, out)
            key = line.strip().lower()
            if key in ("q", "quit"):
                return _end_plain(session, out)
            if key in {str(q) for q in sm2.QUALITIES}:
                g = session.grade(int(key))
                note = {"repeat": " (step-7 repeat: interval unchanged)", "cram": " (cram review: schedule unchanged)"}.get(
                    g.kind, f" → next in {fmt_interval(g.after.interval)} ({g.due.isoformat()})")
                out(f"graded {key}{note}")
                break
            if key == "s":
                out(skip_text(session))
                break
            if key == "f":
                out(flag_text(session))
                continue
            if key == "!":
                out(suspend_text(session))
                break
            if key == "u":
                out(undo_text(session))
                break
            out(f"? {key!r}: type 0-5, s, f, !, u or q")
    return _end_plain(session, out)


def _shown(out: Callable[[str], None]) -> Callable[[str], None]:
    """``out`` for lines that hold card text: control characters as symbols."""
    return lambda line: out(visible(line))


def _end_plain(session: Session, out: Callable[[str], None]) -> Summary:
    summary = session.finish()
    for line in summary_lines(summary, session):
        out(line)
    return summary


# -- terminal mode ------------------------------------------------------------


_ESCAPE = re.compile(r"\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|)", re.S)


def split_keys(text: str) -> list[str]:
    """Keys typed ahead arrive in one read ("5 " or a paste): one item per key, an escape
    sequence (arrow, page up/down) kept whole."""
    keys, i = [], 0
    while i < len(text):
        m = _ESCAPE.match(text, i) if text[i] == "\x1b" else None
        end = m.end() if m else i + 1
        keys.append(text[i:end])
        i = end
    return keys


RESIZE = "resize"
"""What :func:`single_keys` reads when the terminal changed size (no key is more than one character or
an escape sequence, so no key reads as this)."""


@contextmanager
def single_keys(fd: int) -> Iterator[Callable[[], str]]:
    """Read one keypress at a time (cbreak: no echo, no Enter needed), or :data:`RESIZE` as soon as the
    terminal changes size (SIGWINCH), so the screen is drawn again at once; the terminal is restored on exit."""
    import select
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    pending: list[str] = []
    wake_r, wake_w = os.pipe()  # the SIGWINCH handler writes a byte: the select below wakes up
    os.set_blocking(wake_w, False)

    def on_term(signum, frame):  # so `kill` restores the terminal too
        raise SystemExit(128 + signum)

    def on_resize(signum, frame):
        try:
            os.write(wake_w, b"w")
        except BlockingIOError:  # the pipe is full of resizes not drawn yet: one more changes nothing
            pass

    def read_key() -> str:
        while not pending:
            ready = select.select([fd, wake_r], [], [])[0]
            if wake_r in ready:
                os.read(wake_r, 4096)
                return RESIZE
            data = os.read(fd, 64)
            if not data:
                return ""
            pending.extend(split_keys(data.decode("utf-8", "replace")))
        return pending.pop(0)

    old_handler = signal.signal(signal.SIGTERM, on_term)
    old_resize = signal.signal(signal.SIGWINCH, on_resize)
    tty.setcbreak(fd)
    try:
        yield read_key
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGTERM, old_handler)
        signal.signal(signal.SIGWINCH, old_resize)
        os.close(wake_r)
        os.close(wake_w)


_MARKUP = re.compile(r"[\\`*_~#|<>\[\]!&$]|^\s*(?:[-+>]|\d+[.)])(?:\s|$)|\n")


def is_plain(text: str) -> bool:
    """Whether Markdown would show ``text`` exactly as written: one paragraph, no markup at all."""
    return not _MARKUP.search(text.strip())


def markdown(text: str):
    """Markdown as rich renders it (code highlighted, tables drawn). Plain text skips the
    Markdown machinery, which is the slowest import of the review screen."""
    text = visible(text)
    if is_plain(text):
        from rich.text import Text

        return Text(text.strip())
    from rich.markdown import Markdown

    return Markdown(text, code_theme="monokai", hyperlinks=False)


def _warm_up() -> None:
    """Import the Markdown renderer while the user reads the first question."""
    try:
        import rich.markdown  # noqa: F401
        import rich.syntax  # noqa: F401
    except Exception:  # pragma: no cover - the real import reports it later
        pass


MORE_KEYS = (" ", "m", "j", "\x1b[b", "\x1b[6~", "\x1bob")
BACK_KEYS = ("b", "k", "\x1b[a", "\x1b[5~", "\x1boa")


class Screen:
    """One full-screen frame: header at the top, grade legend and keys at the bottom, always visible;
    between them the card, cut to the terminal's height and paged with m (more) and b (back). Once the
    answer is shown, a question of a few lines stays above the answer, which is paged; a longer question
    is paged with the answer as one text, so no line of either is out of reach."""

    def __init__(self, session: Session, console) -> None:
        self.session = session
        self.console = console
        self.page = 1  # lines per page of the paged part, as last drawn
        self.more = False  # whether the paged part has lines below the window

    def draw(self, cur: Current, revealed: bool, offset: int | None, message: str) -> int:
        """Draw the card; ``offset`` is the first line shown of the paged part (clamped and returned),
        None for where a card starts: the top of the question, or once revealed, the answer's start
        (:func:`answer_start`)."""
        from rich.rule import Rule
        from rich.segment import SegmentLines
        from rich.text import Text

        con = self.console
        width, height = con.size
        opts = con.options.update_width(width)

        def lines(renderable) -> list:
            return con.render_lines(renderable, opts, pad=False)

        c = cur.card
        counts = Text.assemble((f"{counts_label(self.session)}: ", "dim"), *self._counts(cur), " ")
        head = lines(Rule(counts, align="right", style="dim"))
        meta = Text(card_meta(cur), style="bold")
        if cur.flagged:
            meta.append(f"  {FLAG}", style="bold red")
        meta.append(f"  ({source_label(cur, self.session.today)})", style="dim")
        head += lines(meta)
        if c.topic:
            head += lines(Text(visible(c.topic), style="dim"))
        head.append([])
        question = lines(markdown(c.question))
        rule = [[], *lines(Rule(answer_title(cur), style="dim"))]
        if revealed:
            answer = lines(markdown(c.answer)) if c.has_answer else lines(Text(NO_ANSWER, style="italic yellow"))
            foot = [[], *lines(Text(legend_text(cur, width), style="bold")), *lines(Text(KEYS_ANSWER, style="dim"))]
        else:
            answer = []
            foot = [[], *lines(Text(KEYS_QUESTION, style="dim"))]
        if message:
            foot += lines(Text(message, style="cyan"))
        room = max(2, height - 1 - len(head) - len(foot))  # one row spare: the last newline never scrolls
        if not revealed:
            window, offset = self._window(question, room, offset or 0, revealed)
        elif len(question) <= max(3, room // 3):  # a short question stays in sight, the answer is paged below it
            window, offset = self._window(answer, max(2, room - len(question) - len(rule)), offset or 0, revealed)
            window = question + rule + window
        else:  # a longer one is paged with the answer, as one text: none of its lines is out of reach
            body = question + rule + answer
            start = answer_start(len(question), len(body), room - 1) if offset is None else offset
            window, offset = self._window(body, room, start, revealed)
        con.clear()
        con.print(SegmentLines(head + window + foot, new_lines=True), end="")
        return offset

    def _counts(self, cur: Current) -> list:
        """``new 20 · due 3 · again 1`` in Anki's colours, the list of the card on screen underlined."""
        colour = {"new": "blue", "due": "green", "repeats": "red", "ahead": "cyan", "cram": "magenta"}
        parts: list = []
        for name, word, n in shown_counts(self.session):
            if parts:
                parts.append(" · ")
            style = colour[name] + (" bold underline" if name == cur.source else "")
            parts.append((f"{word} {n}", style))
        return parts

    def _window(self, body: list, room: int, offset: int, revealed: bool) -> tuple[list, int]:
        """``room`` lines of ``body`` from ``offset``, the last one a pager line when it does not fit."""
        from rich.text import Text

        if len(body) <= room:
            self.more = False
            return body, 0
        page = room - 1
        offset = max(0, min(offset, len(body) - page))
        below = len(body) - offset - page
        self.page, self.more = page, below > 0
        back = " · b back" if offset else ""
        if below > 0:
            note = f"… {plural(below, 'more line')} below · {KEYS_MORE_ANSWER if revealed else KEYS_MORE}{back} · p pager"
        else:
            note = f"end of the {'answer' if revealed else 'question'} (lines {offset + 1}-{len(body)} of {len(body)}){back}"
        pager = self.console.render_lines(Text(note, style="reverse"), self.console.options, pad=False)[:1]
        return body[offset: offset + page] + pager, offset


def answer_start(question: int, total: int, page: int) -> int:
    """Where a revealed card's window starts (``total`` lines: the question's, then the answer's with its
    rule). A question that takes at most two thirds of the window stays whole, the answer below it; a longer
    one shows its last lines in half the window, the answer's start in the other half."""
    answer = total - question
    wanted = min(answer, page - question if question <= page * 2 // 3 else max(page // 2, page - question))
    return max(0, question + wanted - page)


def answer_title(cur: Current) -> str:
    """The rule above the answer: whose answer it is when it is not the source's."""
    return "your answer (srs edit)" if cur.answer_from == "user" else "answer"


def page_card(console, cur: Current, revealed: bool) -> str:
    """Show the whole card (the answer too once revealed) in ``$PAGER`` (else ``less -R``);
    returns a message for the screen."""
    import io
    import shlex
    import shutil
    import subprocess

    from rich.console import Console
    from rich.rule import Rule
    from rich.text import Text

    command = os.environ.get("PAGER") or ("less -R" if shutil.which("less") else "")
    if not command:
        return "no pager found: set PAGER (e.g. less -R)"
    buf = Console(file=io.StringIO(), width=console.size.width, force_terminal=console.is_terminal,
                  color_system=console.color_system, highlight=False)
    c = cur.card
    buf.print(Text(card_meta(cur), style="bold"))
    if c.topic:
        buf.print(Text(visible(c.topic), style="dim"))
    buf.print()
    buf.print(markdown(c.question))
    if revealed:
        buf.print()
        buf.print(Rule(answer_title(cur), style="dim"))
        buf.print(markdown(c.answer) if c.has_answer else Text(NO_ANSWER, style="italic yellow"))
    console.clear()  # a blank screen with the cursor at the top: a pager that does not clear the screen
    # itself (less without -c) writes from the cursor, and a short card would sit at the bottom of the screen
    try:
        subprocess.run(shlex.split(command), input=buf.file.getvalue(), text=True, check=False)
    except OSError as exc:
        return f"cannot run the pager {command!r}: {exc.strerror}"
    return ""


def run_terminal(session: Session, console) -> Summary:
    """The interactive screen: header, question, reveal, grade keys with intervals, undo/skip/quit."""
    from rich.text import Text

    if session.current() is None:
        for line in nothing_due_lines(session):
            console.print(Text(visible(line)))  # the filters may hold [markup] or control characters
        return session.summary

    screen = Screen(session, console)
    message = ""
    warm = None
    fd = sys.stdin.fileno()
    with single_keys(fd) as read_key:
        try:
            while (cur := session.current()) is not None:
                revealed, shown = False, message  # shown: the message on screen, drawn again after a resize
                offset = screen.draw(cur, revealed, None, shown)
                paged = False  # whether the user paged since the card or its answer was shown
                if warm is None:
                    warm = threading.Thread(target=_warm_up, name="srs-warm-up")
                    warm.start()
                message = ""
                while True:
                    key = read_key()
                    if key == "":
                        raise EOFError
                    k = key.lower()
                    if k in ("q", "\x04", "\x1b"):
                        raise EOFError
                    if k == RESIZE:  # the same lines at the top, or where a card starts if the user did not page
                        offset = screen.draw(cur, revealed, offset if paged else None, shown)
                    elif k in (" ", "\r", "\n") and not revealed:
                        revealed, shown, paged = True, "", False
                        offset = screen.draw(cur, revealed, None, shown)
                    elif k in MORE_KEYS or k in BACK_KEYS:
                        if k in MORE_KEYS and not screen.more:
                            continue
                        step = screen.page if k in MORE_KEYS else -screen.page
                        offset, paged = screen.draw(cur, revealed, offset + step, shown), True
                    elif k in "012345" and len(k) == 1:
                        if not revealed:
                            shown = "show the answer first (space), then grade"
                            screen.draw(cur, revealed, offset, shown)
                            continue
                        message = graded_text(session.grade(int(k)), k)
                        break
                    elif k == "p":
                        shown = page_card(console, cur, revealed)
                        offset = screen.draw(cur, revealed, offset, shown)
                    elif k == "s":
                        message = skip_text(session)
                        break
                    elif k == "f":
                        shown = flag_text(session)
                        cur = session.current()
                        offset = screen.draw(cur, revealed, offset, shown)
                    elif k == "!":
                        message = suspend_text(session)
                        break
                    elif k == "u":
                        message = undo_text(session)
                        break
        except (EOFError, KeyboardInterrupt):
            pass
    console.clear()
    summary = session.finish()
    console.print("[bold]Cram over[/bold] — every grade is logged; no schedule changed." if session.mode == "cram"
                  else "[bold]Session over[/bold] — every grade is saved.")
    for line in summary_lines(summary, session):
        console.print(Text(visible(line)))
    return summary
