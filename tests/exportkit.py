"""Helpers for the export tests: sample decks, a real Anki collection, importing a package."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from click.testing import CliRunner
from html.parser import HTMLParser

from srs.card import Card
from srs.deck import Deck, save_deck
from srs.export.sanitize import ATTRIBUTES, TAGS, URL_SCHEMES

# A 1×1 PNG, so the image-as-media path is exercised with a real file.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

CODE_ANSWER = """Slice with a negative step:

```python
def reverse(xs: list[int]) -> list[int]:
    # O(n) time, new list
    return xs[::-1]
```

Or in place with `xs.reverse()`."""

TABLE_ANSWER = """| metric | when to use | range |
|---|---|---:|
| precision | false positives are costly | 0–1 |
| recall | false negatives are costly | 0–1 |
| F1 | balance both | 0–1 |

> F1 is the harmonic mean: $F_1 = 2PR/(P+R)$."""


def sample_cards() -> dict[str, list[Card]]:
    src = {"file": "sources/guide.md", "line": 1}
    guide = [
        Card(id="ml01attn", question="What does **scaled dot-product attention** compute?",
             answer="A weighted sum of values:\n\n$$\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$$\n\n![diagram](img/attn.png)",
             level="senior", difficulty="hard", domain="deep-learning", topic="Transformers > Attention",
             tags=["time::20 min", "core concept"], source={**src, "line": 10}),
        Card(id="ml02rate", question="Design a rate limiter for a public API", answer="",
             level="senior", domain="system-design", topic="Sample Questions > System Design",
             source={**src, "line": 20}),
        Card(id="ml03rev", question="Reverse a list in Python", answer=CODE_ANSWER, level="entry",
             difficulty="easy", domain="coding", topic="Coding", source={**src, "line": 30}),
        Card(id="ml04f1", question="When is F1 better than accuracy?", answer=TABLE_ANSWER, level="mid",
             difficulty="medium", domain="machine-learning", topic="Metrics", source={**src, "line": 40}),
        Card(id="ml05cache", question="Design a distributed cache", answer="Consistent hashing, replication, TTLs.",
             level="expert", difficulty="expert", domain="system-design", topic="Sample Questions > System Design",
             source={**src, "line": 50}),
    ]
    behavioral = [
        Card(id="bh01conf", question="Tell me about a conflict with a teammate.",
             answer="Use **STAR**:\n\n1. Situation\n2. Task\n3. Action\n4. Result", domain="behavioral",
             topic="Behavioral", source={"file": "sources/people.md", "line": 5}),
        Card(id="bh02fail", question="Describe a project that failed.", answer="", level="mid",
             domain="behavioral", topic="Behavioral", source={"file": "sources/people.md", "line": 9}),
    ]
    return {"ML Guide": guide, "People Questions": behavioral}


def make_decks(root: Path, cards: dict[str, list[Card]] | None = None) -> Path:
    """Write sample decks (and the image one card refers to) into ``root/decks``."""
    decks = root / "decks"
    (decks / "sources" / "img").mkdir(parents=True, exist_ok=True)
    (decks / "sources" / "img" / "attn.png").write_bytes(PNG)
    for name, deck_cards in (cards or sample_cards()).items():
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        save_deck(Deck(deck=name, description=f"The {name} deck", source="sources/guide.md", cards=deck_cards),
                  decks / f"{slug}.yaml")
    return decks


def run_cli(args: list[str], cwd: Path):
    from srs.cli import cli

    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def open_collection(path: Path):
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    return Collection(str(path))


def import_apkg(col, package: Path):
    """Import as Anki's GUI does by default (update notes when newer), returning the import log."""
    from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
    )
    return col.import_anki_package(request).log


def srs_notetypes(col) -> list:
    return [nt for nt in col.models.all_names_and_ids() if nt.name.startswith("srs interview card")]


def notes_by_card_id(col) -> dict:
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        if "CardId" in note.keys():
            out[note["CardId"]] = note
    return out


def plain_text(field_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", field_html))


def expected_tags(item) -> set[str]:
    """The tags a card's note should carry (for decks whose names and tags need no escaping)."""
    card = item.card
    tags = {"source::" + re.sub(r"\s+", "_", item.deck)}
    tags |= {f"{k}::{v}" for k, v in (("level", card.level), ("domain", card.domain),
                                       ("difficulty", card.difficulty)) if v}
    tags |= {re.sub(r"\s+", "_", t) for t in card.tags}
    return tags


_WORD = re.compile(r"\w+")


def check_same_words(markdown: str, field_html: str, where) -> None:
    """The words a field shows are the words of its Markdown source. Allowed to vanish: list numbers,
    a code fence's language name (it becomes ``data-lang``), link and image targets, image alt text."""
    shown = set(_WORD.findall(plain_text(field_html)))
    source = set(_WORD.findall(markdown))
    syntax = set(_WORD.findall(" ".join(re.findall(r"```\s*(\S+)", markdown))))
    syntax |= set(_WORD.findall(" ".join(re.findall(r"\]\(([^)]*)\)", markdown))))
    syntax |= set(_WORD.findall(" ".join(re.findall(r"!\[([^\]]*)\]", markdown))))
    assert shown <= source, (where, sorted(shown - source))
    lost = {w for w in source - shown if not w.isdigit()} - syntax
    assert not lost, (where, sorted(lost))


def check_note(col, item, note) -> None:
    """Every field and tag of an imported note against the card it came from."""
    from srs.anki_decks import LEVEL_DECKS
    from srs.export.notes import image_base, note_guid
    from srs.export.render import render_markdown

    card = item.card
    assert note.guid == note_guid(card.id)
    assert note["CardId"] == card.id
    assert (note["Level"], note["Domain"], note["Difficulty"]) == (card.level or "", card.domain or "",
                                                                  card.difficulty or "")
    assert html.unescape(note["Topic"]) == card.topic.strip()
    assert html.unescape(note["Source"]) == (f"{card.source.file}:{card.source.line}" if card.source
                                             else item.deck_file.name)
    for name, text in (("Question", card.question), ("Answer", card.answer)):
        # The field Anki stored is exactly the sanitised HTML we render for the card's Markdown ...
        assert note[name] == render_markdown(text, image_base(item)).html, (card.id, name)
        # ... and it says what the source says: no word invented, none lost but Markdown syntax.
        check_same_words(text, note[name], (card.id, name))
    assert (note["Answer"] == "") == (not card.answer.strip())
    assert {t.casefold() for t in note.tags} == {t.casefold() for t in expected_tags(item)}, note.tags
    [anki_card] = note.cards()
    expected_deck = f"{item.deck}::{LEVEL_DECKS[card.level]}" if card.level else item.deck
    assert col.decks.name(anki_card.did) == expected_deck


class HtmlChecker(HTMLParser):
    """Collects what in a piece of HTML could run or load something: tags and attributes outside the
    sanitiser's allow-list, ``on*`` handlers, URLs of other schemes, styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ATTRIBUTES.get(tag, set()) | {"rel"}
        for name, value in attrs:
            if name.startswith("on") or name not in allowed:
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src") and value and ":" in value.split("/")[0]:
                scheme = value.split(":", 1)[0].strip().lower()
                if scheme not in URL_SCHEMES:
                    self.problems.append(f"{scheme}: URL")
            if name == "style" and value.replace(" ", "") not in ("text-align:left", "text-align:right",
                                                                   "text-align:center"):
                self.problems.append(f"style={value!r}")


EXECUTABLE_TAGS = ("<script", "<iframe", "<object", "<embed", "<svg", "<style", "<form", "<meta", "<base", "<link",
                   "<input", "<button")


def executable_parts(value: str) -> list[str]:
    """What in an Anki field (or deck description) could run or load something; empty when it is safe."""
    checker = HtmlChecker()
    checker.feed(value)
    checker.close()
    low = value.lower()
    return checker.problems + [needle for needle in EXECUTABLE_TAGS if needle in low]
