"""The extractor: walks the block tree of one document and builds cards.

It recognises, without per-document switches (one function per shape in :mod:`srs.parser.shapes`
and :mod:`srs.parser.lists`; each card records its ``shape``):

* labelled Q/A blocks (``**Question:**`` / ``**Answer:**``, ``**Q1: …**``, ``Q:`` / ``A:``, ``Q1.`` /
  ``Ans.``, labels in other languages), whose answers run to the next question of any shape, a
  heading or ``---`` and keep their lists, tables and code;
* scenario sections (a ``**Context**:`` paragraph, sub-questions, one sample answer) as one card, and
  prompt sections (a heading, requirements, an answer-labelled solution) as one card;
* question headings of any length and script, question slots (``## Question 3`` + ``### Answer``) and
  a question named in the front matter, with the section body as answer;
* question lists under any heading and at any depth (:mod:`srs.parser.lists`), bold and numbered bold
  questions, ``<details><summary>`` answers, question tables, questions in block quotes.

Level, difficulty and domain come from the document (see :mod:`srs.parser.classify`); the words
that decide all of this are in ``vocabulary.yaml``.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter

from srs.parser import ParsedCard, ParsedDocument, Shape
from srs.parser.blocks import Block, parse_blocks
from srs.parser.classify import Classifier
from srs.parser.explain import Explainer
from srs.parser.labels import Label, _head, bold_line, paired_answer_label, parse_label, parse_metadata
from srs.parser.lists import ListShapes
from srs.parser.shapes import CardShapes
from srs.parser.structure import BOLD_PREFIX, DECORATION, LINKS_AND_TAGS, NUMBERING, SPACER, Heading, Region, Section, Seg, front_matter, link_notice
from srs.parser.text import clean_heading, clean_question, repair_mojibake, strip_markup
from srs.parser.vocab import Vocabulary


_WORDY = re.compile(r"\w")
_EXTERNAL_LINK = re.compile(r"\[[^\]\n]*\]\(\s*https?://[^)\n]*\)|<?https?://[^\s>)]+>?")
_WORDS = re.compile(r"\w+")
_IMAGE = re.compile(r"!\[|<img\b", re.IGNORECASE)
_CONTENT_WORD = re.compile(r"\w{4,}")
_LETTER = re.compile(r"[^\W\d_]")


_FIRST_SENTENCE = re.compile(r".+?(?:[.!?。！？](?=\s|$)|$)")

class Extractor(CardShapes, ListShapes, Explainer):
    def __init__(self, text: str, vocab: Vocabulary):
        self.vocab = vocab
        self.text = repair_mojibake(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
        self.text, self.front = front_matter(self.text, vocab.question_labels)
        self.front_title = self.front.title
        self.lines = self.text.split("\n")
        self.blocks = parse_blocks(self.text)
        self.cls = Classifier(vocab, self.text)
        self._segs: dict[tuple[int, bool], list[Seg]] = {}  # paragraph segments, by block
        self.cards: list[ParsedCard] = []
        self.card_lines: dict[int, ParsedCard] = {}
        self.regions: list[Region] = []
        self.stack: list[Heading] = []
        self.numbered_question_levels: set[int] = set()
        self.container_levels: set[int] = set()
        self.preamble_end = -1
        self.question_levels: set[int] = set()
        self.task_levels: set[int] = set()
        self.asking_levels: set[int] = set()  # levels where at least half the headings ask
        # a card whose answer ran to the end of its section, and that section's heading level
        self.open_answer: tuple[ParsedCard, int] | None = None
        self._titles: dict[str, str] = {}
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

    def add_card(self, question: str, answer: str, line: int, sec: Section, *, difficulty: str | None = None,
                 tags: list[str] | None = None, label_domain: str | None = None, how: str = "",
                 own_heading: bool = False, shape: Shape = "", difficulty_why: str = "a marker in the question"
                 ) -> ParsedCard | None:
        """Make a card where the parser stands. ``own_heading``: the innermost heading is the question
        itself, so it is not part of the card's topic (nor evidence for its domain)."""
        question = self.vocab.strip_source_links(question).strip()
        plain = strip_markup(question)
        if not _LETTER.search(plain):  # "?", "…", "---", "01、10": nothing to ask
            return None
        if plain.strip(" \t?？:：.").casefold() in self.vocab.question_labels:  # "Question?": a template
            self.region(line - 1, line, "a template: the question is only the word 'question'")
            return None
        about = self._about_the_document(line, own_heading)
        if about:
            self.region(line - 1, line, f"a question about the document itself ({about}), not an interview question")
            return None
        why: dict[str, str] = {}
        tier = next((h for h in reversed(self.stack) if h.tier), None)
        level = tier.tier if tier is not None else self.doc_level
        if level:
            why["level"] = f"heading '{tier.title}'" if tier is not None else "the document title"
        path = self.stack[:-1] if own_heading else self.stack
        if difficulty is None:
            named = next((h for h in reversed(path) if h.difficulty), None)
            if named is not None:
                difficulty, difficulty_why = named.difficulty, f"heading '{named.title}'"
        if difficulty:
            why["difficulty"] = difficulty_why
        card = ParsedCard(
            question=question,
            answer=self.clean_answer(answer),
            level=level,
            difficulty=difficulty,
            domain=None,
            topic=" > ".join(h.title for h in path if h.title),
            tags=list(tags or []),
            line=line,
            shape=shape,
            how=how,
            why=why,
        )
        card.domain, domain_why = self.cls.domain(card, [h.title for h in path], label_domain, title=self.title)
        if card.domain:
            why["domain"] = domain_why
        self.cards.append(card)
        self.card_lines.setdefault(line, card)
        sec.cards.append(card)
        return card

    def clean_answer(self, answer: str) -> str:
        """Trim spacer lines (``<br/>``) from the edges; a placeholder ("Answer here") is no answer."""
        lines = answer.strip("\n").split("\n")
        while lines and (not lines[-1].strip() or SPACER.match(lines[-1]) or DECORATION.match(lines[-1])):
            lines.pop()
        while lines and (not lines[0].strip() or SPACER.match(lines[0]) or DECORATION.match(lines[0])):
            lines.pop(0)
        text = "\n".join(lines)
        if len(text) < 60 and strip_markup(text).strip().rstrip(".!").casefold() in self.vocab.answer_placeholders:
            return ""
        if text and not _WORDY.search(LINKS_AND_TAGS.sub(" ", text)) and not _IMAGE.search(text):
            return ""  # only a link: the answer is elsewhere (an image, a diagram, is an answer)
        return text

    # -------------------------------------------------------------- segments
    def segments(self, blocks: list[Block]) -> list[Seg]:
        """The pieces of a run of blocks: each block, and paragraphs cut where a label starts a line."""
        out: list[Seg] = []
        for b in blocks:
            if b.kind != "paragraph":
                out.append(Seg(b.kind, b.start, b.end, block=b))
                continue
            after_q = bool(out) and out[-1].label is not None and out[-1].label.kind == "question"
            key = (id(b), after_q)
            segs = self._segs.get(key)
            if segs is None or segs[0].block is not b:
                segs = self._segs[key] = self._paragraph_segments(b, after_q)
            out.extend(segs)
        return out

    def _paragraph_segments(self, b: Block, after_q: bool) -> list[Seg]:
        raw = self.lines[b.start : b.end]
        cut = [0]
        labels: dict[int, Label] = {}
        for k, line in enumerate(raw):
            lab = parse_label(line, self.vocab)
            if lab is None and ((k and any(x.kind == "question" for x in labels.values())) or (k == 0 and after_q)):
                lab = paired_answer_label(line, self.vocab)  # "Q. …" then "A. …"
            if lab is not None:
                labels[k] = lab
                if k:
                    cut.append(k)
            elif k == 0 and len(raw) > 1 and self._bold_question_line(line):
                cut.append(1)  # "**What is X?**" with its answer on the next line of the paragraph
        cut.append(len(raw))
        return [Seg("paragraph", b.start + a, b.start + z, label=labels.get(a), text="\n".join(raw[a:z]), block=b)
                for a, z in zip(cut, cut[1:]) if z > a]

    def _bold_question_line(self, line: str) -> bool:
        body = bold_line(line)
        return body is not None and self.vocab.ends_as_question(NUMBERING.sub("", strip_markup(body)).strip())

    # -------------------------------------------------------------- document
    def run(self) -> ParsedDocument:
        blocks = self.blocks
        first_heading = next((b for b in blocks if b.kind == "heading"), None)
        title_block = None
        if first_heading is not None and first_heading.level == 1 and self.heading_title(first_heading.text):
            self.title = self.heading_title(first_heading.text)
            title_block = first_heading
        self.doc_level = self.cls.title_level(self.title or "")
        headings = [b for b in blocks if b.kind == "heading" and b is not title_block]
        self.cls.collect_tiers([self.heading_title(h.text) for h in headings])
        self.numbered_question_levels = self._numbered_question_levels(headings)
        self.question_levels = self._question_levels(headings)
        # headings that name questions ("## Questions"): their level holds the document's sections, and
        # what comes before the first of them is the document's preamble
        # ("## Questions" over "### What is X?"): a question heading at its level is a README section
        # ("## Who is this for?"); the preamble is what comes between the title and the first heading
        named = [k for k, h in enumerate(headings) if self.cls.names_questions(self.heading_title(h.text))
                 and not self.vocab.ends_as_question(self.heading_title(h.text))]
        self.container_levels = {headings[k].level for k in named
                                 if k + 1 < len(headings) and headings[k + 1].level > headings[k].level}
        self.preamble_end = headings[0].start if headings else -1

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
            if self.open_answer is not None and b is not title_block:
                k = self._continue_answer(i)
                if k > i:
                    i = k
                    continue
            self.open_answer = None
            if b is title_block:
                self.section(blocks[i + 1 : j], None)
                i = j
                continue
            title = self.heading_title(b.text)
            if ((self.cls.is_prose(title) and not self.question_heading(title, b.level)) or link_notice(b.text)) \
                    and not self.numbered_question(title, b.level):
                self.section(blocks[i + 1 : j], None)
                i = j
                continue
            while self.stack and self.stack[-1].level >= b.level:
                self.stack.pop()
            tier = self.cls.heading_tier(title)
            self.stack.append(Heading(b.level, title, b.line, tier, None if tier else self.cls.heading_difficulty(title)))
            i = self.heading_section(i, j)
        if self.front.question:
            self._front_matter_card()
        self.cards.sort(key=lambda c: c.line)
        self._drop_non_answers()
        self._domains_from_siblings()
        return ParsedDocument(self.title, self.cards, self.explain)

    def _front_matter_card(self) -> None:
        """A page about one question that names it in its front matter ("question: What is X?"):
        the question is a card, answered by the page's first section when its heading names an answer
        ("## Answer", "## 一句话答案"), else by nothing."""
        self.stack = []
        heading = next((b for b in self.blocks if b.kind == "heading"), None)
        answer = ""
        if heading is not None and self._names_answer(self.heading_title(heading.text)):
            k = self.blocks.index(heading) + 1
            z = k
            while z < len(self.blocks) and not (self.blocks[z].kind == "heading" and self.blocks[z].level <= heading.level):
                z += 1
            if z > k:
                answer = self.src(self.blocks[k].start, self.blocks[z - 1].end)
        q, diff, tags = self.cls.inline_difficulty(self.front.question or "")
        self.add_card(clean_question(q), answer, self.front.question_line, Section(), difficulty=diff, tags=tags,
                      how="the question named in the front matter", shape="heading")

    def _names_answer(self, title: str) -> bool:
        """A heading that names an answer: its last word ("Sample Answer") or, in a script written
        without spaces, its ending ("一句话答案") is an answer label."""
        t = title.casefold().strip()
        words = t.split()
        if words and _head(words[-1]) in self.vocab.answer_label_heads:
            return True
        return any(len(h) > 1 and not h.isascii() and t.endswith(h) for h in self.vocab.answer_label_heads)

    def _drop_non_answers(self) -> None:
        """Answers that do not answer: one text given under several different questions (a
        boilerplate remark), and a short pointer elsewhere ("I recommend watching …", "you can find
        it online")."""
        by_text: dict[str, set[str]] = {}
        for c in self.cards:
            if len(c.answer) >= 40:
                by_text.setdefault(c.answer, set()).add(c.question.casefold())
        for c in self.cards:
            if not c.answer:
                continue
            if len(c.answer) >= 40 and len(by_text.get(c.answer, ())) > 1:
                c.answer = ""
                self.region(c.line - 1, c.line, "the same remark under several questions: no answer")
                continue
            if self._only_points_elsewhere(c.answer):
                c.answer = ""
                self.region(c.line - 1, c.line, "the answer only points elsewhere: no answer")
                continue
            if len(c.answer) > 600 or not self.vocab.deferral_re.search(c.answer.casefold()):
                continue
            plain = strip_markup(LINKS_AND_TAGS.sub(" ", c.answer)).casefold()
            if len(plain.split()) <= 30 and self.vocab.deferral_re.search(plain):
                c.answer = ""
                self.region(c.line - 1, c.line, "the answer only points elsewhere: no answer")

    def _only_points_elsewhere(self, answer: str) -> bool:
        """A short answer that is a link and a pointer to it ("See [this post](…) for details",
        "Watch: https://…"): a pointer word first, a dozen words at most besides the link."""
        if len(answer) > 400 or not _EXTERNAL_LINK.search(answer):
            return False
        words = _WORDS.findall(strip_markup(_EXTERNAL_LINK.sub(" ", answer)).casefold())
        return bool(words) and len(words) <= 12 and words[0] in self.vocab.answer_pointer_words

    def _continue_answer(self, i: int) -> int:
        """An answer that ran to the end of its section goes on through sub-sections (headings
        deeper than the question's section) that hold no question, up to ``---`` or a heading of the
        same or a higher level. Returns the index after what it took (``i``: nothing)."""
        card, level = self.open_answer
        self.open_answer = None
        blocks = self.blocks
        k = i
        while k < len(blocks):
            b = blocks[k]
            if b.kind == "hr" or (b.kind == "heading" and (
                    b.level <= level or self.question_heading(self.heading_title(b.text), b.level))):
                break
            k += 1
        if k == i or blocks[i].level <= level:
            return i
        body = [b for b in blocks[i:k] if b.kind != "heading"]
        segs = self.segments(body)
        if any(self.starts_card(segs, x) or self._asking_list(segs, x) for x in range(len(segs))):
            return i
        card.answer = self.clean_answer(card.answer + "\n\n" + self.src(blocks[i].start, blocks[k - 1].end))
        self.region(blocks[i].start, blocks[k - 1].end, f"answer of the card at line {card.line}")
        return k

    def _domains_from_siblings(self) -> None:
        """A card whose question and headings name no domain takes the domain most of its section's
        cards have (at least two of them, at least half the section's cards, and twice as many as any
        other); failing that, what its
        answer's words vote for."""
        by_topic: dict[str, list[ParsedCard]] = {}
        for c in self.cards:
            if c.topic:
                by_topic.setdefault(c.topic, []).append(c)
        for cards in by_topic.values():
            ranked = Counter(c.domain for c in cards if c.domain).most_common(2)
            if not ranked:
                continue
            best, n = ranked[0]
            if n >= 2 and 2 * n >= len(cards) and (len(ranked) == 1 or n >= 2 * ranked[1][1]):
                for c in cards:
                    if c.domain is None:
                        c.domain = best
                        c.why["domain"] = f"most cards of its section ({n} of {len(cards)})"
        for c in self.cards:
            if c.domain is None:
                c.domain = self.cls.answer_domain(c)
                if c.domain:
                    c.why["domain"] = "the words of its answer"

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
        question_title = self.heading_question(title)
        lead = next((sg for sg in segs if not (sg.label and sg.label.kind == "meta")), None)
        labelled_first = lead is not None and lead.label is not None and lead.label.kind in ("question", "context")
        if excluded is None and not labelled_first and lead is not None and lead.kind == "paragraph" \
                and _head(title) in self.vocab.question_labels and self._is_slot(i, title):
            return self.slot_card(i)  # "## Question 3" + the question + "### Answer" + the answer
        if excluded is None and not labelled_first and (
                ("question" not in kinds and "context" not in kinds) or self.vocab.question_strength(question_title) == 2):
            # a heading that asks (its answer ends at a labelled question further down)
            qlike = self.question_heading(title, head_block.level)
            if qlike:
                return self.heading_card(i, question_title)
        if "question" not in kinds and "context" not in kinds and excluded is None:
            if "answer" in kinds and self._answer_after_prompt(segs):
                sec = Section()
                self.prompt_card(segs, sec, head_block)
                self.finish_section(sec)
                return j
        before = len(self.cards)
        self.section(body, segs)
        if excluded is None and labelled_first and lead.label.kind == "question" and len(self.cards) == before + 1 \
                and sum(1 for s in segs if s.label and s.label.kind == "question") == 1 \
                and self.question_heading(title, head_block.level):
            self._lead_with_heading(self.cards[-1], question_title)
        return j

    def _lead_with_heading(self, card: ParsedCard, question: str) -> None:
        """A question heading over one labelled question (a scenario, a task): the front is the heading's
        question with the labelled text under it, and the heading leaves the topic."""
        card.question = f"{question}\n\n{card.question}"
        path = self.stack[:-1]
        card.topic = " > ".join(h.title for h in path if h.title)
        card.domain, why = self.cls.domain(card, [h.title for h in path], None, title=self.title)
        card.why.pop("domain", None)
        if card.domain:
            card.why["domain"] = why

    def _answer_after_prompt(self, segs: list[Seg]) -> bool:
        """An answer label that follows some prompt material (not a stray answer at the top)."""
        for k, s in enumerate(segs):
            if s.label and s.label.kind == "answer":
                return k > 0
        return False

    def heading_title(self, text: str) -> str:
        """A heading's text for topics and questions: no source links (``[[src](…)]``), emoji or markup."""
        title = self._titles.get(text)
        if title is None:
            title = self._titles[text] = clean_heading(self.vocab.strip_source_links(text))
        return title

    def question_heading(self, title: str, level: int = 0) -> bool:
        """``## 12. What is …?`` or, where the document is about questions, ``#### 3) Explain …``;
        or any numbered heading at a level where the document numbers its questions."""
        q = NUMBERING.sub("", title).strip()
        if self.vocab.ends_as_question(q) or self.heading_question(title) != q:
            return True  # "What is …?", "… 알려주세요.", "Q: Derive …"
        numbered = q != title
        if numbered and self.numbered_question(title, level):
            return True
        if level in self.question_levels and self.vocab.question_strength(q) == 2:
            return True
        if self.vocab.question_strength(q) == 2 and (level in self.task_levels or level in self.asking_levels) \
                and (self.in_question_context() or self.cls.names_questions(self.title or "")):
            return True
        return bool(numbered and self.vocab.question_start_re.match(q)
                    and (self.in_question_context() or self.cls.names_questions(self.title or "")))

    def heading_question(self, title: str) -> str:
        """The question a heading asks: without its numbering ("12.") or question label ("Q:", "Q3 -")."""
        q = NUMBERING.sub("", title).strip()
        lab = parse_label(q, self.vocab)
        if lab is not None and lab.kind == "question" and lab.rest:
            return lab.rest
        return q

    def numbered_question(self, title: str, level: int) -> bool:
        return level in self.numbered_question_levels and NUMBERING.match(title) is not None

    def _numbered_question_levels(self, headings: list[Block]) -> set[int]:
        """Heading levels whose numbered headings are mostly questions ("#### 18) Reverse a bitstring."
        among "#### 17) What is …?"): there, every numbered heading is a question."""
        counts: dict[int, list[int]] = {}
        for h in headings:
            title = self.heading_title(h.text)
            q = NUMBERING.sub("", title).strip()
            if q == title or not q:
                continue
            c = counts.setdefault(h.level, [0, 0])
            c[0] += 1
            c[1] += q.endswith("?") or bool(self.vocab.question_start_re.match(q))
        return {lv for lv, (n, qs) in counts.items() if qs >= 3 and qs >= 0.6 * n}

    def _question_levels(self, headings: list[Block]) -> set[int]:
        """Heading levels where most headings are questions ending in a question mark (or nearly all
        open with a question word: "### How is RANK different from DENSE_RANK"): there a heading that
        reads as a question or task without one ("Explain the following concepts: …") is one too.
        Only headings that ask (a question mark of any script, an interrogative first) make a level
        one; a level of imperatives ("Define the problem", "Train the model": a tutorial's steps) is
        kept in ``task_levels``, whose headings are questions only under a heading naming questions."""
        counts: dict[int, list[int]] = {}
        for h in headings:
            title = self.heading_title(h.text)
            q = NUMBERING.sub("", title).strip()
            c = counts.setdefault(h.level, [0, 0, 0, 0])
            c[0] += 1
            c[1] += self.vocab.ends_as_question(title)
            c[2] += self.vocab.asks(q)
            c[3] += self.vocab.question_strength(q) == 2
        asking = {lv for lv, (n, marks, asks, _) in counts.items()
                  if (marks >= 3 and marks >= 0.6 * n) or (asks >= 3 and asks >= 0.75 * n)}
        self.task_levels = {lv for lv, (n, _, _, strong) in counts.items() if strong >= 3 and strong >= 0.75 * n} - asking
        self.asking_levels = {lv for lv, (n, _, asks, _) in counts.items() if asks and 2 * asks >= n}
        return asking


    def _about_the_document(self, line: int, own_heading: bool) -> str | None:
        """Decided per section, never by a phrase inside a question under a question heading: under
        (or as) a heading of a README section ("How to contribute?", "License", "Why this repo?"); a
        question heading beside the document's question sections ("## Who is this for?" next to
        "## Questions"); or a block of the preamble (before the first heading) that introduces the
        document ("Why yet another list on GitHub? …")."""
        for h in self.stack:
            if self.vocab.about_document_re.search(h.title.casefold()):
                return f"section '{h.title}'"
        if own_heading and self.stack:
            h = self.stack[-1]
            if h.level in self.container_levels and not self.cls.names_questions(h.title):
                return f"heading '{h.title}' beside the question sections"
        if 0 <= line - 1 < self.preamble_end:
            block = next((b for b in self.blocks if b.start <= line - 1 < b.end), None)
            if block is not None and self.vocab.about_intro_re.search(self.src(block.start, block.end).casefold()):
                return "the preamble's introduction of the document"
        return None

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
        sec = Section()
        pending: Seg | None = None  # the label paragraph right before a list
        k = 0
        while k < len(segs):
            s = segs[k]
            lab = s.label
            if s.kind == "fence" or s.kind == "code":
                self.region(s.start, s.end, "inside a code block")
            if lab and lab.kind == "meta":
                meta = parse_metadata(lab.name + (f": {lab.rest}" if lab.rest else ""), self.vocab)
                if meta:
                    sec.add_meta(s.start + 1, meta)
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
                        self.in_question_context() or self.cls.names_questions(self.title or "")
                        or self._lead_asks(s)):
                    k = self.numbered_lead_card(segs, k, sec)
                    continue
            if s.kind in ("bullet_list", "ordered_list"):
                revealed = k + 1 < len(segs) and self._is_reveal(segs[k + 1])
                before = len(sec.cards)
                self.list_cards(s.block, pending, sec, revealed, intro=segs[k - 1] if k else None)
                pending = None
                k += 1
                if len(sec.cards) == before + 1 and len(s.block.children) == 1 and not sec.cards[-1].answer:
                    k = self._answer_after_single_item(segs, k, sec.cards[-1])
                continue
            if s.kind == "blockquote" and s.block is not None and self.excluded_context() is None \
                    and self._quote_asks(s.block, k == 0 or (bool(sec.cards) and bool(sec.cards[-1].answer))):
                self.finish_section(sec)
                self.section(self._dequote(s.block), None)  # "> **Q:** … / > **A:** …": questions in a quote
                sec = Section()
                k += 1
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

    def _lead_asks(self, s: Seg) -> bool:
        """A numbered bold lead that asks: "**Q1.** What is X?", "**3)** How would you …?"."""
        lead = BOLD_PREFIX.match(self.lines[s.start])
        rest = strip_markup(BOLD_PREFIX.sub("", self.lines[s.start], count=1)).strip()
        if lead:
            word = re.sub(r"[\W\d_]+", " ", strip_markup(lead.group(0))).strip().casefold()
            if word and (word in self.vocab.question_labels or word in self.vocab.period_labels):
                return True  # "**Q1.** …", "**Question 3)** …"
        first = _FIRST_SENTENCE.match(rest)
        first = first.group(0).strip() if first else rest
        return self.vocab.ends_as_question(first) or self.vocab.question_strength(first) == 2

    _QUOTE = re.compile(r"^(\s{0,3}>[ ]?)+")

    def _quote_asks(self, quote: Block, opens: bool) -> bool:
        """A block quote holding labelled or bold questions, not a quotation inside an answer: it
        opens its section (``opens``: no answer is running up to it), or it holds two or more."""
        found = 0
        for ln in range(quote.start, quote.end):
            line = self._QUOTE.sub("", self.lines[ln])
            lab = parse_label(line, self.vocab)
            if (lab is not None and lab.kind == "question") or self._bold_question_line(line):
                found += 1
                if opens or found >= 2:
                    return True
        return False

    def _dequote(self, quote: Block) -> list[Block]:
        """The blocks inside a block quote, with its lines stripped of the quote markers (in place:
        the cards made from them show plain Markdown)."""
        for ln in range(quote.start, quote.end):
            self.lines[ln] = self._QUOTE.sub("", self.lines[ln])
        inner = parse_blocks("\n".join(self.lines[quote.start:quote.end]))
        stack = list(inner)
        while stack:
            b = stack.pop()
            b.start += quote.start
            b.end += quote.start
            stack.extend(b.children)
        return inner

    def _shared_setup(self, segs: list[Seg], sec: Section) -> None:
        """Numbered tasks after a setup that introduces them ("Suppose we have the following schema …
        Write SQL queries to extract the following information:"): each task gets the setup, so
        every card can be answered on its own."""
        tasks = [c for c in sec.cards if c.shape == "numbered-task"]
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

    def finish_section(self, sec: Section) -> None:
        """Metadata lines go to their cards: one line above all the section's cards is the section's
        default; otherwise each line belongs to the card nearest to it (above its question, or
        between its question and answer), so one card's difficulty does not leak to the next."""
        if not sec.metas or not sec.cards:
            return
        first = min(c.line for c in sec.cards)
        if len(sec.metas) == 1 and sec.metas[0][0] < first:
            owners = [(c, sec.metas[0]) for c in sec.cards]
        else:
            owners = [(min(sec.cards, key=lambda c: (abs(c.line - m[0]), c.line < m[0])), m) for m in sec.metas]
        for card, (mline, difficulty, tags) in owners:
            if card.difficulty is None and difficulty:
                card.difficulty = difficulty
                card.why["difficulty"] = f"metadata line {mline}"
            for t in tags:
                if t not in card.tags:
                    card.tags.append(t)

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
        while k < len(segs) and not self.starts_card(segs, k, answer_block=answer_block, lone_bold=False):
            k += 1
        return k

    def starts_card(self, segs: list[Seg], k: int, *, answer_block: Block | None = None, lone_bold: bool = True,
                    bold: bool = True) -> bool:
        """Whether segment k begins something else than the answer running up to it: ``---``, a
        question or context label, a numbered task, a ``<details>`` question, a bold question.

        ``answer_block``: a weak label (``**Problem**:``) inside the answer's own paragraph continues it.
        ``lone_bold=False``: a bold question counts only with an answer after it (not as the answer's
        last line, where it is more likely a sub-heading); ``bold=False``: not at all (the answer is
        to a numbered question: the next question is numbered too)."""
        s = segs[k]
        if s.kind == "hr":
            return True
        if s.kind == "blockquote":
            prev = segs[k - 1] if k else None  # after a closed <details> answer no answer is running
            closed = prev is not None and prev.kind == "html" and prev.block is not None and "</details" in prev.block.text.lower()
            return s.block is not None and self._quote_asks(s.block, k == 0 or closed)
        if s.label and s.label.kind in ("question", "context"):
            return _head(s.label.name) in self.vocab.strong_question_labels or s.block is not answer_block
        if s.kind == "paragraph" and s.label is None:
            if self.numbered_lead(s):
                return True
            return bold and bool(self.bold_question(s)) and (lone_bold or (k + 1 < len(segs) and segs[k + 1].kind != "hr"))
        return s.kind == "html" and s.block is not None and "<summary" in s.block.text.lower() and not self._is_reveal(s)


def extract(text: str, vocab: Vocabulary) -> ParsedDocument:
    return Extractor(text, vocab).run()
