"""Card identity across re-imports: a table of the edits authors make, and what each must do to ids.

The cases work on :class:`srs.parser.ParsedCard` lists, so they do not depend on
how the parser reads Markdown; the end-to-end tests are in test_import_cli.py.
"""

from __future__ import annotations

import copy
import re

import pytest

from srs.card import Card
from srs.identity import assign_ids, derive_id, match_cards, normalise_question, similarity
from srs.parser import ParsedCard

SLUG = "ml-guide"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def P(question, answer="", topic="Basics"):
    return ParsedCard(question=question, answer=answer, topic=topic)


#: The document as first imported (index = position). Note the typo in 0 and the duplicate 6 / 7.
BASE = [
    P("What is overfiting?", "A model that memorises the noise of its training data instead of the signal."),
    P("How does dropout prevent overfitting?", "It zeroes random activations so units cannot co-adapt."),
    P("Explain the bias-variance tradeoff", "Simple models underfit (bias), flexible ones overfit (variance)."),
    P("What is the difference between L1 and L2 regularization?", "L1 drives weights to exactly zero (sparse models); L2 shrinks all weights smoothly.",
      topic="Advanced"),
    P("Design a distributed cache system", topic="Advanced"),
    P("How would you handle data privacy in ML systems?", topic="Advanced"),
    P("Tell me about yourself", topic="Behavioral"),
    P("Tell me about yourself", topic="Behavioral"),
]


def first_import(cards):
    """The deck as written by the first import: every card gets a derived id."""
    a = assign_ids(SLUG, [], [], cards)
    return [Card(id=i, question=c.question, answer=c.answer, topic=c.topic) for i, c in zip(a.ids, cards)]


def edited(fn):
    cards = copy.deepcopy(BASE)
    fn(cards)
    return cards


def _set(i, **fields):
    def fn(cards):
        for k, v in fields.items():
            setattr(cards[i], k, v)
    return fn


def _insert(i, card):
    return lambda cards: cards.insert(i, card)


def _delete(i):
    return lambda cards: cards.pop(i)


def _move(i, to, topic):
    def fn(cards):
        card = cards.pop(i)
        card.topic = topic
        cards.insert(to, card)
    return fn


def _all(*fns):
    def fn(cards):
        for f in fns:
            f(cards)
    return fn


NEW = P("What is a transformer?", "An attention-only sequence model.")

# (case, edit, expected: for each card of the edited document the BASE index whose id it keeps, or None
#  for a new id; then the BASE indices reported removed)
CASES = [
    ("unchanged", lambda c: None, [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("typo fixed in the question", _set(0, question="What is overfitting?"), [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("question reworded slightly",
     _set(1, question="How does dropout help to prevent overfitting in neural networks?"),
     [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("question reworded: template changed",
     _set(5, question="How would you handle data privacy in a multi-tenant ML system?"),
     [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("answer rewritten, same question",
     _set(2, answer="Error = bias² + variance + noise; regularisation trades one for the other."),
     [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("question and answer both reworded a little",
     _set(2, question="Explain the bias–variance trade-off in machine learning",
          answer="Simple models underfit (high bias), flexible ones overfit (high variance)."),
     [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("question reworded heavily, answer kept",
     _set(3, question="Compare lasso and ridge penalties (L1 vs L2)"),
     [0, 1, 2, 3, 4, 5, 6, 7], []),
    ("question inserted before", _insert(0, NEW), [None, 0, 1, 2, 3, 4, 5, 6, 7], []),
    ("question deleted before", _delete(0), [1, 2, 3, 4, 5, 6, 7], [0]),
    ("moved to another section", _move(4, 1, "Basics"), [0, 4, 1, 2, 3, 5, 6, 7], []),
    ("moved and reworded", _all(_move(4, 0, "System Design"), _set(0, question="Design a distributed caching system")),
     [4, 0, 1, 2, 3, 5, 6, 7], []),
    ("identical duplicates stay one-to-one, in order", _insert(7, P("What is a GPU?", topic="Behavioral")),
     [0, 1, 2, 3, 4, 5, 6, None, 7], []),
    ("one of two duplicates deleted", _delete(7), [0, 1, 2, 3, 4, 5, 6], [7]),
    ("genuinely new question", _insert(8, NEW), [0, 1, 2, 3, 4, 5, 6, 7, None], []),
    ("question removed", _delete(5), [0, 1, 2, 3, 4, 6, 7], [5]),
    ("same template, different question: new id",
     _set(3, question="What is the difference between bagging and boosting?", answer="Variance vs bias reduction."),
     [0, 1, 2, None, 4, 5, 6, 7], [3]),
    ("one word swapped on a short question: new id", _set(4, question="Design a distributed rate limiter"),
     [0, 1, 2, 3, None, 5, 6, 7], [4]),
    ("insert, delete, reword and move at once",
     _all(_delete(2), _insert(0, NEW), _set(2, question="How does dropout reduce overfitting?"),
          _move(5, 1, "Basics")),
     [None, 5, 0, 1, 3, 4, 6, 7], [2]),
]


@pytest.mark.parametrize("case, edit, keeps, removed", CASES, ids=[c[0] for c in CASES])
def test_edit_case(case, edit, keeps, removed):
    old = first_import(BASE)
    new = edited(edit)
    a = assign_ids(SLUG, old, [c.id for c in old], new)
    got_keeps = [None if i is None else i for i in a.old_index]
    assert got_keeps == keeps, case
    assert sorted(a.removed) == removed, case
    for j, base_i in enumerate(keeps):
        if base_i is not None:
            assert a.ids[j] == old[base_i].id
        else:
            assert a.ids[j] not in {c.id for c in old}
            assert a.ids[j] == derive_id(SLUG, new[j].question, set(a.ids[:j]) | {
                a.ids[k] for k in range(len(new)) if a.old_index[k] is not None})
    assert len(set(a.ids)) == len(a.ids)
    assert all(ID_PATTERN.match(i) and len(i) >= 4 for i in a.ids)


def test_question_that_vanishes_and_returns_gets_its_id_back():
    old = first_import(BASE)
    gone = edited(_delete(4))
    a1 = assign_ids(SLUG, old, [c.id for c in old], gone)
    middle = [Card(id=i, question=c.question, answer=c.answer, topic=c.topic) for i, c in zip(a1.ids, gone)]
    back = copy.deepcopy(BASE)
    a2 = assign_ids(SLUG, middle, [c.id for c in middle], back)
    assert a2.old_index[4] is None  # a new card for the matcher...
    assert a2.ids[4] == old[4].id  # ...but the derived id is the one it had


def test_derived_ids_are_deterministic_and_salted_only_when_taken():
    a = derive_id(SLUG, "What is overfitting?")
    assert a == derive_id(SLUG, "  what is **overfitting**  ") == derive_id(SLUG, "What is overfitting")
    assert re.fullmatch(r"[a-z2-7]{10}", a)
    assert derive_id("other-deck", "What is overfitting?") != a
    b = derive_id(SLUG, "What is overfitting?", taken={a})
    assert b != a and b == derive_id(SLUG, "What is overfitting?", taken={a})
    assert derive_id(SLUG, "What is overfitting?", taken={a, b}) not in {a, b}


def test_duplicates_in_the_first_import_get_distinct_ids_in_order():
    cards = first_import(BASE)
    assert cards[6].id == derive_id(SLUG, "Tell me about yourself")
    assert cards[7].id == derive_id(SLUG, "Tell me about yourself", taken={cards[6].id})


def test_preset_ids_win_and_continue_their_old_card():
    old = first_import(BASE)
    new = copy.deepcopy(BASE)
    preset = [None] * len(new)
    preset[1] = "hand01"
    preset[2] = old[2].id
    a = assign_ids(SLUG, old, [c.id for c in old], new, preset)
    assert a.ids[1] == "hand01" and a.ids[2] == old[2].id
    assert a.old_index[2] == 2 and a.old_index[1] is None
    assert a.removed == (1,)  # the old card 1 is not continued by the card that now has a hand-set id


def test_normalisation_keeps_distinguishing_symbols():
    assert normalise_question("Explain C++ templates?") != normalise_question("Explain C# templates")
    assert normalise_question("What is `L1`   regularisation?!") == "what is l1 regularisation"


@pytest.mark.parametrize("a, b", [
    ("What is the difference between L1 and L2 regularization?", "What is the difference between bagging and boosting?"),
    ("What is batch normalization?", "What is layer normalization?"),
    ("What is precision?", "What is recall?"),
    ("Explain C++ templates", "Explain C# templates"),
])
def test_template_look_alikes_are_not_the_same_question(a, b):
    assert similarity(P(a), P(b)) < 0.7
    m = match_cards([P(a)], [P(b)])
    assert not m.matches and m.unmatched_new == (0,) and m.unmatched_old == (0,)


def test_matching_a_large_deck_is_fast():
    import time

    old = [P(f"How would you scale service number {i} with {i % 7} replicas and cache tier {i % 13}?") for i in range(200)]
    new = [P(c.question.replace("scale", "scale up")) for c in old]
    t = time.perf_counter()
    m = match_cards(old, new)
    assert time.perf_counter() - t < 10
    assert len(m.matches) == 200


def test_derived_ids_are_the_base32_of_the_hash():
    import base64
    import hashlib
    import random

    from srs.identity import _hash_id

    rng = random.Random(7)
    for _ in range(2000):
        parts = ["".join(rng.choice("ab é\0日?") for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 3))]
        digest = hashlib.sha256("\0".join(parts).encode("utf-8")).digest()
        assert _hash_id(*parts) == base64.b32encode(digest).decode("ascii").lower()[:10]
