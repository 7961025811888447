"""Markdown → Anki HTML: the renderer's choices, and its fast path agreeing with markdown-it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from srs.export.render import _MD, is_plain, render_markdown
from tests.exportkit import PNG
from srs.export.sanitize import sanitize


def test_plain_question_is_a_paragraph():
    assert render_markdown("  What is a 'KV cache' & why?  ").html == "<p>What is a 'KV cache' &amp; why?</p>"
    assert render_markdown("").html == "" and render_markdown(" \n ").html == ""


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_fast_path_gives_exactly_what_markdown_it_gives(text):
    text = text.strip()
    if text and is_plain(text):
        assert render_markdown(text).html == sanitize(_MD.render(text)).strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 1.)-+*#>=_`[]<&!$|~\\:'\"?", max_size=30))
def test_fast_path_agrees_on_markdown_punctuation(text):
    text = text.strip()
    if text and is_plain(text):
        assert render_markdown(text).html == sanitize(_MD.render(text)).strip()


def test_block_markers_are_not_plain():
    for text in ("- item", "+ item", "1. first", "3) third", "# Heading", "> quote", "a *b*", "x_y_", "`c`",
                 "[l](u)", "a <b>", "a & b", "$x$", "---", "a\nb", "    code"):
        assert not is_plain(text.strip()) or text.strip() != text, text


def test_math_becomes_mathjax_delimiters_and_prices_stay_text():
    html = render_markdown("Loss $L = -\\sum_i y_i \\log p_i$ and\n\n$$\\frac{a}{b} < 1$$").html
    assert "\\(L = -\\sum_i y_i \\log p_i\\)" in html
    assert '<div class="math">\\[\\frac{a}{b} &lt; 1\\]</div>' in html
    assert render_markdown("- Senior AI Engineer: $220K - $300K").html == (
        "<ul>\n<li>Senior AI Engineer: $220K - $300K</li>\n</ul>"
    )
    assert "\\(" not in render_markdown("AUD $130K - $200K, costs $5 to $10").html


def test_code_fences_are_highlighted_with_classes_and_unknown_languages_stay_plain():
    html = render_markdown("```python\nfor i in range(3):\n    print(i)\n```").html
    assert html.startswith('<pre class="hl" data-lang="python"><code><span class="line i0"><span class="k">for</span>')
    assert '<span class="line i4">    <span class="nb">print</span>' in html
    assert "style=" not in html
    plain = render_markdown("```\n├── src/\n└── tests/\n```").html
    assert plain == ('<pre class="hl"><code><span class="line i0">├── src/\n</span>'
                     '<span class="line i0">└── tests/\n</span></code></pre>')
    assert render_markdown("```nosuchlang\nx < y\n```").html == (
        '<pre class="hl"><code><span class="line i0">x &lt; y\n</span></code></pre>')


def test_code_lines_keep_their_text_and_know_their_indentation():
    import html as html_mod
    import re

    code = 'def f(x):\n\tif x:\n        s = """a\nb"""\n\n' + " " * 40 + "deep\nlast"
    out = render_markdown(f"```python\n{code}\n```").html
    # Removing the markup gives back the code exactly: every newline, tab and space.
    assert html_mod.unescape(re.sub(r"<[^>]+>", "", out)) == code + "\n"
    assert re.findall(r'class="line i(\d+)"', out) == ["0", "4", "8", "0", "0", "24", "0"]
    # A multi-line string's span is closed at the line end and reopened on the next line.
    assert '<span class="s2">"""a</span>\n</span><span class="line i0"><span class="s2">b"""</span>' in out


def test_lists_tables_quotes_and_details_survive():
    html = render_markdown(
        "Steps:\n\n1. one\n   - nested\n2. two\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n> quoted\n\n"
        "<details><summary>Answer</summary>\n\nhidden *text*\n\n</details>"
    ).html
    for piece in ("<ol>", "<ul>", "<li>nested</li>", '<th style="text-align:left">a</th>',
                  '<td style="text-align:right">2</td>', "<blockquote>", "<details><summary>Answer</summary>",
                  "<em>text</em>"):
        assert piece in html, piece


def test_relative_images_become_media_and_missing_ones_say_so(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "Net Arch.png").write_bytes(PNG)
    out = render_markdown("See ![the net](img/Net%20Arch.png \"arch\") and ![gone](img/none.png)", tmp_path)
    [media] = out.media
    assert media.data == PNG
    assert out.problems == ("image 'img/none.png' was not found",)
    assert media.name.startswith("srs-Net-Arch-") and media.name.endswith(".png")
    assert f'<img src="{media.name}" alt="the net" title="arch">' in out.html
    assert "[image not found: img/none.png]" in out.html
    remote = render_markdown("![r](https://example.com/a.png)").html
    assert '<img src="https://example.com/a.png" alt="r">' in remote


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z0-9][a-z0-9_-]{3,20}", fullmatch=True))
def test_note_guid_is_genankis_guid_of_the_card_id(card_id):
    import genanki

    from srs.export.notes import note_guid

    assert note_guid(card_id) == genanki.guid_for("srs", card_id)


# -- the fast path (markdown-it-pyrs) gives exactly the reference's HTML ---------------------------

import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from srs.export import fastmd, render  # noqa: E402

REPO = Path(__file__).parent.parent
needs_fast = pytest.mark.skipif(not fastmd.AVAILABLE, reason="markdown-it-pyrs not installed (or SRS_MARKDOWN=reference)")


def _reference(text: str, base_dir=None):
    full, fastmd._FULL = fastmd._FULL, None
    try:
        return render.render_markdown(text, base_dir)
    finally:
        fastmd._FULL = full


def _fast_taken(text: str) -> bool:
    text = text.strip()
    return bool(text) and not is_plain(text) and render._render_fast(text) is not None


def _same(text: str, base_dir=None) -> bool:
    """The renderer's output equals the reference's; True when the fast path rendered it."""
    assert render_markdown(text, base_dir) == _reference(text, base_dir), text
    return _fast_taken(text)


@needs_fast
def test_bundled_cards_render_the_same_and_mostly_on_the_fast_path():
    from srs.export.run import load_for_export

    items, _ = load_for_export(REPO / "decks")
    texts = [(t, it.deck_file.parent) for it in items for t in (it.card.question, it.card.answer)]
    parsed = [(t, b) for t, b in texts if t.strip() and not is_plain(t.strip())]
    fast = sum(_same(t, b) for t, b in parsed)
    assert fast >= 0.9 * len(parsed), (fast, len(parsed))


@needs_fast
def test_source_documents_render_the_same():
    docs = sorted((REPO / "decks" / "sources").glob("*.md")) + sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))
    fast = 0
    for path in docs:
        text = path.read_text(encoding="utf-8")
        _same(text, path.parent)
        for chunk in re.split(r"\n(?=#)", text):
            fast += _same(chunk, path.parent)
    assert fast > 400


@needs_fast
def test_bench_cards_render_the_same_on_the_fast_path():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from export_bench import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    answers = [it.card.answer for it in generate(1500)]
    # Every bench answer without math takes the fast path.
    assert all(_same(a) == ("$" not in a) for a in answers if a.strip())


EDGES = [
    # Cases where the two parsers differ: each must come out as the reference renders it.
    "a\n-|", "b\n-:", "a|b\n-|-", "| a |\n-|", "b||\\|||-\n-|-|-|-|-", "a\n-|\n--",  # one-column tables, escaped pipes
    "`   `|", "`  \n`a", "```        ```",  # code spans of spaces
    "_b_a*_*b*", "*a\na_*_-_", "*a_b**b*\n**z**a", ".**~a*.***-*", "~~a~~~~b~~", "*y_z~~ b*)~~z~~",  # emphasis
    ">v\n*", ">a\n-", "> a\nb", "v\n><v>", ">\nx", ">[x]: u\n\"", "> - <div>x",  # quotes, lazy lines
    ">\t<div>>", "* )\n\t</div>a", "- a\n\tb", "```go\nfunc f() {\n\treturn\n}\n```",  # tabs
    "<!v>>", "-<!-->", "<!-- c -->\ntext", "<?x?>",  # comments, declarations, processing instructions
    "<div></", "<div>a<", "<div><b>b</div>", "- <div>x", "+ a\n  <div>", "- a\n  <div>x</div>\n- b",  # raw HTML
    "* .\n  ```", "- **a** b\n  ```py\n  x\n  ```\n- c", "```python\nx = 1\ny", "- ```\n  a\n  b",  # code blocks
    "\xa0 a", "a\xa0", "| a\u3000| b |\n|---|---|\n| 1 | 2 |", "a\r\nb",  # Unicode spaces
    "[x]:u\n''\u200b", "[x]: /u 'title'\n\n[x]", "```c\\+\\+ x\ny\n```", "```  a&amp;b  \ny\n```",
    "[`x`](u)", "[`x](u)", "a [` b", "[a](`) [`", "| [` | ` |\n|---|---|",  # the Rust port's panic
    "- " * 12 + "deep", ">" * 30 + " deep", "1. a\n" + "   " * 25 + "b",
]


@needs_fast
@pytest.mark.parametrize("text", EDGES)
def test_edge_cases_render_as_the_reference_does(text):
    _same(text)


@needs_fast
@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(list("ab #>-*_|`~<!\n\t 1.):[]\\&\"'/") + [
    "\xa0", "é", "```", "~~~", "    ", "<div>", "</div>", "<b>", "| a |", "|---|", "|:-|", "\n\n", "python", "**",
    "~~", "[x]: /u\n", "<http://a>", "](", "<!--", "-->", "<?", "&amp;"]), max_size=40))
def test_fuzzed_markdown_renders_as_the_reference_does(pieces):
    _same("".join(pieces))


@needs_fast
def test_random_markdown_renders_as_the_reference_does():
    rng = random.Random(20)
    alphabets = [
        list("ab |-:\n ` \\") + ["| a |", "|---|", "|:-|", "\n| "],
        list("ab ~*_`\n-"),
        list("ab \n-*+>1.)    \t") + ["```", "~~~", "<div>", "</div>"],
        list("ab <>/!-\n\"'=`[]") + ["<div>", "</div>", "<b>", "<!--", "-->", "<?", "?>", "<a href='x'>", "</a>"],
        [chr(c) for c in range(32, 127)] + ["\n"] * 5,
    ]
    for alphabet in alphabets:
        for _ in range(1500):
            _same("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))


@needs_fast
def test_no_rust_panic_reaches_stderr():
    """Inputs that make markdown-it-pyrs 0.4 panic are kept from it (Rust prints a panic on stderr)."""
    rng = random.Random(3)
    alphabet = list("ab []`\\<>()!*_\n:|-#")
    texts = ["[`", "[`x](u)", "a [` b", "[\\`a`", "[<a title='`'> `x", "[a](`) [`", "![`", "# [`", "> [`", "- [`",
             *("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000))]
    code = ("import sys, json\nfrom srs.export.render import render_markdown\n"
            "for t in json.load(sys.stdin): render_markdown(t)\n")
    import json

    result = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True,
                            cwd=REPO, env={**os.environ, "RUST_BACKTRACE": "0"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "panicked" not in result.stderr, result.stderr[:2000]


def test_reference_renderer_when_the_rust_port_is_off():
    code = ("from srs.export import fastmd\nfrom srs.export.render import render_markdown\n"
            "assert not fastmd.AVAILABLE\n"
            "print(render_markdown('```python\\nx = 1\\n```\\n\\n| a |\\n|---|\\n| b |').html)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "SRS_MARKDOWN": "reference"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == render_markdown("```python\nx = 1\n```\n\n| a |\n|---|\n| b |").html
