"""The fast Markdown block backend (markdown-it-pyrs) gives exactly the reference's Block trees (markdown-it-py).

Where the fast backend cannot promise that, it must say so (FastParseUnsupported) so parse_blocks falls back
to the reference: it may refuse a document, never return a different tree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srs.parser import blocks
from srs.parser.blocks import FastParseUnsupported, parse_blocks, parse_blocks_fast, parse_blocks_reference

REPO = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.skipif(blocks._FAST is None, reason="markdown-it-pyrs not installed (or SRS_MARKDOWN=reference)")


def _agrees(text: str) -> bool:
    """True when the fast backend took the document (and then it must agree); False when it refused."""
    try:
        ref = parse_blocks_reference(text)
    except IndexError:  # a markdown-it-py bug (see test_reference_crash_still_parses)
        parse_blocks(text)
        return False
    try:
        fast = parse_blocks_fast(text)
    except FastParseUnsupported:
        assert parse_blocks(text) == ref
        return False
    assert fast == ref
    assert parse_blocks(text) == ref
    return True


REAL = sorted(DATA.glob("seeds/*.txt")) + sorted((REPO / "decks" / "sources").glob("*.md"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_documents_take_the_fast_path_and_agree(path):
    assert _agrees(path.read_text(encoding="utf-8"))


def test_generated_corpus_agrees(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(REPO / "bench"))
    for path in write_corpus(tmp_path, 300_000):
        assert _agrees(path.read_text(encoding="utf-8")), path


# Inputs where the two parsers differ or once differed in the mapping; each must agree or be refused.
EDGE_CASES = [
    "",
    "\n\n",
    "- a\n\n\n",
    "- a\n\n\npara",
    "- a\n\n  b\n\n- c\n\n",
    "1. x\n   ```\n   code\n   ```\n\n2. y\n",
    "- a\n  - b\n\n\n  c\n",
    "-\n\n  foo\n",
    "- a\n- \n- c",
    "text\n- a\n\n> q\n\n",
    "> - a\n>\n\nfoo",
    "> - a\n>\n>\n\n\nfoo",  # markdown-it-py's blank-line skipping runs past the quote
    "> a\n  b\n",  # lazy continuation keeps its indentation in markdown-it-py only
    "> - a\n      b\n> - c\n  d",
    "> > a\n> - \n",
    "> **Q:** what?\n| a | b |\n|---|---|\n",
    "```py\ncode",  # unclosed fence at the end, no final newline
    "```\ncode\n```",
    "<div>\nx",
    "    code",
    "- a\n ",  # a last line of spaces is no line for markdown-it-py
    "- a\n\n  \t",
    "- a\n\t#no\n> - x\n",  # tabs in indentation
    "-   a | b\n\t| c |\n* d\n",
    ">\t- - -\n",
    "\xa0a\xa0",
    "# \u3000title\u3000",
    "| \xa0a\xa0 | b |\n|--|--|\n| x |\n| 1 | 2 | 3 |",
    "| a | b |\n|---|---|\n\x0c\nafter",
    "* a | b\n  |---|---|\n",
    "| x |\n  ---\n",
    "- x\n  <!--\n\n  -->\n",
    "- <pre>\n\n x\n",
    "\ra\r\nb\r",
    "x\0y",
    "[x]: /url\n\npara",
    "```py\\_x &amp; {a} \n code\n```",
    "\n".join("  " * i + "- x" for i in range(12)),
    ">" * 25 + " deep",
    "Setext\n===\n\nSetext 2\n---\n",
    "<details>\n<summary>Q?</summary>\n\nAnswer\n\n</details>\n",
    "1\n:-",  # a pipe-less table: the Rust port only
    "a\n|-|",
    "- a\na\n    :-",
    "<div>~+---|\n---",
    "| a |\xa0\n<!a```\nb>1. ",  # "<!" + lowercase letter starts HTML in CommonMark 0.30+ only
    "text\n<search>\nmore",
    "text\n<source>\nmore",
    "[)-\n*|)\n\\<div>]:\n1. \nx",  # a link definition only the Rust port accepts
    "[a]: /url 'title'\n\n[b]: <x y>\n[link](#x) text\n",
    "```py\nx: List[int] = []  # ]: in code\n```\n[link](#x)\n",
    " <div>!b1. |\n|-\n:| a |\n",  # a table in markdown-it-py, HTML in the Rust port
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_agree_or_fall_back(text):
    _agrees(text)


def test_reference_crash_still_parses():
    # markdown-it-py 4.3 raises IndexError here; parse_blocks must still return blocks
    text = "> - <pre>\n>"
    out = parse_blocks(text)
    assert [b.kind for b in out] == ["blockquote"]


def test_trim_set_matches_markdown_it_py():
    from markdown_it.common.utils import MD_TRIM_CHARS

    assert set(blocks._TRIM) == set(MD_TRIM_CHARS)


_PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "> ", ">", "> > ", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "  - ",
             "   1. ", "\t", "-   ", "-      ", "> - ", "- > ", " > "]
_BODIES = ["text", "more words", "# head", "## head ##", "### h #", "#no", "```", "```py", "~~~", "---", "***", "- - -",
           "===", "--", "| a | b |", "|---|---|", "| x |", "a | b", "| c \\| d | `e|f` |", "<div>", "</div>", "<details>",
           "<summary>Q?</summary>", "</details>", "<!-- c -->", "<!--", "-->", "[x]: /url", "[x]: /url 'title'", "", "", "",
           "é ü 日本", "**Q:** what?", "1. **Hard**: x", "\\# not", "&amp;", "x\0y", "trailing  ", "a\tb", "<pre>",
           "</pre>", "[ ] todo", "\xa0nb\xa0", "\x0c", "\u3000x", "a\rb"]
_line = st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(_PREFIXES), st.sampled_from(_BODIES)).map(
    lambda t: t[0] + t[2] if t[1] in ("", " ") else "".join(t))
_docs = st.tuples(st.lists(_line, min_size=1, max_size=25), st.sampled_from(["", "\n", "\n\n", " "])).map(
    lambda t: "\n".join(t[0]) + t[1])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_docs)
def test_markdownish_text_agrees_or_falls_back(text):
    _agrees(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab #>-*|`~<!\n\t 1.)=[]:\\") + ["\xa0", "é"]), max_size=200))
def test_random_text_agrees_or_falls_back(text):
    _agrees(text)
