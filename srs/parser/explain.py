"""``srs import --explain``: which lines became cards and which question-looking lines were
skipped, and why (the smallest region the extractor recorded around the line)."""

from __future__ import annotations

import re

from srs.parser import Decision
from srs.parser.labels import parse_label
from srs.parser.structure import LIST_MARKER, Region
from srs.parser.text import clean_question


class Explainer:
    # --------------------------------------------------------------- explain
    def explain(self) -> list[Decision]:
        out: list[Decision] = []
        for c in self.cards:
            out.append(Decision(c.line, "card", c.question.split("\n")[0][:100], _card_reason(c)))
        in_fence = False
        for idx, raw in enumerate(self.lines):
            line = idx + 1
            if line in self.card_lines:
                continue
            stripped = raw.strip()
            if stripped.startswith(("```", "~~~")):
                in_fence = not in_fence
            text = LIST_MARKER.sub("", stripped)
            text = re.sub(r"^#+\s*", "", text)
            text = self.vocab.strip_source_links(text)
            if text.startswith("|"):  # a table row: its longest cell
                text = max(text.strip("|").split("|"), key=len).strip()
            lab = parse_label(text, self.vocab)
            if lab is not None and lab.rest:
                text = lab.rest
            plain = clean_question(text)
            # a question of any script, or a task ("Explain …", "Design …"): every such line is accounted for
            if len(plain) < 8 or not (self.vocab.ends_as_question(plain) or self.vocab.question_strength(plain) == 2):
                continue
            reason = self._reason(idx)
            out.append(Decision(line, "skipped", plain[:100], reason))
        out.sort(key=lambda d: (d.line, d.kind))
        return out

    def _reason(self, idx: int) -> str:
        best: Region | None = None
        for r in self.regions:
            if r.start <= idx < r.end and (best is None or (r.end - r.start) < (best.end - best.start)):
                best = r
        if best is not None:
            return best.reason
        return "not in a question list, a Q/A block or a question heading"


def _card_reason(card) -> str:
    """The card's shape, then its level, difficulty and domain with where each came from."""
    parts = [card.how or card.shape]
    for field in ("level", "difficulty", "domain"):
        value = getattr(card, field)
        if value:
            why = card.why.get(field)
            parts.append(f"{field} {value}" + (f" ({why})" if why else ""))
    return "; ".join(p for p in parts if p)
