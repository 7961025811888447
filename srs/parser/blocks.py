"""Markdown → a tree of blocks with source line ranges.

Only block structure is parsed here (inline parsing is switched off: it is
slow and not needed); inline text is kept as the source wrote it.

Two backends build the same :class:`Block` trees:

* the reference, markdown-it-py's block token stream (:func:`parse_blocks_reference`);
* a fast one on markdown-it-pyrs (the Rust port of markdown-it; about 4x faster here, mapping
  included), used when it is installed. Its tree is mapped onto the reference's conventions (line
  ranges, hidden paragraphs of tight lists, trimmed text). On the inputs where the two parsers are
  known to disagree (tabs in indentation, lazy continuation lines in block quotes, quote-only lines
  before blank lines, unclosed raw HTML in list items, pipe-less or list-like table lines, HTML
  starts that changed between CommonMark versions, unusual link definitions, deep nesting), or if
  it fails in any way, the document is parsed by the reference instead, so the result never
  depends on which backend ran. ``tests/test_blocks_backends.py`` checks the two agree (real and generated documents,
  fuzzed Markdown); ``SRS_MARKDOWN=reference`` forces the reference.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Block", "parse_blocks", "parse_blocks_reference", "parse_blocks_fast", "FastParseUnsupported"]


@dataclass
class Block:
    kind: str  # heading paragraph bullet_list ordered_list list_item blockquote table fence code html hr
    start: int  # 0-based first line
    end: int  # 0-based line after the last
    text: str = ""  # inline source of a heading or paragraph; content of fence/html
    level: int = 0  # heading level
    info: str = ""  # fence language
    children: list["Block"] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # table cells (header row first)

    @property
    def line(self) -> int:
        """1-based first line."""
        return self.start + 1


def parse_blocks(text: str) -> list[Block]:
    """Top-level blocks of a document, nested lists/quotes as children (never raises on text)."""
    if _FAST is not None:
        try:
            return parse_blocks_fast(text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # FastParseUnsupported, or anything the Rust side raises (pyo3 panics are BaseException)
            pass
    try:
        return parse_blocks_reference(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:  # markdown-it-py 4.3 raises IndexError on e.g. "> - <pre>\n>"
        pass
    if _FAST is not None:
        try:
            return parse_blocks_fast(text, strict=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            pass
    return _paragraphs(text)


def _paragraphs(text: str) -> list[Block]:
    """Last resort when no parser copes: every run of non-blank lines is a paragraph."""
    out: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = None
    for i, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            out.append(Block("paragraph", start, i, text="\n".join(lines[start:i]).strip()))
            start = None
    return out


# -- reference backend: markdown-it-py ----------------------------------------------------------

_CONTAINERS = {
    "bullet_list_open": "bullet_list",
    "ordered_list_open": "ordered_list",
    "list_item_open": "list_item",
    "blockquote_open": "blockquote",
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "table_open": "table",
}
_LEAVES = {"fence": "fence", "code_block": "code", "html_block": "html", "hr": "hr"}


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt  # imported on first use: the fast backend usually does without it

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["inline", "text_join"])
    return md


def parse_blocks_reference(text: str) -> list[Block]:
    """:func:`parse_blocks` with markdown-it-py (the reference implementation)."""
    tokens = _md().parse(text)
    root = Block("root", 0, 0)
    stack = [root]
    row: list[str] | None = None
    for tok in tokens:
        t = tok.type
        if t in _CONTAINERS:
            m = tok.map or [stack[-1].start, stack[-1].start + 1]
            blk = Block(_CONTAINERS[t], m[0], m[1])
            if t == "heading_open":
                blk.level = int(tok.tag[1])
            stack[-1].children.append(blk)
            stack.append(blk)
        elif t.endswith("_close") and t[:-6] + "_open" in _CONTAINERS:
            stack.pop()
        elif t == "inline":
            top = stack[-1]
            if top.kind == "table":
                if row is not None:
                    row.append(tok.content)
            else:
                top.text = tok.content
        elif t == "tr_open":
            row = []
        elif t == "tr_close":
            if row is not None:
                stack[-1].rows.append(row)
            row = None
        elif t in _LEAVES:
            m = tok.map or [stack[-1].start, stack[-1].start + 1]
            stack[-1].children.append(Block(_LEAVES[t], m[0], m[1], text=tok.content, info=(tok.info or "").strip()))
    return root.children


# -- fast backend: markdown-it-pyrs -------------------------------------------------------------


class FastParseUnsupported(Exception):
    """The fast backend does not promise the reference's result for this document."""


def _fast_parser():
    if os.environ.get("SRS_MARKDOWN", "").strip().lower() in ("reference", "markdown-it-py", "py"):
        return None
    try:
        from markdown_it_pyrs import MarkdownIt as RsMarkdownIt
    except ImportError:
        return None
    # Block rules only: with no inline rules, every paragraph/heading/cell holds one text node whose
    # content is the inline source, exactly like markdown-it-py's inline token content.
    return RsMarkdownIt("zero").enable_many(
        ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "html_block", "table",
         "reference"]
    )


_FAST = _fast_parser()

_KINDS = {"heading": "heading", "lheading": "heading", "paragraph": "paragraph", "bullet_list": "bullet_list",
          "ordered_list": "ordered_list", "list_item": "list_item", "blockquote": "blockquote", "table": "table",
          "fence": "fence", "code_block": "code", "html_block": "html", "hr": "hr"}

# markdown-it-py trims inline content with this set (common.utils.MD_TRIM_CHARS: CommonMark whitespace
# plus Unicode spaces); the Rust port trims ASCII spaces only, so its text is trimmed again.
_TRIM = "".join(map(chr, [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
                          0x202F, 0x205F, 0x3000]))
_NEWLINES = re.compile(r"\r\n?")
_TRAILING_BLANK = re.compile(r"\n[ \t]+\Z")  # markdown-it-py has no line for a last line of only spaces
# A tab in a line's indentation or container prefix: the Rust port maps such lines differently.
_LEAD_TAB = re.compile(r"^([ >*+.)0-9-]*)\t", re.M)
# A line holding only quote markers followed by an empty line (or ending the document): markdown-it-py's
# blank-line skipping runs past the quote's end there, and its map ends elsewhere. (Written without
# backtracking: r"^[ \t>*+.)0-9-]*>[ \t>]*(?:…)" tried every '>' of a line against every shorter prefix,
# cubic in a document whose lines grow in '>'.)
_EMPTY_QUOTE_LINE = re.compile(r"^(?:[ \t*+.)0-9-]*+>)++[ \t]*+(?:\n[ \t>]*+(?:\n|\Z)|\Z)", re.M)
_QUOTE_MARKS = re.compile(r"(?:[ ]*>)*")
# A table delimiter row with a colon and no pipe (":-", "-:"): the Rust port lets a pipe-less line start a table
# (or end a paragraph as if it might); markdown-it-py never does.
_BARE_DELIMITER = re.compile(r"^[ \t>]*(?::-+:?|-+:)[ \t]*$", re.M)
# A line with a pipe over a pipe-less "---": markdown-it-py reads a one-column table, the Rust port a setext
# heading, a thematic break or HTML. (From the line's last pipe only: from every pipe, re would scan to the end
# of the line each time, quadratic in a wide table row.)
_PIPE_OVER_RULE = re.compile(r"\|[^|\n]*+\n[ \t>]*+:?-+:?[ \t]*$", re.M)
_LIST_START = re.compile(r"[ >]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")
_RAW_HTML = re.compile(r"<(?:(script|pre|style|textarea)(?=[\s>]|$)|(!--)|(\?)|(![A-Za-z])|(!\[CDATA\[))", re.I)
_RAW_HTML_END = {1: re.compile(r"</(?:script|pre|style|textarea)>", re.I), 2: re.compile(r"-->"),
                 3: re.compile(r"\?>"), 4: re.compile(r">"), 5: re.compile(r"\]\]>")}
# HTML block starts the CommonMark versions behind the two parsers disagree on: "<!" + a lowercase letter
# (0.30 allowed any letter), <search> and <source> (0.31 moved them between block types).
_HTML_VERSION_GAP = re.compile(r"^[ \t>*+.)0-9-]*<(?:![a-z]|/?(?:[sS][eE][aA][rR][cC][hH]|[sS][oO][uU][rR][cC][eE])(?=[\s/>]|$))",
                               re.M)
# Link reference definitions (no block in either parser) are trusted only when simple and on one line, and
# when no other line that starts with "[" could be one that the Rust port missed.
_SIMPLE_DEFINITION = re.compile(r"[ \t>*+.)0-9-]*\[[^\[\]\\]+\]:[ \t]+[^\s\"'()<>\\]+(?:[ \t]+(?:\"[^\"\\]*\"|'[^'\\]*'))?[ \t]*")
_BRACKET_LINE = re.compile(r"^[ \t>*+.)0-9-]*\[", re.M)
_DELIMITER_ROW = re.compile(r"[ \t>]*\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*")
_MAX_DEPTH = 16  # markdown-it-py stops nesting at 20 open tokens (maxNesting); stay well below
# A line opening more containers than that ("- - - …", "> > > …"), or a list item indented as deep: the Rust
# port recurses once per level and overflows its stack at some tens of thousands (SIGSEGV), and is slow long
# before; such a document is never given to it.
_DEEP_LINE = re.compile(r"^(?:[ \t]*+(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))){%d}|^[ \t]{%d,}+(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)"
                        % (_MAX_DEPTH + 1, 2 * (_MAX_DEPTH + 1)), re.M)
# The Rust port takes time quadratic in the number of link reference definitions (0.2 s for 2,000); each holds "]:".
_MAX_DEFINITIONS = 500


def parse_blocks_fast(text: str, *, strict: bool = True) -> list[Block]:
    """:func:`parse_blocks` with markdown-it-pyrs; raises :class:`FastParseUnsupported` where it may differ
    from the reference (``strict=False``: never, the best mapping is returned anyway)."""
    if _FAST is None:
        raise FastParseUnsupported("markdown-it-pyrs is not installed")
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    if text[-1:] in (" ", "\t"):
        text = _TRAILING_BLANK.sub("\n", text)
    if _DEEP_LINE.search(text):
        raise FastParseUnsupported("a line nested deeper than %d containers" % _MAX_DEPTH)
    if strict and text.count("]:") > _MAX_DEFINITIONS:
        raise FastParseUnsupported("many link reference definitions")
    if strict and ">" in text and _EMPTY_QUOTE_LINE.search(text):
        raise FastParseUnsupported("a quote-only line before an empty line")
    if strict and ":" in text and _BARE_DELIMITER.search(text):
        raise FastParseUnsupported("a table delimiter row without a pipe")
    if strict and "|" in text and _PIPE_OVER_RULE.search(text):
        raise FastParseUnsupported("a line with a pipe over a pipe-less delimiter row")
    if strict and "<" in text and _HTML_VERSION_GAP.search(text):
        raise FastParseUnsupported("an HTML block start the two CommonMark versions read differently")
    return _Converter(text, strict).run()


class _Converter:
    """markdown-it-pyrs node tree → Block tree with markdown-it-py's line maps and texts."""

    def __init__(self, text: str, strict: bool = True):
        self.text = text
        self.strict = strict
        data = text.encode("utf-8")
        self.data = data
        # srcmaps are UTF-8 byte offsets: line starts and line ends (position of each "\n", then EOF)
        newlines = [m.start() for m in re.finditer(b"\n", data)]
        self.starts = [0, *(p + 1 for p in newlines)]
        self.eols = [*newlines, len(data)]
        self.nlines = len(newlines) + (0 if data.endswith(b"\n") or not data else 1)
        self._lines: list[str] | None = None
        self._newlines: list[int] | None = None  # character positions of the newlines (line_of)
        self.leaf_lines: list[tuple[int, int]] = []
        self.definitions: set[int] = set()

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def run(self) -> list[Block]:
        out: list[Block] = []
        self.convert(_FAST.tree(self.text), out, 0, False, 0)
        if "\t" in self.text and self.strict:
            self.check_tabs()
        if "]:" in self.text and self.strict:
            self.check_definitions()
        return out

    def line_of(self, pos: int) -> int:
        """The 0-based line of character ``pos`` of the text."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect_left(self._newlines, pos)

    def check_definitions(self) -> None:
        """Where a link definition may be (a "]:" outside code and HTML), every line starting with "[" must be
        one the Rust port read as a simple definition (else markdown-it-py may have read one it did not)."""
        text = self.text
        in_leaf = set()
        for s, e in self.leaf_lines:
            in_leaf.update(range(s, e))
        line_of = self.line_of
        if not self.definitions:
            pos = text.find("]:")
            while pos >= 0 and line_of(pos) in in_leaf:
                pos = text.find("]:", pos + 2)
            if pos < 0:
                return
        for m in _BRACKET_LINE.finditer(text):
            line = line_of(m.start())
            if line not in self.definitions and line not in in_leaf:
                raise FastParseUnsupported("a line starting with '[' in a document with link definitions")

    def check_tabs(self) -> None:
        """Tabs in indentation are only safe inside fences, code and HTML blocks outside quotes."""
        tab_lines = set()
        text = self.text
        for m in _LEAD_TAB.finditer(text):
            if ">" in m.group(1):
                raise FastParseUnsupported("a tab after a quote marker")
            tab_lines.add(self.line_of(m.start()))
        for s, e in self.leaf_lines:
            tab_lines.difference_update(range(s, e))
        if tab_lines:
            raise FastParseUnsupported("a tab in the indentation")

    def convert(self, node, out: list[Block], quotes: int, in_item: bool, depth: int) -> None:
        if not self.strict:
            quotes, in_item, depth = 0, False, 0  # no checks
        if depth > _MAX_DEPTH:
            raise FastParseUnsupported("deeply nested")
        starts, eols = self.starts, self.eols
        for ch in node.children:
            name = ch.name
            kind = _KINDS.get(name)
            if kind is None:
                if name == "definition":  # a link reference definition: no token in markdown-it-py
                    s, e = ch.srcmap
                    line = bisect_right(starts, s) - 1
                    if self.strict and (bisect_left(eols, e) != line or not _SIMPLE_DEFINITION.fullmatch(self.lines[line])):
                        raise FastParseUnsupported("a link reference definition that is not simple")
                    self.definitions.add(line)
                    continue
                if name != "text":
                    raise FastParseUnsupported(f"unexpected node {name}")
                kind = "paragraph"  # the hidden paragraph of a tight list item
                inline = ch
            else:
                inline = None
            s, e = ch.srcmap
            # a block's srcmap ends at the end of its last line (possibly an empty line)
            blk = Block(kind, bisect_right(starts, s) - 1, bisect_left(eols, e) + 1)
            if kind == "paragraph" or kind == "heading":
                if inline is None:
                    kids = ch.children
                    inline = kids[0] if kids else None
                    if kind == "heading":
                        blk.level = ch.meta["level"]
                        if name == "lheading" and blk.level == 2 and self.strict and "|" in self.lines[blk.end - 2]:
                            raise FastParseUnsupported("a setext heading that may be a one-column table")
                blk.text = inline.meta["content"].strip(_TRIM) if inline is not None else ""
                if quotes and blk.end - blk.start > 1:
                    lines = self.lines
                    for ln in range(blk.start + 1, blk.end):
                        if _QUOTE_MARKS.match(lines[ln]).group().count(">") < quotes:
                            raise FastParseUnsupported("a lazy continuation line in a block quote")
            elif kind == "fence" or kind == "code" or kind == "html":
                content = ch.meta["content"]
                if (blk.end == self.nlines and kind != "code" and not self.data.endswith(b"\n")
                        and content.count("\n") == blk.end - blk.start - (kind == "fence")):
                    content = content[:-1]  # markdown-it-py keeps no newline the document does not have
                if kind == "html" and self.strict and blk.end - blk.start > 1 and (
                        "|" in self.lines[blk.start] and _DELIMITER_ROW.fullmatch(self.lines[blk.start + 1])):
                    raise FastParseUnsupported("an HTML block that markdown-it-py may read as a table")
                if kind == "html" and in_item:
                    m = _RAW_HTML.match(content.lstrip(" "))
                    if m and not _RAW_HTML_END[m.lastindex].search(content, content.index("<") + m.end()):
                        raise FastParseUnsupported("unclosed raw HTML in a list item")
                blk.text = content
                if kind == "fence":
                    blk.info = (ch.meta.get("info") or "").strip()
                self.leaf_lines.append((blk.start, blk.end))
            elif kind == "table":
                lines = self.lines
                if self.strict and "|" not in lines[blk.start]:
                    raise FastParseUnsupported("a table header without a pipe")
                for ln in (blk.start, *range(blk.start + 2, blk.end)) if self.strict else ():
                    if _LIST_START.match(lines[ln]) or not lines[ln].strip(_TRIM):
                        raise FastParseUnsupported("a table line that starts like a list item or is blank")
                width = 0
                for section in ch.children:
                    for tr in section.children:
                        row = [c.children[0].meta["content"].strip(_TRIM) if c.children else "" for c in tr.children]
                        if not blk.rows:
                            width = len(row)
                        elif len(row) != width:
                            row = (row + [""] * width)[:width]
                        blk.rows.append(row)
            elif kind != "hr":
                if kind == "blockquote" and self.strict and blk.end < self.nlines and "|" in self.lines[blk.end]:
                    raise FastParseUnsupported("a block quote ended by a table line")
                self.convert(ch, blk.children, quotes + (kind == "blockquote"), in_item or kind == "list_item", depth + 1)
            out.append(blk)
