"""Recognising labels at the start of a line: `**Question:**`, `**Answer**:`, `Q:`, `**Time: 20 min | Difficulty: Hard**`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from srs.parser.vocab import Vocabulary

# **Label:** rest   |   **Label**: rest   |   __Label:__ rest
_BOLD_LABEL = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_\n]{1,80}?)\s*(?:[:：]\s*\1|\1\s*[:：])(?P<rest>.*)$")
# **Whole bold line**  (used for metadata lines and bold questions)
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<body>.+?)\1\s*+(?::\s*+)?$")  # possessive: linear after each closer
# Q: rest   (plain labels only for a short list of words)
_PLAIN_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_][^\W\d_ ]{0,20}?)\s*[:：]\s*(?P<rest>.*)$")
# **Q1: the question in the same bold run**   |   *A:* rest  (italic labels: question/answer labels only)
_BOLD_WHOLE_LABEL = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_\n:：]{1,30}?)\s*[:：]\s*(?P<rest>[^*\n]*?\S)\s*\1\s*$")
_ITALIC_LABEL = re.compile(r"^\s*([*_])(?P<label>[^*_\n]{1,30}?)\s*(?:[:：]\s*\1|\1\s*[:：])(?P<rest>.*)$")
# Q1. rest  |  Q.1 rest  |  Ans. rest   (labels with a period: only the words under structure.period_labels)
# (possessive runs of spaces: "x" and a long run of spaces made the plain \s*…\s* backtrack quadratically)
_PERIOD_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_]{1,12})\s*+(?:(?P<num>\.\s*+\d+[a-z]?)(?:\s*+[.):])?|(?P<num2>\d+[a-z]?)?\s*+[.)])"
                           r"\s+(?P<rest>\S.*)$")
_NUMBER = re.compile(r"\s*#?\d+[a-z]?\s*$")
# "a | b": a separator starts where its spaces start, or right after the spaces an earlier one took (from inside
# a run of spaces re would rescan the run, position after position)
_SEPARATOR = re.compile(r"(?:(?<!\s)\s+)?[|•·]\s*")


@dataclass(frozen=True)
class Label:
    kind: str  # question | answer | context | meta | questions (a question-list label) | other
    name: str  # label text as written (cleaned)
    rest: str  # text after the label on the same line
    bold: bool


def _head(label: str) -> str:
    """Label without trailing numbering, lowercased: 'Question 3' -> 'question'."""
    return _NUMBER.sub("", label).strip().casefold()


def classify_label(name: str, vocab: Vocabulary) -> str:
    head = _head(name)
    words = head.split()
    if not words:
        return "other"
    if head in vocab.question_labels:
        return "question"
    if head in vocab.context_labels:
        return "context"
    if words[-1] in vocab.answer_label_heads and not vocab.question_list_re.search(head):
        return "answer"
    if words[0] in vocab.metadata_keys and len(words) <= 3:
        return "meta"
    if vocab.question_list_re.search(head):
        return "questions"
    return "other"


def parse_label(line: str, vocab: Vocabulary) -> Label | None:
    """The label a line starts with, if any (memoised per vocabulary: the parser asks about the
    same lines from several shapes)."""
    cache = vocab.__dict__.setdefault("_label_cache", {})
    try:
        return cache[line]
    except KeyError:
        pass
    if len(cache) > 100_000:
        cache.clear()
    found = cache[line] = _parse_label(line, vocab)
    return found


def _parse_label(line: str, vocab: Vocabulary) -> Label | None:
    bl = _BOLD_LINE.match(line)
    if bl and _looks_meta(bl.group("body"), vocab):
        # `**Time: 20 minutes | Difficulty: Hard**` is one bold metadata line, not "Time" + rest
        return Label("meta", bl.group("body").strip(), "", True)
    m = _BOLD_WHOLE_LABEL.match(line)
    if m and classify_label(m.group("label"), vocab) in ("question", "answer"):
        return Label(classify_label(m.group("label"), vocab), m.group("label").strip(), m.group("rest").strip(), True)
    m = _ITALIC_LABEL.match(line)
    if m and _head(m.group("label")) in vocab.plain_labels:  # "*A:* …"; not "_Your Response_:" (a script)
        return Label(classify_label(m.group("label"), vocab), m.group("label").strip(), m.group("rest").strip(), True)
    m = _BOLD_LABEL.match(line)
    if m:
        name = m.group("label").strip()
        rest = m.group("rest").strip()
        kind = classify_label(name, vocab)
        if kind == "meta" and not rest:  # "**Company Research Questions**:" names no value
            kind = "questions" if vocab.question_list_re.search(name.casefold()) else "other"
        return Label(kind, name, rest, True)
    m = _PLAIN_LABEL.match(line)
    if m:
        name = m.group("label").strip()
        head = _head(name)
        if head in vocab.plain_labels:
            return Label(classify_label(name, vocab), name, m.group("rest").strip(), False)
        if head.split()[0] in vocab.metadata_keys and len(head.split()) <= 3 and m.group("rest").strip():
            return Label("meta", line.strip(), "", False)
    m = _PERIOD_LABEL.match(line)
    if m and m.group("label").casefold() in vocab.period_labels:
        name = m.group("label") + (m.group("num") or m.group("num2") or "").replace(".", "").strip()
        return Label(classify_label(m.group("label"), vocab), name, m.group("rest").strip(), False)
    return None


def _looks_meta(body: str, vocab: Vocabulary) -> bool:
    parts = [p for p in _SEPARATOR.split(body.strip()) if p.strip()]
    return bool(parts) and all(
        ":" in p and p.partition(":")[0].strip().strip("*_").casefold().split()[:1] != []
        and p.partition(":")[0].strip().strip("*_").casefold().split()[0] in vocab.metadata_keys
        and p.partition(":")[2].strip()
        for p in parts
    )


def parse_metadata(text: str, vocab: Vocabulary) -> tuple[str | None, list[str]] | None:
    """`Time: 20 minutes | Difficulty: Hard` -> (difficulty, tags). None when the text is not metadata."""
    body = text.strip().strip("*_").strip()
    parts = [p.strip().strip("*_").strip() for p in _SEPARATOR.split(body) if p.strip()]
    if not parts:
        return None
    difficulty = None
    tags: list[str] = []
    for part in parts:
        if ":" not in part:
            return None
        key, _, value = part.partition(":")
        key = key.strip().strip("*_").casefold()
        value = value.strip().strip("*_").strip()
        if not key or key.split()[0] not in vocab.metadata_keys or not value:
            return None
        if key in vocab.difficulty_keys:
            d = vocab.difficulty_of(value)
            if d is None:
                return None  # a placeholder such as "[Easy/Medium/Hard]"
            difficulty = d
        else:
            # "Tags: a,b,c" / "a, b" / "a、b": one tag per value
            for v in re.split(r"\s*[,，、;；]\s*", value):
                if _tag_word(v):
                    tags.append(f"{_tag_word(key)}::{_tag_word(v)}")
    return difficulty, tags


def _tag_word(text: str) -> str:
    return re.sub(r"[^\w.+-]+", "-", text.strip().casefold()).strip("-")


def bold_line(line: str) -> str | None:
    """The text of a line that is wholly bold, else None."""
    m = _BOLD_LINE.match(line)
    return m.group("body").strip() if m else None


_SHORT_PERIOD_LABEL = re.compile(r"^\s*(?P<label>[^\W\d_]{1,6})\s*[.)．]\s+(?P<rest>\S.*)$")


def paired_answer_label(line: str, vocab: Vocabulary) -> Label | None:
    """``A. …`` (or ``答. …``) right after a ``Q. …`` question: an answer label. Alone such a line is more
    likely a multiple-choice option, so :func:`parse_label` does not read it."""
    m = _SHORT_PERIOD_LABEL.match(line)
    if m and _head(m.group("label")) in vocab.plain_labels and classify_label(m.group("label"), vocab) == "answer":
        return Label("answer", m.group("label"), m.group("rest").strip(), False)
    return None
