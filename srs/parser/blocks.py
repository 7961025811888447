"""Markdown → a tree of blocks with source line ranges (markdown-it-py's block token stream).

Only block structure is parsed here (inline parsing is switched off: it is
slow and not needed); inline text is kept as the source wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

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


def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.disable(["inline", "text_join"])
    return md


_MD = _md()


def parse_blocks(text: str) -> list[Block]:
    """Top-level blocks of a document, nested lists/quotes as children."""
    tokens = _MD.parse(text)
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
