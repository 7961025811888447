"""``srs show``: one card's whole record (text, marks, SM-2 state, review history) gathered and laid out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from srs import clock
from srs.overlay import CardText, Overlay
from srs.store import CardRow, CardState, Store

ORIGIN_NOTE = {"user": "yours, srs edit", "decks": "from the decks' overlay", "source": ""}


@dataclass(frozen=True)
class CardRecord:
    card: CardRow
    text: CardText
    present: bool
    state: CardState | None
    suspended: str | None = None
    flagged: str | None = None
    history: list[tuple] = field(default_factory=list)
    """(UTC time, study day, kind, grade or None, after: interval, due) oldest first; resets as kind ``reset``."""


def load_record(store: Store, overlay: Overlay, card: CardRow) -> CardRecord:
    log = [((r["reviewed_at"], 0, r["id"]), (r["reviewed_at"], r["day"], r["kind"], r["quality"], r["interval_after"],
                                               r["due_after"])) for r in store.review_log(card.id)]
    resets = [((r["reset_at"], 1, r["id"]), (r["reset_at"], r["day"], "reset", None, None, None))
              for r in store.resets(card.id)]
    history = [row for _, row in sorted(log + resets, key=lambda pair: pair[0])]  # log order within one instant
    return CardRecord(card, overlay.text(card), store.is_present(card.id), store.state(card.id),
                      store.suspended().get(card.id), store.flagged().get(card.id), history)


def state_line(record: CardRecord, today: date, day_start_hour: int = clock.DAY_START_HOUR) -> str:
    """``reps 3 · EF 2.36 · interval 15d · due in 5 days (…) · lapses 1 · last review …``, or new."""
    st = record.state
    if st is None:
        reviewed = any(kind in ("new", "review") for _, _, kind, *_ in record.history)
        return "new: never reviewed" + (" since its reset" if reviewed else "")
    last = clock.study_day(datetime.fromisoformat(st.last_review), day_start_hour).isoformat()
    return (f"reps {st.sm2.reps} · EF {st.sm2.ef / 100:.2f} · interval {st.sm2.interval}d"
            f" · due {clock.describe_day(st.due, today) if st.due > today else f'{st.due.isoformat()} (due now)'}"
            f" · lapses {st.sm2.lapses} · last review {last}")


def marks(record: CardRecord) -> list[str]:
    """Suspended, flagged, no longer in the decks, with since when."""
    out = []
    if record.suspended:
        out.append(f"suspended since {record.suspended[:10]} (srs unsuspend {record.card.id})")
    if record.flagged:
        out.append(f"flagged since {record.flagged[:10]}")
    if not record.present:
        out.append("no longer in the decks (its history is kept)")
    return out


def history_rows(record: CardRecord) -> list[tuple[str, str, str, str, str]]:
    """(study day, kind, grade, interval after, due after) per log row."""
    rows = []
    for _, day, kind, quality, interval, due in record.history:
        if kind == "reset":
            rows.append((day, "reset", "", "", "back to new"))
        elif kind in ("repeat", "cram"):
            rows.append((day, kind, str(quality), "", "unchanged"))
        else:
            rows.append((day, kind, str(quality), f"{interval}d", due or ""))
    return rows
