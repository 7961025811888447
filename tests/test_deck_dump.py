"""dump_deck's fast path writes exactly the bytes of the plain ``yaml.dump`` it replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srs.card import DIFFICULTIES, LEVELS, Card, Source
from srs.deck import Deck, deck_layout, dump_deck, load_deck
from srs.deck_writer import FastDumper

REPO = Path(__file__).parent.parent


class _RefDumper(FastDumper):  # type: ignore[misc,valid-type]
    pass


def _ref_str(dumper: Any, value: str) -> yaml.ScalarNode:  # the original, character by character
    if "\n" in value and all(ord(c) >= 32 or c in "\n\t" for c in value) and not any(
        line != line.rstrip() for line in value.split("\n")
    ):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_RefDumper.add_representer(str, _ref_str)


def reference_dump(deck: Deck) -> str:
    """What plain yaml.dump writes for the same layout: the fast emitter must give these bytes."""
    out = deck_layout(deck)
    return yaml.dump(out, Dumper=_RefDumper, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=None)


def test_bundled_decks_dump_as_before():
    for path in sorted((REPO / "decks").glob("*.yaml")):
        deck = load_deck(path)
        assert dump_deck(deck) == reference_dump(deck), path
        assert dump_deck(deck) == path.read_text(encoding="utf-8"), path


_chars = st.sampled_from(list("ab Z09:#-?|>'\"{}[],&*!%@`\n\t\r\x00\x07\x1b\x7f\x85\xa0\u2028\u3000é日😀\\") + ["- ", ": ", " #"])
_text = st.lists(_chars, max_size=40).map("".join)
_card = st.builds(
    lambda i, q, a, lv, df, dom, topic, tags, line: Card(
        id=f"card{i:06d}", question=q if q.strip() else "q" + q, answer=a, level=lv, difficulty=df, domain=dom,
        topic=topic, tags=tags, source=Source(file="../src/x.md", line=line) if line else None),
    st.integers(0, 999_999), _text, _text, st.sampled_from([None, *LEVELS]), st.sampled_from([None, *DIFFICULTIES]),
    st.sampled_from([None, "system-design", "ml"]), _text, st.lists(_text, max_size=3), st.integers(0, 5000),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_card, max_size=5), _text, _text, st.one_of(st.none(), _text))
def test_dump_matches_plain_yaml_dump(cards, name, description, source):
    deck = Deck(deck=name or "deck", description=description, source=source or None, cards=cards)
    assert dump_deck(deck) == reference_dump(deck)


# -- reading back: a deck file as dump_deck wrote it is read without libyaml, to the same data --------

from srs.deck_reader import read_own_format  # noqa: E402

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_bundled_and_written_decks_read_back_as_libyaml_reads_them():
    read = 0
    for path in sorted((REPO / "decks").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = read_own_format(text)
        if data is not None:
            read += 1
            assert data == yaml.load(text, Loader=_Loader), path
    assert read >= 3


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_card, max_size=5), _text, _text, st.one_of(st.none(), _text))
def test_own_format_reads_what_libyaml_reads(cards, name, description, source):
    deck = Deck(deck=name or "deck", description=description, source=source or None, cards=cards)
    text = dump_deck(deck)
    data = read_own_format(text)
    assert data is None or data == yaml.load(text, Loader=_Loader)


_EDITS = st.sampled_from(["# c", "  # c", "x: 1", "", " ", "- a", "  tags: [a, 'b']", '  answer: "q"', "  topic: a: b",
                          "  source: {file: x, line: 2}", "  level: ~", "    indented", "cards: []", "deck: &a x", "---"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_card, min_size=1, max_size=3), st.integers(0, 60), _EDITS, st.booleans())
def test_edited_files_are_read_as_libyaml_reads_them_or_left_to_it(cards, at, edit, replace_line):
    text = dump_deck(Deck(deck="deck", cards=cards))
    lines = text.split("\n")
    at = at % len(lines)
    if replace_line:
        lines[at] = edit
    else:
        lines.insert(at, edit)
    text = "\n".join(lines)
    data = read_own_format(text)
    if data is not None:
        assert data == yaml.load(text, Loader=_Loader)


_plain_chars = st.sampled_from(list("ab Z09:#-?|>'\"{}[],&*!%@`\n.~=<+") + ["é", "日", "- ", ": ", " #", "null", "yes", "1",
                                                                          "0.5", "  ", "\n\n", "...", "---"])
_plain_text = st.lists(_plain_chars, max_size=25).map("".join)
_plain_card = st.builds(
    lambda q, a, t, tags, lv, line: Card(id="abcd1234", question=q if q.strip() else "q" + q, answer=a, topic=t, tags=tags,
                                         level=lv, source=Source(file="x.md", line=line) if line else None),
    _plain_text, _plain_text, _plain_text, st.lists(_plain_text, max_size=3), st.sampled_from([None, *LEVELS]),
    st.integers(0, 99))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_plain_card, max_size=4), _plain_text, _plain_text, st.one_of(st.none(), _plain_text))
def test_own_format_reads_tricky_printable_text_as_libyaml(cards, name, description, source):
    text = dump_deck(Deck(deck=name if name.strip() else "deck", description=description, source=source or None,
                          cards=cards))
    data = read_own_format(text)
    assert data is None or data == yaml.load(text, Loader=_Loader)
