"""Markdown → Anki HTML: the renderer's choices, and its fast path agreeing with markdown-it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from srs.export.render import _MD, is_plain, render_markdown
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
    (tmp_path / "img" / "Net Arch.png").write_bytes(b"\x89PNG fake")
    out = render_markdown("See ![the net](img/Net%20Arch.png \"arch\") and ![gone](img/none.png)", tmp_path)
    [media] = out.media
    assert media.path == tmp_path / "img" / "Net Arch.png"
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
