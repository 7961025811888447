"""Fuzzing the whole pipeline with hostile sources: ``srs import`` a generated Markdown document, ``srs
export`` it, import the package into the real Anki backend, and check what arrived.

The documents mix Markdown structure, HTML attack snippets, control characters (C0 and C1, Anki's field
separator ``\\x1f`` among them), odd file and deck names, and image paths built from ``..``, URL-encoded
dots and slashes, absolute paths and symlinks. Whatever they hold: every card arrives as one note, no
field, deck name or description holds anything executable or any control character, and no media file
comes from outside the source's folder.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.exportkit import PNG, executable_parts, import_apkg, open_collection, run_cli

pytest.importorskip("anki")

SECRET = b"fuzz-secret-outside-the-folder"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

ATTACKS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>", "<svg onload=alert(1)>", "<style>*{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">d</div>', "<details ontoggle=alert(1) open>d</details>",
    "[link](javascript:alert(1))", "<math><mtext><script>alert(1)</script></mtext></math>",
    "\x1f", "\x00", "\x1b]0;title\x07", "\x1b[2J", "\x9b31m", "\x7f", "\r", "\u2028", "&lt;script&gt;",
]
MARKDOWN = ["**bold**", "_em_", "`code`", "\n\n```python\nx = '<script>'\n```\n\n", "\n\n- item\n- item\n\n",
            "\n\n| a | b |\n|---|---|\n| <b>1</b> | 2 |\n\n", "$x^2$", "> quote", "\n\n---\n\n", "#", "*", "_"]
PATH_PARTS = ["..", "%2e%2e", "..%2f", "img", "ok.png", "secret.png", "link.png", "outside", "", ".", "%2F",
              "/", "etc", "passwd"]

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
fragment = st.one_of(words, st.sampled_from(ATTACKS), st.sampled_from(MARKDOWN),
                     st.lists(st.sampled_from(PATH_PARTS), min_size=1, max_size=6).map(
                         lambda parts: f"![pic]({'/'.join(parts)})"))
text = st.lists(fragment, min_size=1, max_size=8).map(" ".join)
card = st.tuples(text, text)
name = st.text(alphabet=st.sampled_from("abc-_ <>'\"&;=()x\x1f\x1b"), min_size=1, max_size=20).map(
    lambda s: s.replace("/", "").strip() or "doc")


def _document(title: str, section: str, cards: list[tuple[str, str]]) -> str:
    lines = [f"# {title}", "", f"## {section}", ""]
    lines += ["**Q:** What does a well-formed question look like?", "", "**A:** Like this one.", ""]
    for q, a in cards:
        lines += [f"**Q:** {q.replace(chr(10), ' ')}?", "", f"**A:** {a}", ""]
    return "\n".join(lines)


def _layout(root: Path, file_name: str, document: str) -> Path:
    (root / "secret.png").write_bytes(PNG + SECRET)
    (root / "outside").mkdir()
    (root / "outside" / "secret.png").write_bytes(PNG + SECRET)
    img = root / "notes" / "img"
    img.mkdir(parents=True)
    (img / "ok.png").write_bytes(PNG)
    (img / "link.png").symlink_to(root / "secret.png")
    (img / "outside").symlink_to(root / "outside")
    source = root / "notes" / f"{file_name}.md"
    source.write_text(document, encoding="utf-8", errors="surrogatepass")
    return source


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(title=text, section=text, cards=st.lists(card, min_size=0, max_size=4), file_name=name)
def test_any_hostile_source_exports_a_package_anki_imports_with_nothing_executable(title, section, cards, file_name):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = _layout(root, file_name, _document(title, section, cards))
        imported = run_cli(["import", str(source.relative_to(root)), "--decks-dir", "decks"], root)
        assert imported.exit_code == 0, imported.output
        exported = run_cli(["export", "--decks-dir", "decks", "-o", "out.apkg"], root)
        assert exported.exit_code == 0, exported.output
        listed = run_cli(["list", "--decks-dir", "decks", "--format", "json"], root)
        expected = listed.output.count('"id":')

        col = open_collection(root / "anki" / "collection.anki2")
        try:
            log = import_apkg(col, root / "out.apkg")
            assert len(log.new) == col.note_count() == expected >= 1
            for nid in col.find_notes(""):
                note = col.get_note(nid)
                for field, value in note.items():
                    assert not executable_parts(value), (field, value)
                    assert not CONTROL.search(value), (field, value)
                assert not [t for t in note.tags if set(t) & set("<>&\"'") or CONTROL.search(t)], note.tags
            for deck in col.decks.all():
                assert not re.search(r"<[A-Za-z/!]", deck["name"]) and not CONTROL.search(deck["name"]), deck["name"]
                assert not executable_parts(deck.get("desc", "")), deck.get("desc")
                assert not CONTROL.search(deck.get("desc", "")), deck.get("desc")
            for media in Path(col.media.dir()).iterdir():
                assert media.read_bytes() == PNG, media.name  # only notes/img/ok.png may be packed
        finally:
            col.close()
