"""Stable card ids: derive new ones, and carry old ones across re-imports.

A card's ``id`` keys its review history and its Anki note, so it must survive
the edits an author makes to a source document between two imports: a typo
fix, a slight rewording, a rewritten answer, other questions inserted or
deleted around it, the question moved to another section.

Two rules:

* **New ids are derived, never counted.** :func:`derive_id` hashes the deck
  slug and the normalised question (``sha256(slug + NUL + question)``, first
  50 bits in lowercase base32, 10 characters). A question that vanishes and
  later comes back gets the same id, so its history returns. Only when that
  id is already taken in the deck (the same question twice, or a kept id that
  happens to equal it) is a deterministic salt (``NUL + n``) appended.
* **Old ids are matched, not recomputed.** :func:`match_cards` pairs the cards
  of the deck already on disk with the newly parsed cards: first identical
  normalised questions (one-to-one, in order, so legitimate duplicates map
  first-to-first, second-to-second), then, among the rest, pairs whose
  similarity score reaches a threshold, best pair first (greedy). The score
  mixes character similarity of the questions, overlap of their content words
  (template words such as "what is the difference between" do not count), and
  answer similarity when both answers are substantial; same topic and a
  similar relative position only break ties.

The module is pure: no I/O, it works on anything with ``question``, ``answer``
and ``topic`` attributes (:class:`srs.card.Card`, :class:`srs.parser.ParsedCard`).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import deque
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Protocol, Sequence

#: Length of a derived id (base32 characters; 50 bits).
ID_LENGTH = 10

#: Minimum similarity score (0..1) for an edited question to keep an old id.
MATCH_THRESHOLD = 0.7

#: Answers shorter than this (normalised characters) are not used as evidence.
MIN_ANSWER_EVIDENCE = 40

#: Scoring looks at no more of a question than this (characters compared, content words; real questions
#: stay far below: 834 characters and 75 words at most in the sample corpus). Comparing two questions of a
#: hostile length costs time quadratic in it.
MAX_SCORED_CHARS = 2_000
MAX_SCORED_WORDS = 300

#: Pairs found through shared words are visited at most this many times per card (plus a fixed allowance
#: that small decks never exceed); past it the commonest words stop proposing pairs. A deck of one question
#: repeated, or of questions all sharing a word, would otherwise have every old card paired with every new
#: one. Real re-imports stay far below (under 300 per card with every question edited).
PAIR_VISITS_PER_CARD = 200
PAIR_VISITS_ALLOWANCE = 100_000

#: Words that carry no identity: question templates and function words.
STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be been before being below between both but by
    can could did do does doing done during each either else ever every few for from had has have having how i
    if in into is it its itself just let me more most my no nor not now of off on once only or other our out over
    own same shall she should so some such than that the their them then there these they this those through to
    too under until up very via vs was we were what whats when where whether which while who whom whose why will
    with would you your yours

    briefly compare define describe difference differences discuss example examples explain give how's mean means
    meant tell talk walk what's
    """.split()
)

_MARKUP = re.compile(r"[*_`~\"“”‘’]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"(?<![\s?.!:;,])[\s?.!:;,]+$")  # from the run's start only: linear in a long run
_WORD = re.compile(r"[\w+#]+")


class CardLike(Protocol):
    question: str
    answer: str
    topic: str


def normalise_question(text: str) -> str:
    """The form of a question used for exact matching and for deriving ids.

    Unicode NFKC, case-folded, Markdown emphasis/code markers and quotes
    removed, whitespace collapsed, trailing punctuation dropped. Symbols that
    distinguish questions (``C++`` / ``C#``, ``L1``) are kept.

    >>> normalise_question("  What is **over-fitting**?\\n")
    'what is over-fitting'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _MARKUP.sub("", text)
    text = _DASHES.sub("-", text)
    text = _SPACE.sub(" ", text)
    return _TRAILING.sub("", text).strip()


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


def _hash_id(*parts: str) -> str:
    """``base64.b32encode(sha256(parts joined by NUL)).lower()[:10]``: the first 50 bits, 5 per character."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).digest()
    bits = int.from_bytes(digest[:7], "big") >> (56 - 5 * ID_LENGTH)
    return "".join(_BASE32[(bits >> (5 * k)) & 31] for k in range(ID_LENGTH - 1, -1, -1))


def derive_id(deck_slug: str, question: str, taken: Iterable[str] = ()) -> str:
    """A new id for ``question`` in the deck ``deck_slug``, not in ``taken``.

    Deterministic: the same deck, question and taken set give the same id.
    The result matches the :class:`srs.card.Card` id pattern (``[a-z2-7]{10}``).

    >>> derive_id("my-deck", "What is overfitting?") == derive_id("my-deck", "what is  overfitting")
    True
    """
    return _derive(deck_slug, normalise_question(question), taken if isinstance(taken, (set, frozenset)) else set(taken))


def _derive(deck_slug: str, norm: str, taken: set[str] | frozenset[str], salts: dict[str, int] | None = None) -> str:
    """:func:`derive_id` for an already normalised question (``taken`` is only read).

    ``salts`` (question -> the salt its last id needed) lets a caller whose ``taken`` only grows start
    where the last search for the same question stopped: every salt below it gave an id that is
    still taken, so the result is the same, and the k-th copy of a question costs one hash, not k.
    """
    n = salts.get(norm, 0) if salts is not None else 0
    candidate = _hash_id(deck_slug, norm, str(n)) if n else _hash_id(deck_slug, norm)
    while candidate in taken:
        n += 1
        candidate = _hash_id(deck_slug, norm, str(n))
    if salts is not None:
        salts[norm] = n
    return candidate


# -- similarity ---------------------------------------------------------------------------------


def _content_words(norm: str) -> list[str]:
    # "trade-off" and "tradeoff" are one word; stopwords carry no identity.
    words = [w for w in _WORD.findall(_INNER_HYPHEN.sub("", norm)) if w not in STOPWORDS]
    return list(dict.fromkeys(words))  # unique, in order


@lru_cache(maxsize=1 << 16)  # words repeat across cards: one set per word, not one per occurrence
def _typo_keys(word: str) -> frozenset[str]:
    """The word and its one-character deletions (words of 4+ characters only).

    Two words that share a key are one typo apart (a substitution, insertion,
    deletion or swap of neighbours): the SymSpell trick, cheap to index.
    """
    if len(word) < 4:
        return frozenset((word,))
    return frozenset([word, *(word[:i] + word[i + 1 :] for i in range(len(word)))])


def _word_overlap(a: _Prepared, b: _Prepared) -> float | None:
    """How far two questions' content words say "same question"; None when neither has any.

    Words present on both sides (one typo apart counts as present) support the
    match. A word *replaced* by another (unmatched words on both sides: "batch"
    vs "layer" normalization) counts fully against it; words only *added* on
    one side (a qualifier: "... in neural networks") count a quarter. Each word
    counts with its weight: rarer words in the deck weigh more, so "design a
    system for …" does not make two questions alike.
    """
    if not a.words and not b.words:
        return None
    if not a.words or not b.words:
        return 0.0
    exact = a.word_set & b.word_set
    matched = sum(a.weights[w] for w in exact)
    only_a = sum(a.weights[w] for w in a.words if w not in exact)
    only_b = sum(b.weights[w] for w in b.words if w not in exact)
    rest_b = [w for w in b.words if w not in exact]
    for word in a.words:
        if word in exact or not rest_b or len(word) < 4:
            continue
        keys = a.keys[word]
        for i, other in enumerate(rest_b):
            if len(other) >= 4 and not keys.isdisjoint(b.keys[other]):
                wa, wb = a.weights[word], b.weights[other]
                matched += (wa + wb) / 2
                only_a -= wa
                only_b -= wb
                del rest_b[i]
                break
    replaced = min(only_a, only_b)
    added = max(only_a, only_b) - replaced
    return matched / (matched + replaced + 0.25 * added)


@dataclass
class _Prepared:
    norm: str
    words: list[str]
    word_set: frozenset[str]
    keys: dict[str, frozenset[str]]
    weights: dict[str, float]
    answer_norm: str
    answer_words: list[str]
    topic: str
    rel_pos: float


def _idf(norms: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of content words over distinct questions: ``1 + ln(N / df)``."""
    distinct = set(norms)
    df: dict[str, int] = {}
    for norm in distinct:
        for word in _content_words(norm):
            df[word] = df.get(word, 0) + 1
    n = max(len(distinct), 1)
    return {word: 1.0 + math.log(n / count) for word, count in df.items()}


def _prepare(cards: Sequence[CardLike], idf: dict[str, float] | None = None) -> list[_Prepared]:
    return [_prepare_one(c, i, len(cards), idf) for i, c in enumerate(cards)]


def _prepare_one(c: CardLike, i: int, count: int, idf: dict[str, float] | None, norm: str | None = None) -> _Prepared:
    """What scoring needs of card ``i`` of ``count`` (``norm``: its normalised question, if known)."""
    if norm is None:
        norm = normalise_question(c.question)
    words = _content_words(norm)[:MAX_SCORED_WORDS]
    weights = {w: (idf.get(w, 1.0) if idf else 1.0) for w in words}
    answer_norm = normalise_question(c.answer or "")
    answer_words = _WORD.findall(answer_norm)[:400] if len(answer_norm) >= MIN_ANSWER_EVIDENCE else []
    return _Prepared(norm, words, frozenset(words), {w: _typo_keys(w) for w in words}, weights,
                     answer_norm, answer_words, c.topic or "", i / max(count - 1, 1))


def _question_score(a: _Prepared, b: _Prepared, *, floor: float = 0.0) -> float:
    """Question similarity 0..1: 0.15 character similarity + 0.85 content-word overlap.

    Returns 0.0 early when the score cannot reach ``floor``.
    """
    overlap = _word_overlap(a, b)
    if overlap is not None and 0.15 + 0.85 * overlap < floor:
        return 0.0
    sm = SequenceMatcher(None, a.norm[:MAX_SCORED_CHARS], b.norm[:MAX_SCORED_CHARS], autojunk=False)
    if overlap is None:  # neither has a content word ("Why?"): characters decide
        return sm.ratio() if sm.quick_ratio() >= floor else 0.0
    if 0.15 * sm.quick_ratio() + 0.85 * overlap < floor:
        return 0.0
    return 0.15 * sm.ratio() + 0.85 * overlap


def _answer_score(a: _Prepared, b: _Prepared) -> float | None:
    """Word-level similarity of two substantial answers; None unless both have one."""
    if not a.answer_words or not b.answer_words:
        return None
    sm = SequenceMatcher(None, a.answer_words, b.answer_words, autojunk=False)
    if sm.real_quick_ratio() < 0.5 or sm.quick_ratio() < 0.5:
        return 0.0
    return sm.ratio()


def _score(a: _Prepared, b: _Prepared, threshold: float) -> float:
    """Similarity of two cards 0..1 (the threshold lets hopeless pairs stop early).

    The question decides; a substantial answer that stayed the same can carry
    a question that was reworded more heavily (score ``0.4 q + 0.6 a``).
    """
    carry_floor = (threshold - 0.6) / 0.4  # below this even an identical answer cannot carry it
    has_answers = bool(a.answer_words and b.answer_words)
    question = _question_score(a, b, floor=carry_floor if has_answers else threshold)
    if question >= threshold or not has_answers or question < carry_floor:
        return question
    answer = _answer_score(a, b)
    return question if answer is None else max(question, 0.4 * question + 0.6 * answer)


def similarity(a: CardLike, b: CardLike) -> float:
    """The similarity score :func:`match_cards` uses for one pair (0..1), without tie-breakers."""
    pa, pb = _prepare([a]), _prepare([b])
    return _score(pa[0], pb[0], 0.0)


def _pair_keys(p: _Prepared) -> set[str]:
    """What makes two cards worth scoring when both have it: a content word (up to a typo), the same
    answer, or no content word at all ("\0" cannot occur in a word)."""
    keys = {key for word_keys in p.keys.values() for key in word_keys} if p.words else {"\0"}
    if p.answer_words:
        keys.add("\0" + p.answer_norm)
    return keys


def _candidate_pairs(p_old: Sequence[_Prepared], p_new: Sequence[_Prepared], free_old: list[int], free_new: list[int]):
    """Pairs worth scoring: sharing a content word (up to a typo), the same answer, or both wordless.

    Linear in the cards: when the pairs would be visited more than :data:`PAIR_VISITS_PER_CARD` times per
    card, the keys that would cost most (the commonest words) are left out, biggest first."""
    index: dict[str, set[int]] = {}
    for i in free_old:
        for key in _pair_keys(p_old[i]):
            index.setdefault(key, set()).add(i)
    new_keys = {j: [key for key in _pair_keys(p_new[j]) if key in index] for j in free_new}
    uses: dict[str, int] = {}
    for keys in new_keys.values():
        for key in keys:
            uses[key] = uses.get(key, 0) + 1
    cost = {key: n * len(index[key]) for key, n in uses.items()}
    visits = sum(cost.values())
    budget = PAIR_VISITS_PER_CARD * (len(free_old) + len(free_new)) + PAIR_VISITS_ALLOWANCE
    if visits > budget:
        for key in sorted(cost, key=lambda k: (-cost[k], k)):
            del index[key]
            visits -= cost[key]
            if visits <= budget:
                break
    for j in free_new:
        found: set[int] = set()
        for key in new_keys[j]:
            found |= index.get(key, set())
        for i in sorted(found):
            yield j, i


# -- matching -----------------------------------------------------------------------------------


def _norms(cards: Sequence[CardLike]) -> list[str]:
    """Normalised questions, each distinct text normalised once."""
    seen: dict[str, str] = {}
    out = []
    for c in cards:
        norm = seen.get(c.question)
        if norm is None:
            norm = seen[c.question] = normalise_question(c.question)
        out.append(norm)
    return out


@dataclass(frozen=True)
class Match:
    """One old card carried over to one new card."""

    new: int  # index into the new cards
    old: int  # index into the old cards
    how: str  # "exact" (same normalised question) or "similar"
    score: float


@dataclass(frozen=True)
class Matching:
    """The result of :func:`match_cards`."""

    matches: tuple[Match, ...]
    unmatched_new: tuple[int, ...]  # really new questions
    unmatched_old: tuple[int, ...]  # questions that disappeared

    def old_for(self) -> dict[int, int]:
        """``{new index: old index}`` for every matched new card."""
        return {m.new: m.old for m in self.matches}


def match_cards(
    old: Sequence[CardLike],
    new: Sequence[CardLike],
    *,
    threshold: float = MATCH_THRESHOLD,
    skip_old: Iterable[int] = (),
    skip_new: Iterable[int] = (),
) -> Matching:
    """Pair old cards with new cards one-to-one.

    1. Identical normalised questions, in order (duplicates pair up in order).
    2. The rest: every pair scoring at least ``threshold`` is a candidate; the
       best candidate is taken first (ties broken by same topic, then closer
       relative position, then source order), and both sides leave the pool.

    ``skip_old`` / ``skip_new`` exclude indices already paired by the caller
    (for example by explicit ids in a hand-written deck).
    """
    skip_old, skip_new = set(skip_old), set(skip_new)
    norms_old = _norms(old)
    norms_new = _norms(new)
    matches: list[Match] = []

    by_question: dict[str, deque[int]] = {}
    for i, norm in enumerate(norms_old):
        if i not in skip_old:
            by_question.setdefault(norm, deque()).append(i)
    free_new: list[int] = []
    used_old: set[int] = set()
    for j, norm in enumerate(norms_new):
        if j in skip_new:
            continue
        queue = by_question.get(norm)
        if queue:
            i = queue.popleft()
            used_old.add(i)
            matches.append(Match(j, i, "exact", 1.0))
        else:
            free_new.append(j)
    free_old = [i for i in range(len(old)) if i not in skip_old and i not in used_old]
    if not free_old or not free_new:  # nothing left to pair by similarity
        return Matching(matches=tuple(matches), unmatched_new=tuple(free_new), unmatched_old=tuple(free_old))

    # Only the cards left over are prepared for scoring (the word weights still come from every question).
    idf = _idf([*norms_old, *norms_new])
    p_old = {i: _prepare_one(old[i], i, len(old), idf, norms_old[i]) for i in free_old}
    p_new = {j: _prepare_one(new[j], j, len(new), idf, norms_new[j]) for j in free_new}

    candidates: list[tuple[float, float, float, int, int, float]] = []
    for j, i in _candidate_pairs(p_old, p_new, free_old, free_new):  # type: ignore[arg-type]
        score = _score(p_old[i], p_new[j], threshold)
        if score >= threshold:
            same_topic = 1.0 if p_old[i].topic == p_new[j].topic else 0.0
            closeness = 1.0 - abs(p_old[i].rel_pos - p_new[j].rel_pos)
            candidates.append((-score, -same_topic, -closeness, j, i, score))
    candidates.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for *_, j, i, score in candidates:
        if j in taken_new or i in taken_old:
            continue
        taken_new.add(j)
        taken_old.add(i)
        matches.append(Match(j, i, "similar", round(score, 3)))

    matches.sort(key=lambda m: m.new)
    return Matching(
        matches=tuple(matches),
        unmatched_new=tuple(j for j in free_new if j not in taken_new),
        unmatched_old=tuple(i for i in free_old if i not in taken_old),
    )


@dataclass(frozen=True)
class Assignment:
    """Ids for a list of new cards, and what happened to the old ones."""

    ids: tuple[str, ...]  # one per new card
    old_index: tuple[int | None, ...]  # the old card each new card continues, or None if new
    removed: tuple[int, ...]  # old cards no new card continues


def assign_ids(
    deck_slug: str,
    old: Sequence[CardLike],
    old_ids: Sequence[str],
    new: Sequence[CardLike],
    preset: Sequence[str | None] | None = None,
) -> Assignment:
    """Give every new card an id: a preset one, an old card's, or a derived one.

    ``old_ids[i]`` is the id of ``old[i]``. ``preset[j]`` (hand-written decks)
    fixes the id of ``new[j]``; an old card with that id is continued by it.
    The remaining cards are paired by :func:`match_cards`; unpaired new cards
    get :func:`derive_id` ids, in source order, avoiding every id kept.
    """
    preset = list(preset) if preset is not None else [None] * len(new)
    old_by_id = {card_id: i for i, card_id in enumerate(old_ids)}
    old_index: list[int | None] = [None] * len(new)
    for j, card_id in enumerate(preset):
        if card_id is not None and card_id in old_by_id:
            old_index[j] = old_by_id.pop(card_id)
    claimed = {i for i in old_index if i is not None}
    fixed = [j for j, card_id in enumerate(preset) if card_id is not None]
    matching = match_cards(old, new, skip_old=claimed, skip_new=fixed)
    for m in matching.matches:
        old_index[m.new] = m.old

    ids: list[str | None] = [
        preset[j] if preset[j] is not None else (old_ids[old_index[j]] if old_index[j] is not None else None)
        for j in range(len(new))
    ]
    taken = {card_id for card_id in ids if card_id is not None}
    salts: dict[str, int] = {}
    for j, card_id in enumerate(ids):
        if card_id is None:
            ids[j] = _derive(deck_slug, normalise_question(new[j].question), taken, salts)
            taken.add(ids[j])  # type: ignore[arg-type]
    continued = {i for i in old_index if i is not None}
    removed = tuple(i for i in range(len(old)) if i not in continued)
    return Assignment(ids=tuple(ids), old_index=tuple(old_index), removed=removed)  # type: ignore[arg-type]
