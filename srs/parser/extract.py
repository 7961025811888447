"""The extractor: walks the block tree of one document and builds cards.

It recognises, without per-document switches:

* labelled Q/A blocks (``**Question:**`` / ``**Answer:**``, ``**Q:**`` / ``**A:**``, ``Q:`` / ``A:``),
  whose answers run to the next heading, ``---`` or question label and keep
  their lists, tables and code;
* scenario sections (a ``**Context**:`` paragraph, sub-questions, one sample
  answer) as one card, and prompt sections (a heading, requirements, an
  answer-labelled solution such as ``**Solution Architecture**:``) as one card;
* question headings (``## 12. What is …?``) with the section body as answer;
* lists introduced as questions by a bold label (``**Key Questions:**``) or a
  heading (``## Sample Questions``), with inline difficulty markers;
* bold-paragraph questions, ``<details><summary>`` answers, question tables.

Level, difficulty and domain come from the document (see :mod:`srs.parser.classify`).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from srs.parser import Decision, ParsedCard, ParsedDocument
from srs.parser.blocks import Block, parse_blocks
from srs.parser.classify import Classifier
from srs.parser.labels import Label, _head, bold_line, parse_label, parse_metadata
from srs.parser.text import clean_heading, clean_question, looks_like_question, repair_mojibake, strip_emoji, strip_markup
from srs.parser.vocab import Vocabulary

_NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*)?#?\d+[a-z]?\s*[.):\-–]\s*", re.IGNORECASE)
_CHECKBOX = re.compile(r"^\[[ xX]\]\s")
_SUMMARY = re.compile(r"<summary>(?P<s>.*?)</summary>", re.IGNORECASE | re.DOTALL)
_DETAILS_END = re.compile(r"</details>", re.IGNORECASE)
_TAG = re.compile(r"</?(details|summary)[^>]*>", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_NUMBERED_LEAD = re.compile(r"^\s*(?:\*\*|__)\s*(?:q(?:uestion)?\s*)?#?\d+[a-z]?\s*[.)]")
_BOLD_PREFIX = re.compile(r"^\s*(\*\*|__).*?\1[.:]?")
_EXHIBITS = ("fence", "code", "table", "bullet_list", "ordered_list")
_SPACER = re.compile(r"^\s*(?:<br\s*/?>|<p>\s*</p>|&nbsp;)\s*$", re.IGNORECASE)
# "**What is X?** (easy)": a bold question with a short trailer (a marker, not a sentence)
_BOLD_LEAD = re.compile(r"^\s*(\*\*|__)(?P<body>[^*_]+?\?)\1\s*(?P<rest>\S.{0,24})$")


@dataclass
class Heading:
    level: int
    title: str  # cleaned
    line: int  # 1-based
    tier: str | None  # level named by this heading


@dataclass
class Seg:
    """A piece of a section: a block, or part of a paragraph that starts with a label."""

    kind: str
    start: int  # 0-based
    end: int
    label: Label | None = None
    text: str = ""
    block: Block | None = None


@dataclass
class Region:
    start: int  # 0-based
    end: int
    reason: str


@dataclass
class _Section:
    difficulty: str | None = None
    tags: list[str] = field(default_factory=list)
    cards: list[ParsedCard] = field(default_factory=list)


class Extractor:
    def __init__(self, text: str, vocab: Vocabulary):
        self.vocab = vocab
        self.text = repair_mojibake(text.replace("\r\n", "\n").replace("\r", "\n"))
        self.text, self.front_title = front_matter(self.text)
        self.lines = self.text.split("\n")
        self.blocks = parse_blocks(self.text)
        self.cls = Classifier(vocab, self.text)
        self.cards: list[ParsedCard] = []
        self.card_lines: dict[int, ParsedCard] = {}
        self.regions: list[Region] = []
        self.stack: list[Heading] = []
        self.numbered_question_levels: set[int] = set()
        self.title: str | None = self.front_title
        self.doc_level: str | None = None

    # ------------------------------------------------------------------ utils
    def src(self, start: int, end: int, first_rest: str | None = None) -> str:
        """Source lines [start, end) as Markdown: dedented, blank edges trimmed.

        ``first_rest`` replaces the first line (the text after a label).
        """
        lines = self.lines[start:end]
        if first_rest is not None and lines:
            lines = [first_rest, *lines[1:]]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            return ""
        head, rest = lines[0], textwrap.dedent("\n".join(lines[1:])) if len(lines) > 1 else ""
        if first_rest is None:
            return textwrap.dedent("\n".join(lines)).strip("\n")
        return (head.strip() + ("\n" + rest if rest else "")).strip("\n")

    def topic(self) -> str:
        return " > ".join(h.title for h in self.stack if h.title)

    def region(self, start: int, end: int, reason: str) -> None:
        if end > start:
            self.regions.append(Region(start, end, reason))

    def add_card(self, question: str, answer: str, line: int, sec: _Section, *, difficulty: str | None = None,
                 tags: list[str] | None = None, label_domain: str | None = None, how: str = "",
                 own_heading: bool = False) -> ParsedCard | None:
        """Make a card where the parser stands. ``own_heading``: the innermost heading is the question
        itself, so it is not part of the card's topic (nor evidence for its domain)."""
        question = self.vocab.source_link_re.sub("", question).strip()
        if not strip_markup(question).strip():
            return None
        level = next((h.tier for h in reversed(self.stack) if h.tier), None) or self.doc_level
        path = self.stack[:-1] if own_heading else self.stack
        card = ParsedCard(
            question=question,
            answer=self.clean_answer(answer),
            level=level,
            difficulty=difficulty,
            domain=None,
            topic=" > ".join(h.title for h in path if h.title),
            tags=list(tags or []),
            line=line,
        )
        card.domain = self.cls.domain(card, [h.title for h in path], label_domain)
        self.cards.append(card)
        self.card_lines.setdefault(line, card)
        sec.cards.append(card)
        card._how = how  # type: ignore[attr-defined]
        return card

    def clean_answer(self, answer: str) -> str:
        """Trim spacer lines (``<br/>``) from the edges; a placeholder ("Answer here") is no answer."""
        lines = answer.strip("\n").split("\n")
        while lines and (not lines[-1].strip() or _SPACER.match(lines[-1])):
            lines.pop()
        while lines and (not lines[0].strip() or _SPACER.match(lines[0])):
            lines.pop(0)
        text = "\n".join(lines)
        if len(text) < 60 and strip_markup(text).strip().rstrip(".!").casefold() in self.vocab.answer_placeholders:
            return ""
        return text

    # -------------------------------------------------------------- segments
    def segments(self, blocks: list[Block]) -> list[Seg]:
        out: list[Seg] = []
        for b in blocks:
            if b.kind != "paragraph":
                out.append(Seg(b.kind, b.start, b.end, block=b))
                continue
            raw = self.lines[b.start : b.end]
            cut = [0]
            labels: dict[int, Label] = {}
            for k, line in enumerate(raw):
                lab = parse_label(line, self.vocab)
                if lab is not None:
                    labels[k] = lab
                    if k:
                        cut.append(k)
            cut.append(len(raw))
            for a, z in zip(cut, cut[1:]):
                if z > a:
                    lab = labels.get(a)
                    out.append(Seg("paragraph", b.start + a, b.start + z, label=lab,
                                   text="\n".join(raw[a:z]), block=b))
        return out

    # -------------------------------------------------------------- document
    def run(self) -> ParsedDocument:
        blocks = self.blocks
        first_heading = next((b for b in blocks if b.kind == "heading"), None)
        title_block = None
        if first_heading is not None and first_heading.level == 1 and self.heading_title(first_heading.text):
            self.title = self.heading_title(first_heading.text)
            title_block = first_heading
        self.doc_level = self.cls.title_level(self.title or "")
        headings = [b for b in blocks if b.kind == "heading" and b is not first_heading]
        self.cls.collect_tiers([self.heading_title(h.text) for h in headings])
        self.numbered_question_levels = self._numbered_question_levels(headings)

        i = 0
        n = len(blocks)
        while i < n:
            b = blocks[i]
            if b.kind != "heading":
                j = self._next_heading(i)
                self.section(blocks[i:j], None)
                i = j
                continue
            j = self._next_heading(i + 1)
            if b is title_block:
                self.section(blocks[i + 1 : j], None)
                i = j
                continue
            title = self.heading_title(b.text)
            if (self.cls.is_prose(title) or _link_notice(b.text)) and not self.numbered_question(title, b.level):
                self.section(blocks[i + 1 : j], None)
                i = j
                continue
            while self.stack and self.stack[-1].level >= b.level:
                self.stack.pop()
            self.stack.append(Heading(b.level, title, b.line, self.cls.heading_tier(title)))
            i = self.heading_section(i, j)
        self.cards.sort(key=lambda c: c.line)
        self._domains_from_siblings()
        return ParsedDocument(self.title, self.cards, self.explain)

    def _domains_from_siblings(self) -> None:
        """A card whose question and headings name no domain takes the domain most of its section's
        cards have (at least two of them, and more than any other); failing that, what its answer's
        words vote for."""
        by_topic: dict[str, list[ParsedCard]] = {}
        for c in self.cards:
            if c.topic:
                by_topic.setdefault(c.topic, []).append(c)
        for cards in by_topic.values():
            votes: dict[str, int] = {}
            for c in cards:
                if c.domain:
                    votes[c.domain] = votes.get(c.domain, 0) + 1
            if not votes:
                continue
            ranked = sorted(votes.items(), key=lambda kv: -kv[1])
            best, n = ranked[0]
            if n >= 2 and (len(ranked) == 1 or n > ranked[1][1]):
                for c in cards:
                    if c.domain is None:
                        c.domain = best
        for c in self.cards:
            if c.domain is None:
                c.domain = self.cls.answer_domain(c)

    def _next_heading(self, i: int) -> int:
        n = len(self.blocks)
        while i < n and self.blocks[i].kind != "heading":
            i += 1
        return i

    def heading_section(self, i: int, j: int) -> int:
        """Handle the heading at ``i`` whose direct section is blocks (i, j). Returns the next index."""
        head_block = self.blocks[i]
        body = self.blocks[i + 1 : j]
        segs = self.segments(body)
        kinds = {s.label.kind for s in segs if s.label}
        title = self.stack[-1].title
        excluded = self.excluded_context()
        question_title = _NUMBERING.sub("", title).strip()
        numbered = question_title != title
        if "question" not in kinds and "context" not in kinds and excluded is None:
            qlike = self.question_heading(title, head_block.level)
            if qlike:
                return self.heading_card(i, question_title)
            if "answer" in kinds and self._answer_after_prompt(segs):
                sec = _Section()
                self.prompt_card(segs, sec, head_block)
                self.finish_section(sec)
                return j
        self.section(body, segs)
        return j

    def _answer_after_prompt(self, segs: list[Seg]) -> bool:
        """An answer label that follows some prompt material (not a stray answer at the top)."""
        for k, s in enumerate(segs):
            if s.label and s.label.kind == "answer":
                return k > 0
        return False

    def heading_title(self, text: str) -> str:
        """A heading's text for topics and questions: no source links (``[[src](…)]``), emoji or markup."""
        return clean_heading(self.vocab.source_link_re.sub("", text))

    def question_heading(self, title: str, level: int = 0) -> bool:
        """``## 12. What is …?`` or, where the document is about questions, ``#### 3) Explain …``;
        or any numbered heading at a level where the document numbers its questions."""
        q = _NUMBERING.sub("", title).strip()
        if q.endswith("?"):
            return True
        numbered = q != title
        if numbered and self.numbered_question(title, level):
            return True
        return bool(numbered and self.vocab.question_start_re.match(q)
                    and (self.in_question_context() or self.cls.names_questions(self.title or "")))

    def numbered_question(self, title: str, level: int) -> bool:
        return level in self.numbered_question_levels and _NUMBERING.match(title) is not None

    def _numbered_question_levels(self, headings: list[Block]) -> set[int]:
        """Heading levels whose numbered headings are mostly questions ("#### 18) Reverse a bitstring."
        among "#### 17) What is …?"): there, every numbered heading is a question."""
        counts: dict[int, list[int]] = {}
        for h in headings:
            title = self.heading_title(h.text)
            q = _NUMBERING.sub("", title).strip()
            if q == title or not q:
                continue
            c = counts.setdefault(h.level, [0, 0])
            c[0] += 1
            c[1] += q.endswith("?") or bool(self.vocab.question_start_re.match(q))
        return {lv for lv, (n, qs) in counts.items() if qs >= 3 and qs >= 0.6 * n}

    def heading_card(self, i: int, question: str) -> int:
        """A heading that is itself the question; the body up to the next same-or-higher heading
        (or the next question heading) is the answer."""
        h = self.blocks[i]
        k = i + 1
        n = len(self.blocks)
        while k < n:
            b = self.blocks[k]
            if b.kind == "hr" or (b.kind == "heading" and (b.level <= h.level or self.question_heading(self.heading_title(b.text), b.level))):
                break
            k += 1
        end = self.blocks[k - 1].end if k > i + 1 else h.end
        start = h.end
        question, diff, tags = self.cls.inline_difficulty(question)
        question = clean_question(question)
        first = self.blocks[i + 1] if k > i + 2 else None  # a body with more than the exhibit
        if first is not None and first.kind in _EXHIBITS and self._points_ahead(question):
            # "… why would the following split be wrong" + the code it means: that code is the question's
            question = question + "\n\n" + self.src(first.start, first.end)
            start = first.end
        answer = self._strip_details(self.src(start, end))
        sec = _Section()
        self.add_card(question, answer, h.line, sec, difficulty=diff, tags=tags, how="question heading",
                      own_heading=True)
        self.region(h.end, end, f"answer of the card at line {h.line}")
        return k

    def _points_ahead(self, question: str) -> bool:
        """A question that introduces what follows ("…:", "the following …")."""
        q = question.rstrip()
        return q.endswith(":") or bool(self.vocab.points_ahead_re.search(q.casefold()))

    def _strip_details(self, text: str) -> str:
        if "<summary" not in text.lower():
            return text
        text = _SUMMARY.sub("", text)
        text = _TAG.sub("", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    # --------------------------------------------------------------- context
    def excluded_context(self) -> str | None:
        """Why the current headings rule out cards (``Questions to Ask``…), else None."""
        for h in reversed(self.stack):
            reason = self.cls.exclusion(h.title)
            if reason:
                return f"under '{h.title}': {reason}"
        return None

    def in_question_context(self) -> bool:
        """Some heading above names questions ("Sample Questions") or a tier ("Intermediate")."""
        return any(self.cls.names_questions(h.title) or h.tier for h in self.stack)

    # --------------------------------------------------------------- section
    def section(self, body: list[Block], segs: list[Seg] | None) -> None:
        segs = self.segments(body) if segs is None else segs
        sec = _Section()
        pending: Seg | None = None  # the label paragraph right before a list
        k = 0
        while k < len(segs):
            s = segs[k]
            lab = s.label
            if s.kind == "fence" or s.kind == "code":
                self.region(s.start, s.end, "inside a code block")
            if lab and lab.kind == "meta":
                meta = parse_metadata(lab.name, self.vocab)
                if meta:
                    sec.difficulty = meta[0] or sec.difficulty
                    sec.tags.extend(t for t in meta[1] if t not in sec.tags)
                k += 1
                continue
            if lab and lab.kind == "question" and self.excluded_context() is None:
                k = self.labelled_card(segs, k, sec)
                pending = None
                continue
            if lab and lab.kind == "context" and self.excluded_context() is None:
                k = self.prompt_card(segs[k:], sec, None) + k
                pending = None
                continue
            if lab and lab.kind == "answer" and sec.cards and not sec.cards[-1].answer:
                end = self._answer_end(segs, k + 1)
                sec.cards[-1].answer = self._seg_text(segs, k, end)
                self.region(s.start, segs[end - 1].end, f"answer of the card at line {sec.cards[-1].line}")
                k = end
                continue
            if s.kind == "paragraph" and lab is None and pending is None:
                bq = self.bold_question(s)
                if bq and self.excluded_context() is None:
                    k = self.bold_card(segs, k, bq, sec)
                    continue
                if self.numbered_lead(s) and self.excluded_context() is None and (
                        self.in_question_context() or self.cls.names_questions(self.title or "")):
                    k = self.numbered_lead_card(segs, k, sec)
                    continue
            if s.kind in ("bullet_list", "ordered_list"):
                revealed = k + 1 < len(segs) and self._is_reveal(segs[k + 1])
                before = len(sec.cards)
                self.list_cards(s.block, pending, sec, revealed)
                pending = None
                k += 1
                if len(sec.cards) == before + 1 and len(s.block.children) == 1 and not sec.cards[-1].answer:
                    k = self._answer_after_single_item(segs, k, sec.cards[-1])
                continue
            if s.kind == "table":
                self.table_cards(s.block, sec)
            if s.kind == "html" and s.block is not None and "<summary" in s.block.text.lower():
                k = self.details_card(segs, k, sec)
                continue
            pending = s if (s.kind == "paragraph" and lab is not None and not lab.rest) else None
            k += 1
        self._shared_setup(segs, sec)
        self.finish_section(sec)

    def _shared_setup(self, segs: list[Seg], sec: _Section) -> None:
        """Numbered tasks after a setup that introduces them ("Suppose we have the following schema …
        Write SQL queries to extract the following information:"): each task gets the setup, so
        every card can be answered on its own."""
        tasks = [c for c in sec.cards if getattr(c, "_how", "") == "numbered task paragraph"]
        if len(tasks) < 2 or len(tasks) != len(sec.cards):
            return
        first = min(c.line for c in tasks) - 1
        setup = [s for s in segs if s.end <= first and s.kind != "hr"]
        if len(setup) < 2 or setup[-1].kind != "paragraph" or not self.lines[setup[-1].end - 1].rstrip().endswith(":"):
            return
        text = self.src(setup[0].start, setup[-1].end)
        self.region(setup[0].start, setup[-1].end, "setup shared by the numbered tasks after it")
        for c in tasks:
            c.question = text + "\n\n" + c.question

    def finish_section(self, sec: _Section) -> None:
        for c in sec.cards:
            if c.difficulty is None and sec.difficulty:
                c.difficulty = sec.difficulty
            for t in sec.tags:
                if t not in c.tags:
                    c.tags.append(t)

    def _seg_text(self, segs: list[Seg], a: int, z: int) -> str:
        """Markdown of segments [a, z), the first without its label."""
        if a >= z:
            return ""
        first = segs[a]
        rest = first.label.rest if first.label else None
        return self.src(first.start, segs[z - 1].end, rest)

    def _answer_end(self, segs: list[Seg], k: int) -> int:
        """Where an answer starting at segment k-1 ends: ``---``, or the next question/context label
        (a weak one such as ``**Problem**:`` continuing the answer's own paragraph does not end it)."""
        answer_block = segs[k - 1].block if k > 0 else None
        while k < len(segs):
            s = segs[k]
            if s.kind == "hr":
                break
            if s.label and s.label.kind in ("question", "context"):
                strong = _head(s.label.name) in ("q", "question")
                if strong or s.block is not answer_block:
                    break
            if s.kind == "paragraph" and s.label is None and self.bold_question(s) and self._is_bold_series(segs, k):
                break
            k += 1
        return k

    def _is_bold_series(self, segs: list[Seg], k: int) -> bool:
        return False

    # ---------------------------------------------------------- card shapes
    def labelled_card(self, segs: list[Seg], k: int, sec: _Section) -> int:
        """``**Question:** …`` then ``**Answer:** …``."""
        qseg = segs[k]
        q_end = k + 1
        while q_end < len(segs) and segs[q_end].label is None and segs[q_end].kind not in ("hr",):
            q_end += 1
        unlabelled_answer = None
        if not (q_end < len(segs) and segs[q_end].label and segs[q_end].label.kind == "answer"):
            # "**Q:** What is X?" then the answer with no label, up to "---": the question is the
            # label's paragraph (and a list it introduces with ":"), the rest is the answer
            qa = k + 1 if qseg.label and qseg.label.rest else k + 2
            while qa < q_end and segs[qa].kind in ("bullet_list", "ordered_list") and \
                    self.lines[segs[qa - 1].end - 1].rstrip().endswith(":"):
                qa += 1
            if qa < q_end:
                unlabelled_answer = (qa, q_end)
                q_end = qa
        qtext = self._seg_text(segs, k, q_end)
        if not qtext:
            return k + 1
        if qseg.label and qseg.label.rest:
            line = qseg.start + 1
        elif qseg.end > qseg.start + 1:
            line = qseg.start + 2
        else:
            line = segs[k + 1].start + 1
        answer = ""
        nxt = q_end
        if q_end < len(segs) and segs[q_end].label and segs[q_end].label.kind == "answer":
            a_end = self._answer_end(segs, q_end + 1)
            if not segs[q_end].label.bold:  # plain "A: ..." ends with its paragraph (and code right after it)
                a_end = q_end + 1
                while a_end < len(segs) and segs[a_end].kind in ("fence", "code", "table"):
                    a_end += 1
            answer = self._seg_text(segs, q_end, a_end)
            self.region(segs[q_end].start, segs[a_end - 1].end, f"answer of the card at line {line}")
            nxt = a_end
        if unlabelled_answer is not None:
            a0, a1 = unlabelled_answer
            answer = self.src(segs[a0].start, segs[a1 - 1].end)
            self.region(segs[a0].start, segs[a1 - 1].end, f"answer of the card at line {line}")
            nxt = a1
        question, diff, tags = self.cls.inline_difficulty(qtext)
        self.add_card(clean_question(question) if "\n" not in question.strip() else question.strip(), answer, line, sec,
                      difficulty=diff, tags=tags, how=f"'{qseg.label.name}' label" if qseg.label else "label")
        self.region(qseg.start, segs[q_end - 1].end, f"question of the card at line {line}")
        return nxt

    def prompt_card(self, segs: list[Seg], sec: _Section, heading: Block | None) -> int:
        """A scenario (``**Context**:`` + sub-questions + sample answer) or a prompt section
        (heading + requirements + answer-labelled solution) as one card. Returns segments used."""
        a = next((k for k, s in enumerate(segs) if s.label and s.label.kind == "answer"), None)
        front_end = a if a is not None else len(segs)
        if heading is None:
            # from the context label to the answer (or to the next question/context label)
            front_end = next((k for k in range(1, front_end) if segs[k].label and segs[k].label.kind in ("question", "context")), front_end)
        front = segs[:front_end]
        label_domain = None
        for s in front:
            if s.label and s.label.kind in ("questions", "other"):
                label_domain = label_domain or self.cls.heading_domain(s.label.name)
        parts: list[str] = []
        meta_lines = []
        for k, s in enumerate(front):
            if s.label and s.label.kind == "meta":
                meta = parse_metadata(s.label.name, self.vocab)
                if meta:
                    sec.difficulty = meta[0] or sec.difficulty
                    sec.tags.extend(t for t in meta[1] if t not in sec.tags)
                    meta_lines.append(k)
                    continue
            if s.label and s.label.kind == "context":
                parts.append(clean_question(s.label.rest + " " + self.src(s.start + 1, s.end)) if s.end > s.start + 1 else clean_question(s.label.rest))
            else:
                parts.append(self.src(s.start, s.end))
        if heading is not None:
            title = self.stack[-1].title
            prompt = self.vocab.title_prefix_re.sub("", title).strip() or title
            question = prompt + ("\n\n" + "\n\n".join(p for p in parts if p) if any(parts) else "")
            line = heading.line
            how = "prompt section with an answer-labelled solution"
        else:
            question = "\n\n".join(p for p in parts if p)
            line = segs[0].start + 1
            how = f"'{segs[0].label.name}' scenario" if segs[0].label else "scenario"
        answer = ""
        used = front_end
        if a is not None and (heading is not None or a == front_end):
            a_end = self._answer_end(segs, a + 1)
            answer = self._seg_text(segs, a, a_end)
            self.region(segs[a].start, segs[a_end - 1].end, f"answer of the card at line {line}")
            used = a_end
        if front:
            self.region(front[0].start, front[-1].end, f"question of the card at line {line}")
        self.add_card(question, answer, line, sec, label_domain=label_domain, how=how)
        return used

    def bold_question(self, s: Seg) -> str | None:
        """A paragraph that is one bold line reading as a question (``**What is X?**``), possibly
        followed by a difficulty marker (``**What is X? 👶**``, ``**Q3. What is X?** (easy)``); a bold
        line carrying a difficulty marker is a question even without "?" (``**Precision-recall ⭐️**``)."""
        if s.end - s.start != 1:
            return None
        line = self.lines[s.start]
        body = bold_line(line)
        if body is None:
            m = _BOLD_LEAD.match(line)
            if m is None:
                return None
            body = m.group("body") + " " + m.group("rest")  # "**What is X?** (easy)"
        q = _NUMBERING.sub("", strip_markup(body)).strip()
        bare, diff, _ = self.cls.inline_difficulty(q)
        bare = strip_emoji(bare)
        if not bare:
            return None
        if bare.endswith("?") or (diff is not None and bold_line(line) is not None):
            return q
        return None

    def bold_card(self, segs: list[Seg], k: int, question: str, sec: _Section) -> int:
        end = k + 1
        while end < len(segs):
            s = segs[end]
            if s.kind == "hr" or (s.label and s.label.kind in ("question", "context")):
                break
            if s.kind == "paragraph" and s.label is None and self.bold_question(s):
                break
            end += 1
        answer = self.src(segs[k + 1].start, segs[end - 1].end) if end > k + 1 else ""
        answer = self._strip_details(answer)
        q, diff, tags = self.cls.inline_difficulty(question)
        line = segs[k].start + 1
        self.add_card(clean_question(q), answer, line, sec, difficulty=diff, tags=tags, how="bold question")
        if end > k + 1:
            self.region(segs[k + 1].start, segs[end - 1].end, f"answer of the card at line {line}")
        return end

    def _answer_after_single_item(self, segs: list[Seg], k: int, card: ParsedCard) -> int:
        """``1. **How do you handle class imbalance?**`` alone in its list, then paragraphs: those
        paragraphs (and their lists) are its answer, up to ``---`` or the next question."""
        end = k
        while end < len(segs):
            t = segs[end]
            if t.kind == "hr" or (t.label and t.label.kind in ("question", "context")) or self.numbered_lead(t):
                break
            if t.kind == "paragraph" and t.label is None and self.bold_question(t):
                break
            if t.kind == "html" and t.block is not None and "<summary" in t.block.text.lower():
                break
            if t.kind in ("bullet_list", "ordered_list") and t.block is not None and self._list_of_questions(t.block):
                break
            end += 1
        if end > k:
            card.answer = self.clean_answer(self.src(segs[k].start, segs[end - 1].end))
            self.region(segs[k].start, segs[end - 1].end, f"answer of the card at line {card.line}")
        return end

    def _list_of_questions(self, lst: Block) -> bool:
        first = next((it.children[0] for it in lst.children if it.children), None)
        if first is None or first.kind != "paragraph":
            return False
        text = _LIST_MARKER.sub("", self.lines[first.start].strip(), count=1)
        q, _, _ = self.cls.inline_difficulty(text)
        return looks_like_question(strip_markup(q).strip(), self.vocab.question_start_re)

    def numbered_lead(self, s: Seg) -> bool:
        """A paragraph opening with bold numbering: ``**1)** The number of …``, ``**2) Fibonacci**. Return …``."""
        if s.kind != "paragraph" or _NUMBERED_LEAD.match(self.lines[s.start]) is None:
            return False
        # the task text must follow the bold part: "**2. Question Bank Development**" alone is a sub-heading
        after = _BOLD_PREFIX.sub("", self.lines[s.start], count=1)
        return len(strip_markup(after).split()) >= 3 or s.end - s.start > 1

    def numbered_lead_card(self, segs: list[Seg], k: int, sec: _Section) -> int:
        """A numbered task paragraph (with the example list right after it) as the question; what
        follows up to the next numbered task, ``---`` or label is the answer."""
        s = segs[k]
        q_end = k + 1
        if q_end < len(segs) and segs[q_end].kind in ("bullet_list", "ordered_list") and q_end + 1 < len(segs):
            q_end += 1  # the examples the task gives ("* `[1, 2], 3` ⇒ True")
        end = q_end
        while end < len(segs):
            t = segs[end]
            if t.kind == "hr" or (t.label and t.label.kind in ("question", "context")) or self.numbered_lead(t):
                break
            end += 1
        first = _NUMBERING.sub("", strip_markup(self.lines[s.start], keep_code=True).strip())
        question = self.src(s.start, segs[q_end - 1].end, first)
        answer = self._strip_details(self.src(segs[end - 1].end if end == q_end else segs[q_end].start,
                                              segs[end - 1].end)) if end > q_end else ""
        q, diff, tags = self.cls.inline_difficulty(question)
        line = s.start + 1
        self.add_card(clean_question(q) if "\n" not in q.strip() else q.strip(), answer, line, sec,
                      difficulty=diff, tags=tags, how="numbered task paragraph")
        self.region(s.start, segs[end - 1].end, f"the card at line {line}")
        return end

    def details_card(self, segs: list[Seg], k: int, sec: _Section) -> int:
        """``<details><summary>…</summary> … </details>``: a question with a hidden answer,
        or (summary "Answer"/"Solution") the answer of the card just before."""
        blk = segs[k].block
        assert blk is not None
        m = _SUMMARY.search(blk.text)
        summary = strip_markup(m.group("s")).strip() if m else ""
        end = k
        if _DETAILS_END.search(blk.text):
            inner = blk.text[m.end():] if m else blk.text
            answer = _TAG.sub("", inner).strip()
            end = k + 1
        else:
            end = k + 1
            while end < len(segs) and not (segs[end].kind == "html" and _DETAILS_END.search(segs[end].block.text)):
                end += 1
            answer = self.src(segs[k].end, segs[end - 1].end) if end > k + 1 else ""
            end = min(end + 1, len(segs))
        answer = self._strip_details(answer)
        if self._reveal_summary(summary):
            if sec.cards and not sec.cards[-1].answer:
                sec.cards[-1].answer = answer
                self.region(segs[k].start, segs[end - 1].end, f"answer of the card at line {sec.cards[-1].line}")
            return end
        if summary and self.excluded_context() is None:
            q, diff, tags = self.cls.inline_difficulty(_NUMBERING.sub("", summary))
            line = segs[k].start + 1 + (blk.text[: m.start()].count("\n") if m else 0)
            self.add_card(clean_question(q), answer, line, sec, difficulty=diff, tags=tags, how="<details> summary")
            self.region(segs[k].start, segs[end - 1].end, f"answer of the card at line {line}")
        return end

    def _is_reveal(self, s: Seg) -> bool:
        """A ``<details><summary>Answer</summary>`` block."""
        if s.kind != "html" or s.block is None:
            return False
        m = _SUMMARY.search(s.block.text)
        return bool(m) and self._reveal_summary(strip_markup(m.group("s")))

    def _reveal_summary(self, summary: str) -> bool:
        head = summary.casefold().split()
        return bool(head) and (head[-1] in self.vocab.answer_label_heads
                               or head[0] in ("show", "click", "reveal", "see", "expand", "hint"))

    def list_cards(self, lst: Block | None, pending: Seg | None, sec: _Section, revealed: bool = False) -> None:
        if lst is None:
            return
        reason = None
        label_domain = None
        if pending is not None and pending.label is not None:
            name = pending.label.name
            why = self.cls.exclusion(name)
            if why:
                reason = f"list under '{name}': {why}"
            elif pending.label.kind == "questions":
                label_domain = self.cls.heading_domain(name)
            else:
                reason = f"list under '{name}', which is not introduced as questions"
        else:
            why = self.excluded_context()
            if why:
                reason = f"list {why}"
            elif not self.in_question_context() and not revealed:
                reason = "list not under a question heading or a question label"
        if reason:
            self.region(lst.start, lst.end, reason)
            return
        named = any(self.cls.names_questions(h.title) for h in self.stack)  # "## Practice Problems"
        for item in lst.children:
            if item.kind != "list_item" or not item.children:
                continue
            first = item.children[0]
            if first.kind != "paragraph":
                continue
            ptext = self.lines[first.start : first.end]
            ptext[0] = _LIST_MARKER.sub("", ptext[0], count=1)
            text = "\n".join(x.strip() for x in ptext).strip()
            if _CHECKBOX.match(text):
                self.region(item.start, item.end, "checklist item")
                continue
            q, diff, tags = self.cls.inline_difficulty(text)
            if pending is None and not named and not looks_like_question(strip_markup(q).strip(), self.vocab.question_start_re):
                # under a question heading but no question label: "**Data-Level Approaches**:" is an answer's outline
                self.region(item.start, item.end, "list item that does not read as a question")
                continue
            rest = self.src(first.end, item.end) if item.end > first.end else ""
            rest = self._strip_details(rest)
            card = self.add_card(clean_question(q), rest, item.line, sec, difficulty=diff, tags=tags,
                                 label_domain=label_domain,
                                 how=f"item of the question list '{pending.label.name}'" if pending and pending.label
                                 else f"item of a list under '{self.topic()}'")
            if card is not None and rest:
                self.region(first.end, item.end, f"answer of the card at line {item.line}")

    def table_cards(self, tbl: Block | None, sec: _Section) -> None:
        if tbl is None or len(tbl.rows) < 2:
            return
        header = [strip_markup(c).strip().casefold() for c in tbl.rows[0]]
        qcol = next((k for k, h in enumerate(header) if h in self.vocab.question_labels or h in ("questions",)), None)
        if qcol is None:  # "Question Title", "Interview question", "Problem statement"
            qcol = next((k for k, h in enumerate(header)
                         if set(h.split()) & {"question", "questions", "problem", "problems", "prompt"}), None)
        if qcol is None:
            self.region(tbl.start, tbl.end, "table without a Question column")
            return
        acol = next((k for k, h in enumerate(header) if h and h.split()[-1] in self.vocab.answer_label_heads), None)
        dcol = next((k for k, h in enumerate(header) if h in self.vocab.difficulty_keys), None)
        lcol = next((k for k, h in enumerate(header) if h == "level"), None)
        for r, row in enumerate(tbl.rows[1:]):
            if qcol >= len(row):
                continue
            q, diff, tags = self.cls.inline_difficulty(row[qcol])
            if dcol is not None and dcol < len(row):
                diff = self.vocab.difficulty_of(strip_markup(row[dcol])) or diff
            answer = row[acol].replace("<br>", "\n").strip() if acol is not None and acol < len(row) else ""
            card = self.add_card(clean_question(q), answer, tbl.start + 3 + r, sec, difficulty=diff, tags=tags,
                                 how="row of a question table")
            if card is not None and lcol is not None and lcol < len(row):
                card.level = self.cls.level_word(strip_markup(row[lcol])) or card.level

    # --------------------------------------------------------------- explain
    def explain(self) -> list[Decision]:
        out: list[Decision] = []
        for c in self.cards:
            out.append(Decision(c.line, "card", c.question.split("\n")[0][:100], getattr(c, "_how", "")))
        in_fence = False
        for idx, raw in enumerate(self.lines):
            line = idx + 1
            if line in self.card_lines:
                continue
            stripped = raw.strip()
            if stripped.startswith(("```", "~~~")):
                in_fence = not in_fence
            text = _LIST_MARKER.sub("", stripped)
            text = re.sub(r"^#+\s*", "", text)
            text = self.vocab.source_link_re.sub("", text)
            if text.startswith("|"):  # a table row: its longest cell
                text = max(text.strip("|").split("|"), key=len).strip()
            lab = parse_label(text, self.vocab)
            if lab is not None and lab.rest:
                text = lab.rest
            plain = clean_question(text)
            if len(plain) < 8 or not plain.endswith("?"):
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


_EXTERNAL_LINK = re.compile(r"\[([^\]]*)\]\((?:https?:)?//[^)]*\)")


def _link_notice(heading: str) -> bool:
    """A heading that mostly points elsewhere ("Recently added: [NLP questions](https://…)"): a notice,
    not a section the following questions belong to."""
    linked = sum(len(m.group(1)) for m in _EXTERNAL_LINK.finditer(heading))
    return linked > 0 and linked >= 0.5 * len(strip_markup(heading).strip())


_FRONT_END = re.compile(r"^(?:---|\.\.\.)\s*$", re.MULTILINE)


def front_matter(text: str) -> tuple[str, str | None]:
    """Blank out a leading YAML front matter block (``---`` … ``---``), keeping line numbers,
    and return its ``title`` if it has one."""
    if not text.startswith("---\n"):
        return text, None
    end = _FRONT_END.search(text, 4)
    if end is None:
        return text, None
    block = text[4 : end.start()]
    try:
        import yaml

        meta = yaml.safe_load(block)
    except Exception:  # not YAML after all: leave the text alone (a plain ``---`` rule)
        return text, None
    if not isinstance(meta, dict):
        return text, None
    title = meta.get("title")
    blanked = "\n" * text.count("\n", 0, end.end())
    return blanked + text[end.end() :], clean_heading(title) if isinstance(title, str) and title.strip() else None


def extract(text: str, vocab: Vocabulary) -> ParsedDocument:
    return Extractor(text, vocab).run()
