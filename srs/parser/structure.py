"""What the extractor works with: headings on the path, pieces of a section, the regions
``--explain`` reports, and the patterns several card shapes share; plus document-level helpers
(front matter, notice headings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from srs.parser import ParsedCard
from srs.parser.blocks import Block
from srs.parser.labels import Label
from srs.parser.text import clean_heading, inline_links, last_end, strip_markup

NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*)?#?\d+[a-z]?\s*[.):\-–]\s*", re.IGNORECASE)
CHECKBOX = re.compile(r"^\[[ xX]\]\s")
SUMMARY = re.compile(r"<summary>(?P<s>.*?)</summary>", re.IGNORECASE | re.DOTALL)
SUMMARY_END = re.compile(r"</summary>", re.IGNORECASE)
TAG = re.compile(r"</?(details|summary)[^>]*>", re.IGNORECASE)
SUMMARY_OPEN = re.compile(r"<summary>", re.IGNORECASE)
DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
# Tags and spacers at the start / end of a hidden answer ("<br><b>" … "</b>", "<div> <br />" … "</div>")
EDGE_TAGS_START = re.compile(r"\A(?:\s|<(?:br|b|strong|div|p|hr)\b[^>]*>|</(?:p|b|strong)>|&nbsp;)+", re.IGNORECASE)
EDGE_TAGS_END = re.compile(r"(?:\s|</(?:b|strong|div|p)>|<(?:br|hr|p)\b[^>]*>|&nbsp;)+\Z", re.IGNORECASE)
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
NUMBERED_LEAD = re.compile(r"^\s*(?:\*\*|__)\s*(?:q(?:uestion)?\s*)?#?\d+[a-z]?\s*[.)]", re.IGNORECASE)
BOLD_PREFIX = re.compile(r"^\s*(\*\*|__).*?\1[.:]?")
EXHIBITS = ("fence", "code", "table", "bullet_list", "ordered_list")
SPACER = re.compile(r"^\s*(?:<br\s*/?>|<p>\s*</p>|&nbsp;)\s*$", re.IGNORECASE)
# Decoration at the edge of an answer: "[⬆ back to top](#questions)", "<hr/>", "</details>", "</div>", "<br>"
DECORATION = re.compile(r"^\s*(?:\[[^\]\n]*\]\(#[^)\s]*\)|</?(?:hr|br|details|div|p|b|center)\s*/?>|&nbsp;|\s)*\s*$",
                        re.IGNORECASE)
# Links, images and tags: an answer with nothing else is no answer ("[Answer](https://…)")
LINKS_AND_TAGS = re.compile(r"!?\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\([^)\n]*\)|\[\[[^\]\n]*\]\]\([^)\n]*\)|<[^>\n]*>")
# "**What is X?** (easy)": a bold question with a short trailer (a marker, not a sentence)
BOLD_LEAD = re.compile(r"^\s*(\*\*|__)(?P<body>[^*_]+?\?)\1\s*(?P<rest>\S.{0,24})$")



@dataclass
class Heading:
    level: int
    title: str  # cleaned
    line: int  # 1-based
    tier: str | None  # level named by this heading
    difficulty: str | None = None  # difficulty named by this heading ("## Hard", "## Super Hard Challenges")


@dataclass
class Seg:
    """A piece of a section: a block, or part of a paragraph that starts with a label."""

    kind: str
    start: int  # 0-based
    end: int
    label: Label | None = None
    text: str = ""
    block: Block | None = None


@dataclass
class Region:
    start: int  # 0-based
    end: int
    reason: str


@dataclass
class Section:
    cards: list[ParsedCard] = field(default_factory=list)
    metas: list[tuple[int, str | None, list[str]]] = field(default_factory=list)  # (1-based line, difficulty, tags)

    def add_meta(self, line: int, meta: tuple[str | None, list[str]]) -> None:
        """A metadata line (``**Time: 20 min | Difficulty: Hard**``) of this section."""
        self.metas.append((line, meta[0], list(meta[1])))


def first_summary(text: str) -> re.Match[str] | None:
    """The first ``<summary>…</summary>`` in ``text`` (searched up to the last closing tag only: see
    :func:`srs.parser.text.last_end`)."""
    return SUMMARY.search(text, 0, last_end(text, SUMMARY_END))


_EXTERNAL_URL = re.compile(r"(?:https?:)?//")


def link_notice(heading: str) -> bool:
    """A heading that mostly points elsewhere ("Recently added: [NLP questions](https://…)"): a notice,
    not a section the following questions belong to."""
    linked = sum(len(label) for _, _, label in inline_links(heading, _EXTERNAL_URL))
    return linked > 0 and linked >= 0.5 * len(strip_markup(heading).strip())


_FRONT_END = re.compile(r"^(?:---|\.\.\.)\s*$", re.MULTILINE)


@dataclass
class FrontMatter:
    title: str | None = None
    question: str | None = None  # a page that holds one question names it here ("question: What is X?")
    question_line: int = 0  # 1-based


def front_matter(text: str, question_keys: set[str] | frozenset[str] = frozenset()) -> tuple[str, FrontMatter]:
    """Blank out a leading YAML front matter block (``---`` … ``---``), keeping line numbers,
    and return its ``title`` and the question it names under one of ``question_keys``, if any."""
    if not text.startswith("---\n"):
        return text, FrontMatter()
    end = _FRONT_END.search(text, 4)
    if end is None:
        return text, FrontMatter()
    block = text[4 : end.start()]
    try:
        import yaml

        meta = yaml.safe_load(block)
    except Exception:  # not YAML after all: leave the text alone (a plain ``---`` rule)
        return text, FrontMatter()
    if not isinstance(meta, dict):
        return text, FrontMatter()
    title = meta.get("title")
    found = FrontMatter(clean_heading(title) if isinstance(title, str) and title.strip() else None)
    for key, value in meta.items():
        if isinstance(key, str) and key.casefold() in question_keys and isinstance(value, str) and value.strip():
            found.question = value.strip()
            m = re.search(rf"^{re.escape(key)}\s*:", block, re.MULTILINE)
            found.question_line = 2 + (block.count("\n", 0, m.start()) if m else 0)
            break
    blanked = "\n" * text.count("\n", 0, end.end())
    return blanked + text[end.end() :], found


