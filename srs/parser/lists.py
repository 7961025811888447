"""Question lists: a list whose items read as questions or tasks is a question list under any
heading and at any nesting depth. Mixed into :class:`srs.parser.extract.Extractor`.

One item is read by :meth:`ListShapes.read_item` into an :class:`Item` (its question text, an inline
answer, a difficulty marker, and what kind of item it is); :meth:`ListShapes.list_cards` decides per
list whether it holds questions and makes the cards, recursing into nested lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from srs.parser.blocks import Block
from srs.parser.labels import bold_line, parse_label
from srs.parser.structure import CHECKBOX, LIST_MARKER, Section, Seg
from srs.parser.text import clean_question, strip_markup

_LISTS = ("bullet_list", "ordered_list")
_ESCAPED_BOLD = re.compile(r"\\\*\\\*(.+?)\\\*\\\*")
_LINK_ONLY = re.compile(r"^\s*(?:\*\*|__)?\s*\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)]*)\)\s*(?:\*\*|__)?\s*[.:]?\s*$")
_WIKI_LINK = re.compile(r"^\s*\[\[[^\]\n]+\]\]")
_BOLD_COLON = re.compile(r"^\s*(\*\*|__)(?P<body>.+?)\1\s*[:：]\s*$|^\s*(\*\*|__)(?P<body2>.+?[:：])\3\s*$")
_LETTERED = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})[.)]\s", re.IGNORECASE)  # "a. …", "ii) …": sub-points of the question
_SENTENCE_END = re.compile(r"[.!。！]\s*$")

ItemKind = str  # "plain" | "question" | "outline" | "note" | "answer" | "link" | "toc" | "checkbox" | "empty"


@dataclass
class Item:
    """One list item as read: what it asks, what it already answers, and what kind of item it is."""

    block: Block
    kind: ItemKind
    question: str = ""
    answer: str = ""
    difficulty: str | None = None
    tags: list[str] = field(default_factory=list)
    strength: int = 0  # 2: reads as a question (or is marked, or labelled); 1: as a task by a weaker verb
    labelled: bool = False  # "Q: …"

    @property
    def reads(self) -> bool:
        return self.strength > 0
    children: list[Block] = field(default_factory=list)  # the item's blocks after its first paragraph

    @property
    def marked(self) -> bool:
        return self.difficulty is not None


class ListShapes:
    # ------------------------------------------------------------ one item
    def read_item(self, item: Block) -> Item:
        cache = self.__dict__.setdefault("_items", {})
        found = cache.get(id(item))
        if found is None or found.block is not item:
            found = cache[id(item)] = self._read_item(item)
        return found

    def _read_item(self, item: Block) -> Item:
        first = item.children[0] if item.children else None
        if first is None or first.kind != "paragraph":
            return Item(item, "empty", children=list(item.children))
        rest_blocks = list(item.children[1:])
        raw = [ln.strip() for ln in self.lines[first.start:first.end]]
        raw[0] = LIST_MARKER.sub("", raw[0], count=1).strip()
        raw[0] = _ESCAPED_BOLD.sub(r"**\1**", raw[0])
        text = "\n".join(raw).strip()
        if CHECKBOX.match(text):
            return Item(item, "checkbox")
        if self.lines[first.start].strip() in self.cls.legend_lines:
            return Item(item, "note")  # "Legend: 👶 easy ⭐️ medium"
        if _WIKI_LINK.match(text):
            return Item(item, "toc")  # "[[q-03]]: …": a reference to a question given elsewhere
        link = _LINK_ONLY.match(text)
        if link:
            # a table of contents entry points into the document; a link to elsewhere is a resource,
            # unless its text is a whole question
            if link.group("target").startswith("#"):
                return Item(item, "toc")
            if not self.vocab.ends_as_question(strip_markup(link.group("text"))):
                return Item(item, "link")
        # "Q: …" / "**Q1: …**" / "*A:* …" and "**Label**: text" outline items
        lab = parse_label(raw[0], self.vocab)
        rest_lines = raw[1:]
        labelled = False
        if lab is not None:
            if lab.kind == "question":
                q = lab.rest or (rest_lines.pop(0) if rest_lines else "")
                raw = [q, *rest_lines]
                rest_lines = []
                labelled = True
            elif lab.kind == "answer":
                return Item(item, "answer", answer="\n".join([lab.rest, *rest_lines]).strip(), children=rest_blocks)
            elif self.vocab.difficulty_of(lab.name) is None and lab.rest:
                if self.vocab.is_note_label(strip_markup(lab.name)):
                    return Item(item, "note")
                if lab.bold and not self.vocab.ends_as_question(strip_markup(lab.rest)):
                    return Item(item, "outline", question=text, children=rest_blocks)
                if lab.bold:  # "**Follow-up**: Why …?": a labelled question
                    q = lab.rest
                    raw = [q, *rest_lines]
                    rest_lines = []
                    labelled = True
        # "**Calculate the covariance matrix**:" over its steps: a sub-heading of an outline
        bc = None if labelled else _BOLD_COLON.match(raw[0])
        if bc and not self.vocab.ends_as_question(strip_markup(bc.group("body") or bc.group("body2")).rstrip(":： ")):
            return Item(item, "outline", question=text, children=rest_blocks)
        # "**What is X?**" then its answer on the next lines of the same paragraph
        body = None if labelled else bold_line(raw[0])
        if body is not None and rest_lines:
            q, diff, tags = self.cls.inline_difficulty(body)
            if diff is not None or self.vocab.reads_as_question(strip_markup(q)):
                return self._item_with(item, body, rest_lines, rest_blocks)
        # "What is X?" then the answer on the next lines of the item's paragraph (lines that ask nothing)
        if len(raw) > 1 and not labelled and self.vocab.ends_as_question(strip_markup(raw[0])):
            rest_text = strip_markup(" ".join(raw[1:]))
            if len(rest_text.split()) >= 3 and not any(m in rest_text for m in self.vocab.question_marks) \
                    and parse_label(raw[1], self.vocab) is None and not any(_LETTERED.match(x) for x in raw[1:]):
                return self._item_with(item, raw[0], raw[1:], rest_blocks)
        # a later line of the paragraph opening with an answer label: "Q text\nA: answer"
        for k in range(1, len(raw)):
            lab2 = parse_label(raw[k], self.vocab)
            if lab2 is not None and lab2.kind == "answer":
                return self._item_with(item, "\n".join(raw[:k]), [lab2.rest, *raw[k + 1:]], rest_blocks, labelled=True)
        return self._item_with(item, "\n".join(raw).strip(), [], rest_blocks, labelled=labelled)

    def _item_with(self, item: Block, question: str, answer_lines: list[str], rest: list[Block],
                   *, labelled: bool = False) -> Item:
        """An item whose question text and answer lines are known; how strongly it reads as a question
        (a "Q:" label counts only when its text reads as one too: "**Question 16**: System Design
        (30 minutes)" is a schedule slot)."""
        q, diff, tags = self.cls.inline_difficulty(question.strip())
        strength = 2 if diff is not None else self.vocab.question_strength(strip_markup(q))
        if self.vocab.time_slot_re.search(strip_markup(q)):
            strength = 0  # "Implement an algorithm (20 minutes)": a slot in a schedule
        if labelled and strength:
            strength = 2
        answer = "\n".join(answer_lines).strip()
        if not answer and not rest:
            q, answer = self._inline_answer(q)
        return Item(item, "question" if strength else "plain", question=q, answer=answer, difficulty=diff,
                    tags=tags, strength=strength, labelled=labelled and strength > 0, children=rest)

    def _inline_answer(self, text: str) -> tuple[str, str]:
        """``What is X? X is a thing that ….``: a statement after the last question mark of the text
        is its answer (a parenthesis, a short remark, a note or another question is not); without a
        question mark, ``Explain X: a statement of eight words or more.`` answers after the colon."""
        marks = self.vocab.question_marks
        cut = max((text.rfind(m) for m in marks), default=-1)
        if cut < 0:
            return self._colon_answer(text)
        if cut == len(text.rstrip()) - 1:
            return text, ""
        head, tail = text[: cut + 1], text[cut + 1:].strip()
        plain = strip_markup(tail).strip()
        if (not _SENTENCE_END.search(plain) or len(plain.split()) < 5 or plain[:1] in "([{（"
                or self.vocab.reads_as_question(plain) or self.vocab.advice_start_re.match(plain)):
            return text, ""
        lab = parse_label(tail, self.vocab)
        if lab is not None and lab.kind != "answer":
            return text, ""
        return head, tail

    def _colon_answer(self, text: str) -> tuple[str, str]:
        head, sep, tail = text.partition(":")
        if not sep or not head.strip() or parse_label(text, self.vocab) is not None:
            return text, ""
        plain = strip_markup(tail).strip()
        if (len(plain.split()) < 8 or not _SENTENCE_END.search(plain) or self.vocab.reads_as_question(plain)
                or self.vocab.advice_start_re.match(plain) or "`" in head):
            return text, ""
        return head.strip() + ":", tail.strip()

    def _note_only(self, blocks: list[Block]) -> bool:
        """Blocks that only hold notes ("**Hint**: …", "- **Key concept**: …"), images or links."""
        if not blocks:
            return False
        for b in blocks:
            if b.kind in _LISTS:
                if not all(self.read_item(it).kind in ("note", "link", "toc") for it in b.children):
                    return False
            elif b.kind == "paragraph":
                if not self._note_line(self.lines[b.start]):
                    if strip_markup(self.src(b.start, b.end)).strip(" \n\t.:-—!"):
                        return False
            elif b.kind != "html":
                return False
        return True

    def _note_line(self, line: str) -> bool:
        """A line opening with a note label ("**Hint**: …", "Source: …")."""
        lab = parse_label(line.strip(), self.vocab)
        if lab is None:
            return False
        name = lab.name.split(":")[0] if not lab.rest else lab.name
        return self.vocab.is_note_label(strip_markup(name))

    # ------------------------------------------------------------ one list
    def is_question_list(self, lst: Block, *, asked: bool = False) -> bool:
        """Most of its items read as questions or tasks (or open a nested list that does).
        ``asked``: most of them end in a question mark or carry a marker or label (a list inside an
        answer that asks nothing of the reader is part of the answer: "- Where x is a point, …")."""
        items = [self.read_item(it) for it in lst.children if it.kind == "list_item"]
        return self._question_majority(items, asked=asked)

    def _question_majority(self, items: list[Item], *, asked: bool = False, asking: bool = False) -> bool:
        """``asked``: most items end in a question mark or carry a marker or label; ``asking``: most
        items ask by themselves (also an interrogative word first; imperatives do not count), for a
        list outside any heading or label that names questions."""
        if not items:
            return False
        if asked:
            strong = sum(1 for it in items if it.marked or it.labelled
                         or (it.reads and self.vocab.ends_as_question(strip_markup(it.question))))
        elif asking:
            strong = sum(1 for it in items if it.marked or it.labelled
                         or (it.reads and self.vocab.asks(strip_markup(it.question)))
                         or (not it.reads and self._question_children(it)))
        else:
            strong = sum(1 for it in items if it.strength == 2 or (not it.reads and self._question_children(it)))
        countable = sum(1 for it in items if it.kind not in ("checkbox", "empty"))
        return strong > 0 and 2 * strong > countable

    def _introduces(self, seg: Seg) -> bool:
        """A prose paragraph ending in a colon that does not name questions ("We had three goals:"):
        the list after it is part of what it says."""
        if seg.kind != "paragraph" or seg.label is not None:
            return False
        text = strip_markup(self.src(seg.start, seg.end)).strip()
        return text.endswith((":", "：")) and not self.cls.names_questions(text)

    def _question_children(self, it: Item) -> list[Block]:
        return [b for b in it.children if b.kind in _LISTS and self.is_question_list(b)]

    def list_cards(self, lst: Block | None, pending: Seg | None, sec: Section, revealed: bool = False,
                   intro: Seg | None = None) -> None:
        """Cards from a list: under a question label or heading ("**Key Questions:**", "## Sample
        Questions") every item; under a tier heading the items that read as questions; anywhere else
        the items of a list most of whose items read as questions."""
        if lst is None:
            return
        label_domain = None
        reason = None
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
        if reason:
            self.region(lst.start, lst.end, reason)
            return
        named = pending is not None or any(self.cls.names_questions(h.title) for h in self.stack)
        mode = "named" if named else ("tier" if self.in_question_context() or revealed else "any")
        if mode == "any" and intro is not None and self._introduces(intro):
            self.region(lst.start, lst.end, "a list the paragraph above introduces (ending in ':'): part of its text")
            return
        how = (f"item of the question list '{pending.label.name}'" if pending is not None
               else f"item of a list under '{self.topic()}'" if self.topic() else "item of a question list")
        self._list(lst, sec, mode, label_domain, how)

    def _list(self, lst: Block, sec: Section, mode: str, label_domain: str | None, how: str) -> None:
        items = [self.read_item(it) for it in lst.children if it.kind == "list_item"]
        links = sum(1 for it in items if it.kind in ("link", "toc"))
        if items and 2 * links >= len(items):
            self.region(lst.start, lst.end, "a list of links (a table of contents or resources)")
            return
        # imperatives count under a document title that names questions ("Interview Questions");
        # elsewhere the items must ask by themselves
        asking = not self.cls.names_questions(self.title or "")
        if mode == "any" and not self._question_majority(items, asking=asking):
            self.region(lst.start, lst.end, "a list whose items do not read as questions")
            return
        for it in items:
            blk = it.block
            if it.kind in ("checkbox", "toc", "link", "note", "empty"):
                self.region(blk.start, blk.end, f"{it.kind} item, not a question")
                continue
            if it.kind == "answer":
                last = sec.cards[-1] if sec.cards else None
                if last is not None and not last.answer and it.answer:
                    rest = self.src(it.children[0].start, blk.end) if it.children else ""
                    last.answer = self.clean_answer(it.answer + ("\n\n" + rest if rest else ""))
                    self.region(blk.start, blk.end, f"answer of the card at line {last.line}")
                continue
            subs = self._question_children(it)
            if subs and (not it.reads or (not it.marked and self._independent(subs))) and (
                    it.kind == "outline" or self._is_topic(it, subs)):
                # a topic line over its own questions: the questions are the cards
                for sub in subs:
                    self._list(sub, sec, mode if mode == "named" else "any", label_domain, how)
                continue
            if it.kind == "outline" and mode != "named":
                self.region(blk.start, blk.end, "outline item ('**Label**: text'), not a question")
                continue
            if not it.marked and not it.labelled and self.marked_document and not self.vocab.ends_as_question(
                    strip_markup(it.question)):
                self.region(blk.start, blk.end, "unmarked line in a document whose questions carry difficulty "
                                                "markers: context, not a question")
                continue
            if not it.reads and mode == "tier":
                self.region(blk.start, blk.end, "list item that does not read as a question")
                continue
            if subs and self._independent(subs):
                # a question with its own marked sub-questions: each one a card
                self._card_from_item(it, sec, label_domain, how, rest_blocks=[b for b in it.children if b not in subs])
                for sub in subs:
                    self._list(sub, sec, "any", label_domain, how)
                continue
            if subs and (all(b in subs for b in it.children) or (
                    not self.vocab.asks(strip_markup(it.question)) and it.children[-1] in subs)):
                # follow-up questions right under a question, or a scenario whose unmarked sub-questions
                # only make sense together (no prose follows them): one card. A question whose item
                # goes on in prose ("Ask first: - …? Then …") has them in its answer.
                self._card_from_item(it, sec, label_domain, how, rest_blocks=[], front_blocks=it.children)
                continue
            self._card_from_item(it, sec, label_domain, how, rest_blocks=it.children)

    @property
    def marked_document(self) -> bool:
        """Most list items of the document that read as questions carry a difficulty marker ([E] …)."""
        if self._marked_document is None:
            items = marked = 0
            stack = list(self.blocks)
            while stack:
                b = stack.pop()
                if b.kind == "list_item" and b.children and b.children[0].kind == "paragraph":
                    items += 1
                    line = LIST_MARKER.sub("", self.lines[b.children[0].start], count=1)
                    marked += self.cls.inline_difficulty(line)[1] is not None
                stack.extend(b.children)
            self._marked_document = marked >= 5 and 2 * marked > items
        return self._marked_document

    _marked_document: bool | None = None

    def _is_topic(self, it: Item, subs: list[Block]) -> bool:
        """A short title ("Convergence.", "Bias-variance trade-off") over a list of questions, or any
        unmarked line over sub-questions that carry their own difficulty markers (its context)."""
        if self._independent(subs):
            return True
        words = strip_markup(it.question).split()
        return len(words) <= 8 and not it.question.rstrip().endswith((":", "："))

    def _independent(self, subs: list[Block]) -> bool:
        for sub in subs:
            marked = [self.read_item(x).marked for x in sub.children if x.kind == "list_item"]
            if marked and sum(marked) * 2 >= len(marked):
                return True
        return False

    def _card_from_item(self, it: Item, sec: Section, label_domain: str | None, how: str, *,
                        rest_blocks: list[Block], front_blocks: list[Block] | None = None) -> None:
        blk = it.block
        question = it.question
        if front_blocks:
            question = question.rstrip() + "\n\n" + self.src(front_blocks[0].start, front_blocks[-1].end)
        answer = it.answer
        if rest_blocks and not self._note_only(rest_blocks):
            rest = self._answer_blocks(rest_blocks)
            answer = (answer + "\n\n" + rest).strip() if answer else rest
        answer = self._strip_details(answer)
        q = clean_question(question) if "\n" not in question.strip() else question.strip()
        card = self.add_card(q, answer, blk.line, sec, difficulty=it.difficulty, tags=it.tags,
                             label_domain=label_domain, how=how, shape="list-item")
        if card is not None and answer:
            self.region(blk.start + 1, blk.end, f"answer of the card at line {blk.line}")

    def _answer_blocks(self, blocks: list[Block]) -> str:
        """The item's blocks after its question as an answer; a sub-list of one answer-labelled item
        ("- *A:* …") gives its text without the label."""
        if len(blocks) == 1 and blocks[0].kind in _LISTS and len(blocks[0].children) == 1:
            inner = self.read_item(blocks[0].children[0])
            if inner.kind == "answer":
                extra = self.src(inner.children[0].start, inner.block.end) if inner.children else ""
                return (inner.answer + ("\n\n" + extra if extra else "")).strip()
        return self.src(blocks[0].start, blocks[-1].end)
