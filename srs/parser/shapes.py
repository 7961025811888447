"""The card shapes the extractor recognises inside a section, one method each: labelled Q/A,
scenarios and prompt sections, question headings and slots, bold questions, numbered tasks,
``<details>`` reveals and question tables (question lists are in :mod:`srs.parser.lists`). Mixed
into :class:`srs.parser.extract.Extractor`, whose state (lines, classifier, vocabulary, heading
stack) they read."""

from __future__ import annotations

import re
import textwrap

from srs.parser import ParsedCard
from srs.parser.blocks import Block
from srs.parser.labels import _head, bold_line, parse_metadata
from srs.parser.structure import (BOLD_LEAD, BOLD_PREFIX, DETAILS_TAG, EDGE_TAGS_END, EDGE_TAGS_START, EXHIBITS,
                                  NUMBERED_LEAD, NUMBERING, SUMMARY, SUMMARY_END, SUMMARY_OPEN, TAG, Section, Seg,
                                  first_summary)
from srs.parser.text import clean_question, strip_emoji, strip_markup, sub_before_last

# How far the <details> shapes look (answers of 50 lines and summaries of 9 lines at most in the sample corpus;
# trailing decoration such as "</b></details>" a few dozen characters). Searching to the end of the section for
# every unclosed <details> or <summary>, or matching decoration from every position of a long run of spaces,
# took time quadratic in the document.
_DETAILS_LINES = 500  # a <details> not closed within this many lines is unclosed
_SUMMARY_LINES = 100  # a <summary> not closed within this many lines is not a spanning summary
_EDGE_END_CHARS = 256  # decoration is looked for in this many characters at an answer's end


class CardShapes:
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
        cut = self._first_card_block(i + 1, k, lone_bold=False)
        rest = (cut, k) if cut < k else None
        k = cut
        end = self.blocks[k - 1].end if k > i + 1 else h.end
        start = h.end
        question, diff, tags = self.cls.inline_difficulty(question)
        question = clean_question(question)
        first = self.blocks[i + 1] if k > i + 2 else None  # a body with more than the exhibit
        if first is not None and first.kind in EXHIBITS and self._points_ahead(question):
            # "… why would the following split be wrong" + the code it means: that code is the question's
            question = question + "\n\n" + self.src(first.start, first.end)
            start = first.end
        start, meta_diff, meta_tags = self._heading_body_start(i + 1, k, start)
        answer = self._strip_details(self.src(start, end)) if start is not None else ""
        sec = Section()
        self.add_card(question, answer, h.line, sec, difficulty=diff or meta_diff, tags=[*tags, *meta_tags],
                      how="question heading", own_heading=True, shape="heading",
                      difficulty_why="a marker in the question" if diff else "a metadata line under the heading")
        self.region(h.end, end, f"answer of the card at line {h.line}")
        if rest is not None:  # questions of another shape after the answer: their own section
            own = self.stack.pop() if self.stack else None
            self.section(self.blocks[rest[0]:rest[1]], None)
            if own is not None:
                self.stack.append(own)
            return rest[1]
        return k

    def _is_slot(self, i: int, title: str) -> bool:
        """A label-word heading names a question slot with a number ("Question 3") or with an answer
        heading inside its section; a bare "## Problem" (a post-mortem, a case study) is prose."""
        if any(ch.isdigit() for ch in title):
            return True
        h = self.blocks[i]
        for x in range(i + 1, len(self.blocks)):  # to the section's end only: near-linear over the document
            b = self.blocks[x]
            if b.kind != "heading":
                continue
            if b.level <= h.level:
                return False
            if _head(self.heading_title(b.text)) in self.vocab.answer_label_heads:
                return True
        return False

    def slot_card(self, i: int) -> int:
        """A heading that only names a question slot ("## Question 3", "### Problem 2"): the text
        under it is the question, and the section under an answer heading ("### Answer",
        "#### Solution") inside it, else the text after the question's first paragraph, the answer."""
        h = self.blocks[i]
        n = len(self.blocks)
        k = i + 1
        while k < n and not (self.blocks[k].kind == "heading" and self.blocks[k].level <= h.level):
            k += 1
        inner = list(range(i + 1, k))
        ans_h = next((x for x in inner if self.blocks[x].kind == "heading"
                      and _head(self.heading_title(self.blocks[x].text)) in self.vocab.answer_label_heads), None)
        if ans_h is not None:
            q_blocks = [self.blocks[x] for x in inner if x < ans_h and self.blocks[x].kind not in ("heading", "hr")]
            a_start = ans_h + 1
        else:
            first = next(x for x in inner if self.blocks[x].kind != "heading")
            q_blocks = [self.blocks[first]]
            a_start = first + 1
        cut = self._first_card_block(a_start, k) if a_start < k else k
        a_blocks = [self.blocks[x] for x in range(a_start, cut) if self.blocks[x].kind != "hr"]
        if not q_blocks:
            return k
        question = self.src(q_blocks[0].start, q_blocks[-1].end)
        q, diff, tags = self.cls.inline_difficulty(question)
        q = clean_question(q) if "\n" not in q.strip() else q.strip()
        answer = self.src(a_blocks[0].start, a_blocks[-1].end) if a_blocks else ""
        sec = Section()
        line = q_blocks[0].line
        self.add_card(q, self._strip_details(answer), line, sec, difficulty=diff, tags=tags,
                      how=f"question under the heading '{self.stack[-1].title}'", shape="heading", own_heading=True)
        if a_blocks:
            self.region(a_blocks[0].start, a_blocks[-1].end, f"answer of the card at line {line}")
        if cut < k:  # questions of another shape after the answer: their own section
            own = self.stack.pop() if self.stack else None
            self.section(self.blocks[cut:k], None)
            if own is not None:
                self.stack.append(own)
        return k

    def _first_card_block(self, a: int, z: int, *, lone_bold: bool = True) -> int:
        """The first block in [a, z) that starts a card of another shape (a question table, a
        ``<details>`` question, a bold or labelled question, a list that asks), else z.
        ``lone_bold=False``: one bold question alone in the rest of the body is a sub-heading of the
        answer (a heading question's answer ends at a shape the document repeats for its questions)."""
        body = [b for b in self.blocks[a:z] if b.kind != "heading"]
        if len(body) < z - a:
            return z  # deeper headings in the body: leave it whole
        segs = self.segments(body)
        for x, sg in enumerate(segs):
            if x == 0 and sg.kind != "table":
                continue  # the answer's first block is the answer
            if not lone_bold and sg.kind == "paragraph" and sg.label is None and not self.numbered_lead(sg) \
                    and self.bold_question(sg) \
                    and sum(1 for t in segs[x:] if t.kind == "paragraph" and t.label is None
                            and self.bold_question(t)) < 2:
                continue  # one bold question ("**Why not TCP?**") inside the answer: a sub-heading of it
            if (sg.kind == "table" and sg.block is not None and self.question_column(sg.block) is not None) or (
                    sg.kind != "hr" and self.starts_card(segs, x)) or (
                    self._asking_list(segs, x)):
                return next(k for k in range(a, z) if self.blocks[k] is sg.block)
        return z

    def _heading_body_start(self, a: int, z: int, start: int) -> tuple[int | None, str | None, list[str]]:
        """Where the answer in a question heading's body (blocks [a, z)) starts, and the difficulty and
        tags of the metadata lines before it (``**Difficulty:** Easy``); an answer label
        (``**Sample Answer:**``) starts it after the label."""
        if a >= z:
            return start, None, []
        segs = self.segments(self.blocks[a:z])
        diff, tags = None, []
        k = 0
        while k < len(segs) and segs[k].label is not None and segs[k].label.kind == "meta":
            lab = segs[k].label
            meta = parse_metadata(lab.name + (f": {lab.rest}" if lab.rest else ""), self.vocab)
            if meta:
                diff = diff or meta[0]
                tags.extend(meta[1])
            k += 1
        if k == 0:
            return start, None, []
        if k < len(segs) and segs[k].label is not None and segs[k].label.kind == "answer":
            self.region(segs[0].start, segs[k].start + 1, "metadata of the question heading above")
            rest = segs[k].label.rest
            if rest:
                return segs[k].start, diff, tags  # the label line holds answer text: keep it whole
            return (segs[k].start + 1 if segs[k].end > segs[k].start + 1 else
                    (segs[k + 1].start if k + 1 < len(segs) else None)), diff, tags
        return (segs[k].start if k < len(segs) else None), diff, tags

    def _points_ahead(self, question: str) -> bool:
        """A question that introduces what follows ("…:", "the following …")."""
        q = question.rstrip()
        return q.endswith(":") or bool(self.vocab.points_ahead_re.search(q.casefold()))

    def _strip_details(self, text: str) -> str:
        if "<summary" not in text.lower():
            return text
        text = sub_before_last(SUMMARY, "", text, SUMMARY_END)
        text = sub_before_last(TAG, "", text, ">")
        return re.sub(r"\n{3,}", "\n\n", text).strip()


    # ---------------------------------------------------------- card shapes
    def labelled_card(self, segs: list[Seg], k: int, sec: Section) -> int:
        """``**Question:** …`` then ``**Answer:** …``."""
        qseg = segs[k]
        q_end = k + 1
        while q_end < len(segs) and segs[q_end].label is None and segs[q_end].kind not in ("hr",):
            q_end += 1
        unlabelled_answer = None
        if not (q_end < len(segs) and segs[q_end].label and segs[q_end].label.kind == "answer"):
            # "**Q:** What is X?" then the answer with no label, up to "---": the question is the
            # label's paragraph (and a list it introduces with ":"), the rest is the answer
            qa = k + 1 if (qseg.label and qseg.label.rest) or qseg.end - qseg.start > 1 else k + 2
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
                      difficulty=diff, tags=tags, how=f"'{qseg.label.name}' label" if qseg.label else "label",
                      shape="labelled")
        self.region(qseg.start, segs[q_end - 1].end, f"question of the card at line {line}")
        return nxt

    def prompt_card(self, segs: list[Seg], sec: Section, heading: Block | None) -> int:
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
                meta = parse_metadata(s.label.name + (f": {s.label.rest}" if s.label.rest else ""), self.vocab)
                if meta:
                    sec.add_meta(s.start + 1, meta)
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
        self.add_card(question, answer, line, sec, label_domain=label_domain, how=how,
                      shape="prompt" if heading is not None else "scenario")
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
            m = BOLD_LEAD.match(line)
            if m is None:
                return None
            body = m.group("body") + " " + m.group("rest")  # "**What is X?** (easy)"
        q = NUMBERING.sub("", strip_markup(body)).strip()
        bare, diff, _ = self.cls.inline_difficulty(q)
        bare = strip_emoji(bare)
        if not bare:
            return None
        if self.vocab.ends_as_question(bare) or (diff is not None and bold_line(line) is not None):
            return q
        return None

    def bold_card(self, segs: list[Seg], k: int, question: str, sec: Section) -> int:
        end = k + 1
        while end < len(segs) and not self.starts_card(segs, end):
            end += 1
        answer = self.src(segs[k + 1].start, segs[end - 1].end) if end > k + 1 else ""
        answer = self._strip_details(answer)
        q, diff, tags = self.cls.inline_difficulty(question)
        line = segs[k].start + 1
        self.add_card(clean_question(q), answer, line, sec, difficulty=diff, tags=tags, how="bold question", shape="bold")
        if end > k + 1:
            self.region(segs[k + 1].start, segs[end - 1].end, f"answer of the card at line {line}")
        self._maybe_open(sec, end, len(segs))
        return end

    def _maybe_open(self, sec: Section, end: int, n: int) -> None:
        """The last card's answer ran to the end of the section: sub-sections may continue it."""
        if end >= n and sec.cards and sec.cards[-1].answer:
            self.open_answer = (sec.cards[-1], self.stack[-1].level if self.stack else 0)

    def _answer_after_single_item(self, segs: list[Seg], k: int, card: ParsedCard) -> int:
        """``1. **How do you handle class imbalance?**`` alone in its list, then paragraphs: those
        paragraphs (and their lists) are its answer, up to ``---`` or the next question."""
        end = k
        while end < len(segs) and not self.starts_card(segs, end) and not self._is_reveal(segs[end]) and not (
                self._asking_list(segs, end)):
            end += 1  # (a "Show answer" reveal after it is its answer: details_card attaches it)
        if end > k and self._note_only([s.block for s in segs[k:end] if s.block is not None]):
            self.region(segs[k].start, segs[end - 1].end, f"a note under the card at line {card.line}, not its answer")
        elif end > k:
            card.answer = self.clean_answer(self.src(segs[k].start, segs[end - 1].end))
            self.region(segs[k].start, segs[end - 1].end, f"answer of the card at line {card.line}")
            if end >= len(segs) and card.answer:
                self.open_answer = (card, self.stack[-1].level if self.stack else 0)
        return end

    def _asking_list(self, segs: list[Seg], k: int) -> bool:
        """Segment k is a list that asks, and not one the answer introduces ("Ask first:" + questions)."""
        s = segs[k]
        if s.kind not in ("bullet_list", "ordered_list") or s.block is None:
            return False
        if k > 0 and segs[k - 1].kind == "paragraph" and self.lines[segs[k - 1].end - 1].rstrip().endswith((":", "：")):
            return False
        return self._list_of_questions(s.block)

    def _list_of_questions(self, lst: Block) -> bool:
        """A list that ends an answer running up to it: one asking questions."""
        marks = self.vocab.question_marks
        text = "".join(self.lines[it.children[0].start] for it in lst.children if it.children)
        if not any(m in text for m in marks) and "[" not in text and ":" not in text and "(" not in text \
                and text.isascii():
            return False  # nothing asks, nothing is marked or labelled: part of the answer
        return self.is_question_list(lst, asked=True)

    def numbered_lead(self, s: Seg) -> bool:
        """A paragraph opening with bold numbering: ``**1)** The number of …``, ``**2) Fibonacci**. Return …``."""
        if s.kind != "paragraph" or NUMBERED_LEAD.match(self.lines[s.start]) is None:
            return False
        # the task text must follow the bold part: "**2. Question Bank Development**" alone is a sub-heading
        after = BOLD_PREFIX.sub("", self.lines[s.start], count=1)
        return len(strip_markup(after).split()) >= 3 or s.end - s.start > 1

    def numbered_lead_card(self, segs: list[Seg], k: int, sec: Section) -> int:
        """A numbered task paragraph (with the example list right after it) as the question; what
        follows up to the next numbered task, ``---`` or label is the answer."""
        s = segs[k]
        q_end = k + 1
        if q_end < len(segs) and segs[q_end].kind in ("bullet_list", "ordered_list"):
            after = segs[q_end + 1] if q_end + 1 < len(segs) else None
            answer_follows = after is not None and after.kind != "hr" and not after.label and not self.numbered_lead(after)
            if answer_follows or self._points_ahead(self.lines[s.end - 1]):
                q_end += 1  # the examples the task gives ("* `[1, 2], 3` ⇒ True"); else the list is the answer
        end = q_end
        listing = False  # numbered leads that do not ask, after an answer paragraph ending in ":", are its items
        while end < len(segs):
            nxt = segs[end]
            if end > q_end and nxt.kind == "paragraph" and nxt.label is None and self.numbered_lead(nxt) \
                    and not self._lead_asks(nxt) and (listing or self.lines[segs[end - 1].end - 1].rstrip().endswith(":")):
                listing = True
                end += 1
                continue
            if self.starts_card(segs, end, bold=False) or self._asking_list(segs, end):
                break
            listing = False
            end += 1
        first = NUMBERING.sub("", strip_markup(self.lines[s.start], keep_code=True).strip())
        question = self.src(s.start, segs[q_end - 1].end, first)
        answer = self._strip_details(self.src(segs[end - 1].end if end == q_end else segs[q_end].start,
                                              segs[end - 1].end)) if end > q_end else ""
        q, diff, tags = self.cls.inline_difficulty(question)
        line = s.start + 1
        self.add_card(clean_question(q) if "\n" not in q.strip() else q.strip(), answer, line, sec,
                      difficulty=diff, tags=tags, how="numbered task paragraph", shape="numbered-task")
        self.region(s.start, segs[end - 1].end, f"the card at line {line}")
        self._maybe_open(sec, end, len(segs))
        return end

    def details_card(self, segs: list[Seg], k: int, sec: Section) -> int:
        """``<details><summary>…</summary> … </details>``: a question with a hidden answer,
        or (summary "Answer"/"Solution") the answer of the card just before. The answer is the
        source between ``</summary>`` and the matching ``</details>`` wherever the Markdown blocks
        put them (``<br><b>`` after the summary, ``</b></details>`` after a list), without the
        decoration at its edges."""
        blk = segs[k].block
        assert blk is not None
        limit = segs[-1].end
        m = first_summary(blk.text)
        summary = strip_markup(m.group("s")).strip() if m else ""
        line0 = blk.start + (blk.text[: m.end()].count("\n") if m else 0)
        col0 = (m.end() - (blk.text.rfind("\n", 0, m.end()) + 1)) if m else len(self.lines[line0])
        qline = blk.start + (blk.text[: m.start()].count("\n") if m else 0)
        if m is None:  # a summary that spans blocks: "<summary>Which of these …?\n\n* a\n* b</summary>"
            spanned = self._spanning_summary(blk, limit)
            if spanned is not None:
                summary, qline, line0, col0 = spanned
        close = self._details_close(line0, col0, limit)
        if close is None:  # no </details>: the answer runs to the next question
            end = k + 1
            while end < len(segs) and not self.starts_card(segs, end):
                end += 1
            last_line, last_col = segs[end - 1].end - 1, None
        else:
            last_line, last_col = close
            end = k + 1
            while end < len(segs) and segs[end].start <= last_line:
                end += 1
        answer = self._details_answer(line0, col0, last_line, last_col)
        answer = self._strip_details(answer)
        if self._reveal_summary(summary):
            if sec.cards and not sec.cards[-1].answer:
                sec.cards[-1].answer = self.clean_answer(answer)
                self.region(segs[k].start, last_line + 1, f"answer of the card at line {sec.cards[-1].line}")
            return end
        if summary and self.excluded_context() is None:
            q, diff, tags = self.cls.inline_difficulty(NUMBERING.sub("", summary))
            line = qline + 1
            q = clean_question(q) if "\n" not in q else q
            self.add_card(q, answer, line, sec, difficulty=diff, tags=tags, how="<details> summary", shape="details")
            self.region(segs[k].start, last_line + 1, f"answer of the card at line {line}")
        return end

    def _spanning_summary(self, blk: Block, limit: int) -> tuple[str, int, int, int] | None:
        """(question, its line, line and column after ``</summary>``) of a summary whose text runs
        over several blocks (a list or code in the question), or None."""
        m = SUMMARY_OPEN.search(blk.text)
        if m is None:
            return None
        qline = blk.start + blk.text[: m.start()].count("\n")
        col = m.end() - (blk.text.rfind("\n", 0, m.end()) + 1)
        for ln in range(qline, min(limit, len(self.lines), qline + _SUMMARY_LINES)):
            text = self.lines[ln]
            c = text.lower().find("</summary>", col if ln == qline else 0)
            if c < 0:
                continue
            parts = [self.lines[qline][col:], *self.lines[qline + 1:ln]] if ln > qline else []
            parts.append(text[:c] if ln > qline else text[col:c])
            first, rest = parts[0].strip(), textwrap.dedent("\n".join(parts[1:])).strip()
            question = clean_question(strip_markup(first, keep_code=True))
            if rest:
                question = (question + "\n\n" + rest).strip()
            return question, qline, ln, c + len("</summary>")
        return None

    def _details_close(self, line: int, col: int, limit: int) -> tuple[int, int] | None:
        """(line, column) of the ``</details>`` closing the block whose summary ends at (line, col),
        skipping nested ``<details>`` blocks; None before ``limit``."""
        depth = 0
        for ln in range(line, min(limit, len(self.lines), line + _DETAILS_LINES)):
            text = self.lines[ln]
            start = col if ln == line else 0
            if "details" not in text.lower():
                continue
            for t in DETAILS_TAG.finditer(text, start):
                if t.group(1):
                    if depth == 0:
                        return ln, t.start()
                    depth -= 1
                else:
                    depth += 1
        return None

    def _details_answer(self, line0: int, col0: int, line1: int, col1: int | None) -> str:
        """Source from (line0, col0) to (line1, col1) (col1 None: the whole line), dedented, without
        the tags and spacers at its edges (``<br><b>`` … ``</b>``, ``<div>`` … ``</div>``)."""
        if line1 < line0:
            return ""
        if line1 == line0:
            parts = [self.lines[line0][col0:col1]]
        else:
            parts = [self.lines[line0][col0:], *self.lines[line0 + 1:line1],
                     self.lines[line1] if col1 is None else self.lines[line1][:col1]]
        text = "\n".join(parts)
        text = EDGE_TAGS_START.sub("", text)
        m = EDGE_TAGS_END.search(text, max(0, len(text) - _EDGE_END_CHARS))
        text = text[: m.start()] if m else text
        return self.clean_answer(textwrap.dedent(text.strip("\n")).strip())

    def _is_reveal(self, s: Seg) -> bool:
        """A ``<details><summary>Answer</summary>`` block."""
        if s.kind != "html" or s.block is None:
            return False
        m = first_summary(s.block.text)
        return bool(m) and self._reveal_summary(strip_markup(m.group("s")))

    def _reveal_summary(self, summary: str) -> bool:
        head = summary.casefold().split()
        return bool(head) and (head[-1] in self.vocab.answer_label_heads
                               or head[0] in self.vocab.reveal_words)

    def question_column(self, tbl: Block) -> int | None:
        """The column of a table that holds questions ("Question", "Question Title", "Problem")."""
        if len(tbl.rows) < 2:
            return None
        header = [strip_markup(c).strip().casefold() for c in tbl.rows[0]]
        qcol = next((k for k, h in enumerate(header) if h in self.vocab.question_labels), None)
        if qcol is None:  # "Question Title", "Interview question", "Problem statement"
            qcol = next((k for k, h in enumerate(header)
                         if set(h.split()) & self.vocab.table_question_words), None)
        return qcol

    def table_cards(self, tbl: Block | None, sec: Section) -> None:
        if tbl is None or len(tbl.rows) < 2:
            return
        header = [strip_markup(c).strip().casefold() for c in tbl.rows[0]]
        qcol = self.question_column(tbl)
        if qcol is None:
            self.region(tbl.start, tbl.end, "table without a Question column")
            return
        acol = next((k for k, h in enumerate(header) if h and h.split()[-1] in self.vocab.answer_label_heads), None)
        dcol = next((k for k, h in enumerate(header) if h in self.vocab.difficulty_keys), None)
        lcol = next((k for k, h in enumerate(header) if h in self.vocab.table_level_headers), None)
        for r, row in enumerate(tbl.rows[1:]):
            if qcol >= len(row):
                continue
            q, diff, tags = self.cls.inline_difficulty(row[qcol])
            if dcol is not None and dcol < len(row):
                diff = self.vocab.difficulty_of(strip_markup(row[dcol])) or diff
            answer = row[acol].replace("<br>", "\n").strip() if acol is not None and acol < len(row) else ""
            card = self.add_card(clean_question(q), answer, tbl.start + 3 + r, sec, difficulty=diff, tags=tags,
                                 how="row of a question table", shape="table-row",
                                 difficulty_why="its Difficulty column" if dcol is not None else "a marker in the question")
            if card is not None and lcol is not None and lcol < len(row):
                lv = self.cls.level_word(strip_markup(row[lcol]))
                if lv:
                    card.level, card.why["level"] = lv, "its Level column"

