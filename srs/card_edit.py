"""``srs edit``: one card's question and answer through the user's editor into the user overlay.

The editor gets a Markdown file with the question under ``%% ---- question ----`` and the answer under
``%% ---- answer ----``; other lines starting with ``%%`` are notes and dropped. What comes back is kept in
the user overlay (:mod:`srs.overlay`) where it differs from the text below it (the source, or a
shipped answer); text set back to that is taken out of the overlay again. An editor that fails, an
empty file or an unsaved one changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Literal

from srs.clock import iso_utc
from srs.errors import SrsError
from srs.overlay import Overlay, write_user_edit

NOTE = "%%"
_MARK = re.compile(r"^%%\s*-+\s*(question|answer)\b.*$")
Outcome = Literal["saved", "unchanged", "empty"]


def _norm(text: str) -> str:
    """Text as the editor file holds it: no blank lines around it, no trailing spaces at its end."""
    return text.strip("\n").rstrip()


def editor_text(card, overlay: Overlay, meta: str) -> str:
    """The file the editor opens for ``card``."""
    text = overlay.text(card)
    source = overlay.text(card, below="user")
    answer_note = ""
    if text.answer_from == "user":
        answer_note = " (yours: set it back to the source's text to drop it)"
    elif not source.has_answer:
        answer_note = " (the source gives none: write yours)"
    lines = [
        f"{NOTE} srs edit {card.id} · {meta}",
        f"{NOTE} Markdown below. Lines starting with {NOTE} are ignored. Save and quit to keep your text;",
        f"{NOTE} an empty file, quitting without saving or with an error (vim: :cq) changes nothing.",
        f"{NOTE} ---- question ----",
        _norm(text.question),
        f"{NOTE} ---- answer ----{answer_note}",
    ]
    if text.answer.strip():
        lines.append(_norm(text.answer))
    return "\n".join(lines) + "\n"


def parse_edited(text: str) -> tuple[str, str] | None:
    """``(question, answer)`` from the edited file; None when nothing but notes and blank lines is left.
    Raises :class:`SrsError` when a marker is missing or the question is empty."""
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    content = False
    for line in text.splitlines():
        mark = _MARK.match(line)
        if mark:
            current = parts.setdefault(mark.group(1), [])
            continue
        if line.startswith(NOTE):
            continue
        content = content or bool(line.strip())
        if current is not None:
            current.append(line)
    if not content:
        return None
    for name in ("question", "answer"):
        if name not in parts:
            raise SrsError(f"the line '{NOTE} ---- {name} ----' is missing from the edited text: nothing changed")
    question = _norm("\n".join(parts["question"]))
    if not question.strip():
        raise SrsError("the question is empty: nothing changed")
    return question, _norm("\n".join(parts["answer"]))


@dataclass(frozen=True)
class Result:
    card_id: str
    outcome: Outcome
    fields: tuple[str, ...] = ()
    """The fields the user's overlay now holds for the card (after "saved")."""


def edit_card(card, overlay: Overlay, meta: str, editor: Callable[[str], str | None], at: datetime) -> Result:
    """Open ``card`` in ``editor`` (text in, edited text out, None when not saved; it raises when it fails)
    and keep what changed in the user overlay."""
    edited = editor(editor_text(card, overlay, meta))
    if edited is None:
        return Result(card.id, "unchanged")
    parsed = parse_edited(edited)
    if parsed is None:
        return Result(card.id, "empty")
    question, answer = parsed
    below = overlay.text(card, below="user")
    mine = overlay.text(card)
    new_q = None if question == _norm(below.question) else question
    new_a = None if answer == _norm(below.answer) else answer
    old_q = _norm(mine.question) if mine.question_from == "user" else None
    old_a = _norm(mine.answer) if mine.answer_from == "user" else None
    if (new_q, new_a) == (old_q, old_a):
        return Result(card.id, "unchanged")
    write_user_edit(card.id, new_q, new_a, iso_utc(at))
    return Result(card.id, "saved", tuple(name for name, v in (("question", new_q), ("answer", new_a)) if v is not None))
