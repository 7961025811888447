"""Card Markdown → HTML with markdown-it-pyrs, giving exactly what the reference renderer gives.

The reference is markdown-it-py with the render rules of :mod:`srs.export.render`. Its Rust port,
markdown-it-pyrs, renders CommonMark and tables about 20x faster, but has no Python render hooks and
differs from markdown-it-py on some inputs. :func:`render` therefore

* leaves to the reference every text it cannot promise to render the same (returns None): math and
  images (render rules of our own), and each kind of input found where the two parsers disagree
  (see the guards below; ``tests/test_export_render.py`` compares the two on real and generated cards
  and on fuzzed Markdown);
* highlights code blocks itself: the Rust port writes ``<pre><code class="language-x">…</code></pre>``,
  which is swapped for the reference's highlighted block, its code taken from the parse tree;
* evens out the few newlines the two place differently.

Nothing is sanitised here: the caller sanitises whichever HTML it gets, exactly as before.
``SRS_MARKDOWN=reference`` (or markdown-it-pyrs not installed) turns this path off.
"""

from __future__ import annotations

import os
import re
from typing import Callable

from srs.parser.blocks import parse_blocks_fast

__all__ = ["AVAILABLE", "render"]


def _parsers():
    if os.environ.get("SRS_MARKDOWN", "").strip().lower() in ("reference", "markdown-it-py", "py"):
        return None, None
    try:
        from markdown_it_pyrs import MarkdownIt
    except ImportError:
        return None, None
    # "commonmark" includes raw HTML (html_block, html_inline), as the reference's {"html": True} does.
    full = MarkdownIt("commonmark").enable_many(["table", "strikethrough"])
    # The same block rules and no inline rule: each paragraph, heading and table cell is one text node
    # holding the source its inline parse sees.
    blocks = MarkdownIt("zero").enable_many(
        ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "html_block", "table",
         "reference"])
    return full, blocks


_FULL, _BLOCKS = _parsers()
AVAILABLE = _FULL is not None

# -- texts left to the reference ------------------------------------------------------------------

# Unicode spaces markdown-it-py trims from the edges of paragraphs and cells (the Rust port trims ASCII
# spaces only), and the control characters it treats as whitespace.
_ODD_SPACE = re.compile(r"[\x0b\x0c\r\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_RAW_CODE = re.compile(r"<(?:pre|code)", re.I)  # raw HTML that could pass for a code block or span
_SPACE_SPAN = re.compile(r"(?<!`)(`+)[ \n]+\1(?!`)")  # a code span of spaces only: the Rust port strips it
_SPACE_SPAN_HINT = re.compile(r"`[ \n]+`")
_DEFINITION = re.compile(r"^[ >*+.)0-9-]*\[[^\]\n]*\]:", re.M)  # a link reference definition
_OPEN_TAG_AT_END = re.compile(r"<[^>\n]*\Z")  # raw HTML cut off by the end of the text
_DELIMITER_ROW = re.compile(r"[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_LEAD_TAB = re.compile(r"^[ >*+.)0-9-]*\t", re.M)  # a tab in a line's indentation or container prefix
_DEEP = re.compile(r"^[ ]{20}|^(?:[ ]*(?:[-*+]|\d{1,9}[.)])[ ]+){6}", re.M)


def _reference_only(text: str) -> bool:
    """Texts the Rust port is not used for, by what they contain (cheap checks, no parse)."""
    if "$" in text or "![" in text:
        return True  # math (dollarmath), images (packed as media): render rules of the reference
    if "~~~~" in text or "<!" in text or "]:" in text and _DEFINITION.search(text):
        # Runs of 4+ tildes (strikethrough pairs them differently); comments and declarations
        # (CommonMark 0.31 rules in markdown-it-py only); link reference definitions (titles differ).
        return True
    if not text.isascii() or "\r" in text or "\x0b" in text or "\x0c" in text:
        if _ODD_SPACE.search(text):
            return True
    if "<" in text and (_RAW_CODE.search(text) or _OPEN_TAG_AT_END.search(text)):
        # Raw HTML cut off at the end: markdown-it-py ends it without a newline, the Rust port with one,
        # and the sanitiser's HTML parser reads a tag cut off by a newline differently.
        return True
    if "`" in text and _SPACE_SPAN_HINT.search(text) and _SPACE_SPAN.search(text):
        return True
    return _tables_may_differ(text)


def _tables_may_differ(text: str) -> bool:
    """One-column tables, header rows without a pipe, escaped pipes: the two disagree on these."""
    if "-" not in text or "|" not in text and ":" not in text:
        return False
    if "\\|" in text:
        return True
    lines = text.split("\n")
    for i in range(1, len(lines)):
        line = lines[i]
        if "-" in line and _DELIMITER_ROW.fullmatch(line):
            piped = "|" in line or ":" in line
            if piped != ("|" in lines[i - 1]):
                return True  # a delimiter row under a line without a pipe, or dashes under a piped line
    return False


_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _label_scan_may_panic(inline: str) -> bool:
    """True unless the inline source surely has no ``[`` whose link-label scan meets an unclosed backtick run.

    markdown-it-pyrs 0.4 panics there (``[`x](u)``, ``a [`b``: index out of bounds in parse_link_label);
    pyo3 turns the panic into an exception, but Rust prints it on stderr first, so such text must
    not reach it. Conservative: every backtick run must close (code-span pairing, backslash escapes
    honoured), and nothing that could hide a backtick from that pairing may be present (``<`` for raw
    HTML and autolinks, ``](`` and ``][`` for link destinations and reference labels)."""
    if "[" not in inline or "`" not in inline:
        return False
    if "<" in inline or "](" in inline or "][" in inline:
        return True
    i, n = 0, len(inline)
    while i < n:
        c = inline[i]
        if c == "\\" and i + 1 < n and inline[i + 1] in _ASCII_PUNCT:
            i += 2
        elif c == "`":
            j = i
            while j < n and inline[j] == "`":
                j += 1
            k = j
            while True:  # the closing run: exactly as many backticks
                k = inline.find("`", k)
                if k < 0:
                    return True
                e = k
                while e < n and inline[e] == "`":
                    e += 1
                if e - k == j - i:
                    break
                k = e
            i = e
        else:
            i += 1
    return False


class _Doc:
    """One text and, parsed on first use, its block tree (no inline rules: it cannot panic)."""

    def __init__(self, text: str):
        self.text = text
        self._tree = None
        self._data: bytes | None = None

    @property
    def tree(self):
        if self._tree is None:
            self._tree = _BLOCKS.tree(self.text)
        return self._tree

    @property
    def data(self) -> bytes:  # srcmaps are UTF-8 byte offsets
        if self._data is None:
            self._data = self.text.encode("utf-8")
        return self._data


def _may_panic(doc: _Doc) -> bool:
    if "[" not in doc.text or "`" not in doc.text:
        return False
    return any(node.name == "text" and _label_scan_may_panic(node.meta.get("content", "")) for node in doc.tree.walk())


def _tabs_may_differ(doc: _Doc) -> bool:
    """Tabs in indentation: the two parsers expand them differently, except inside a top-level code block."""
    text = doc.text
    tabs = [len(text[: m.start()].encode("utf-8")) for m in _LEAD_TAB.finditer(text)]
    if not tabs:
        return False
    spans = [node.srcmap for node in doc.tree.children if node.name in ("fence", "code_block")]
    return any(not any(s <= b < e for s, e in spans) for b in tabs)


def _many_markers(text: str) -> bool:
    return text.count("-") + text.count("*") + text.count("+") + text.count(".") + text.count(")") >= 6


def _blocks_may_differ(doc: _Doc) -> bool:
    """Block structure where the two may differ (tabs, block quotes, tables, raw HTML, deep nesting): the
    importer's block parser refuses (FastParseUnsupported) wherever its markdown-it-pyrs tree may not
    be markdown-it-py's."""
    text = doc.text
    if "\t" in text and _tabs_may_differ(doc):
        return True
    if not ("|" in text or "<" in text or ">" in text) and not (" " * 20 in text or _many_markers(text) and _DEEP.search(text)):
        return False
    try:
        parse_blocks_fast(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # FastParseUnsupported, or anything else: the reference decides
        return True
    return False


# -- rendering --------------------------------------------------------------------------------------

# What the Rust port renders for a fence or an indented code block (the code escaped, nothing else inside).
_CODE_HTML = re.compile(r'<pre><code(?: class="[^"<>]*")?>([^<]*)</code></pre>\n')
_CODE_OUT = re.compile(r"<code>[^<]*</code>|<pre><code[^>]*>[^<]*</code></pre>")
# Emphasis: the Rust port sometimes leaves a pair of delimiters unmatched where markdown-it-py matches
# it (after a delimiter run left unmatched inside another pair, e.g. "*a\na_*_-_"). Every such case
# found leaves a literal "*", "~~" or word-edge "_" in its output, so output with one (outside code)
# is left to the reference.
_EDGE_UNDERSCORE = re.compile(r"_(?:(?!\w)|(?<!\w_))")  # "_" not between word characters


def _leftover(html: str) -> bool:
    return "*" in html or "~~" in html or "_" in html and _EDGE_UNDERSCORE.search(html) is not None

_BLOCK_NODES = frozenset({"paragraph", "heading", "lheading", "fence", "code_block", "html_block", "bullet_list",
                          "ordered_list", "list_item", "blockquote", "hr", "table", "definition"})
_CLOSERS = {"blockquote": "</blockquote>\n", "list_item": "</li>\n", "bullet_list": "</ul>\n",
            "ordered_list": "</ol>\n"}


def _unescape(html: str) -> str:
    """Inverse of markdown-it's escapeHtml (& < > "), exactly: no other entity is touched."""
    return html.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")


def _code_nodes(node, out: list) -> bool:
    """Append the fence and code-block nodes under ``node`` in document order, each with whether it comes
    right after the text of a tight list item; False for raw HTML there (left to the reference)."""
    prev = None
    for child in node.children:
        name = child.name
        if name in ("fence", "code_block", "html_block"):
            after_text = prev is not None and prev not in _BLOCK_NODES
            if name == "html_block":
                if after_text:
                    return False
            else:
                out.append((child, after_text))
        elif name in _BLOCK_NODES and not _code_nodes(child, out):
            return False
        prev = name
    return True


def _html_blocks(doc: _Doc, html: str) -> str | None:
    """Raw HTML blocks as markdown-it-py places them. It ends one that runs to the end of the text
    without a newline (the text has none there), the Rust port with one: that one is dropped (inside
    whatever quotes and lists hold the block). None for raw HTML right after a tight list item's text."""
    node = doc.tree
    if not _code_nodes(node, []):
        return None
    closers = []
    while node.children:
        node = node.children[-1]
        if node.name == "html_block":
            break
        if node.name not in _CLOSERS:
            return html
        closers.append(_CLOSERS[node.name])
    if node.name != "html_block" or node.srcmap[1] != len(doc.data):
        return html
    suffix = "".join(reversed(closers))
    if html.endswith("\n" + suffix):
        return html[: len(html) - len(suffix) - 1] + suffix
    return html


def _highlight_code(doc: _Doc, html: str, render_code: Callable[[str, str | None], str]) -> str | None:
    """The Rust port's code blocks replaced by ``render_code(content, info)`` as the reference's render
    rules do, or None if they cannot be matched one to one with the parse tree's."""
    codes: list = []
    if not _code_nodes(_FULL.tree(doc.text), codes):
        return None
    out: list[str] = []
    pos = 0
    for n, m in enumerate(_CODE_HTML.finditer(html)):
        if n >= len(codes):
            return None
        node, after_text = codes[n]
        content = node.meta.get("content", "")
        if _unescape(m.group(1)) != content:
            return None
        if node.name == "fence" and content.endswith("\n"):
            start, end = node.srcmap
            if end == len(doc.data) and content.count("\n") == doc.data.count(b"\n", start, end):
                # A fence left open at the end of the text: markdown-it-py ends its last line without a
                # newline (the text has none there), the Rust port with one.
                content = content[:-1]
        start = m.start()
        if after_text:
            # Right after a tight list item's text, markdown-it-py's fence rule starts the block on the
            # same line; the Rust port puts a newline first.
            if html[start - 1 : start] != "\n":
                return None
            start -= 1
        out.append(html[pos:start])
        out.append(render_code(content, node.meta.get("info", "") if node.name == "fence" else None))
        pos = m.end()
    if len(out) != 2 * len(codes):
        return None
    out.append(html[pos:])
    return "".join(out)


def render(text: str, render_code: Callable[[str, str | None], str]) -> str | None:
    """Unsanitised HTML for a stripped, non-empty Markdown text, the same as the reference renderer's;
    None where the reference must render it. ``render_code(content, info)`` renders a fence (``info``
    its info string) or an indented code block (``info`` None)."""
    if _FULL is None or _reference_only(text):
        return None
    doc = _Doc(text)
    try:
        if _may_panic(doc) or _blocks_may_differ(doc):
            return None
        html = _FULL.render(text)
        if _leftover(html) and (_leftover(_CODE_OUT.sub("", html)) if "<code" in html else True):
            return None
        if "<" in text:
            html = _html_blocks(doc, html)
            if html is None:
                return None
        if "<blockquote>\n</blockquote>" in html and "<blockquote" not in text.lower():
            html = html.replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")  # an empty quote
        if "<pre><code" in html:
            return _highlight_code(doc, html, render_code)
        return html
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Rust panic (pyo3's PanicException is a BaseException) or any surprise
        return None
