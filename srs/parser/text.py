"""Text cleanup: mojibake repair, emoji and markup stripping, question normalisation."""

from __future__ import annotations

import re

import ftfy

# Characters that show up when UTF-8 was decoded as Mac Roman / cp1252 / Latin-1
# (U+F8FF is Mac Roman's Apple logo, which stands for byte 0xF0: the first byte of most emoji).
_SUSPECT = re.compile(r"[\u0080-\u02ff\u2018-\u203a\u2122\uf8ff]")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # "&lt;script&gt;" stays text: unescaped it would open an HTML block and hide the questions
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)

_EMOJI = re.compile(
    "["
    "\U0001f000-\U0001faff"  # pictographs, emoticons, transport, symbols
    "\u2600-\u27bf"  # misc symbols, dingbats
    "\u2b00-\u2bff"  # arrows, stars
    "\u2300-\u23ff"  # technical (⌛ ⏱)
    "\ufe0e\ufe0f\u200d\u20e3"  # variation selectors, joiner, keycap
    "\U000e0020-\U000e007f"  # tags
    "\uf8ff"  # private use left over from broken decoding
    "]+"
)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`+([^`]*)`+")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_WS = re.compile(r"\s+")
_MARKUP_HINT = re.compile(r"[*_`\[<]")


def _high_chars(codec: str) -> str:
    return "".join(sorted({bytes([b]).decode(codec, errors="ignore") for b in range(0x80, 0x100)} - {""}))


# Runs of characters that a legacy codec produces from UTF-8 multi-byte sequences.
_RUNS = [(codec, re.compile("[" + re.escape(_high_chars(codec)) + "]{2,}")) for codec in ("mac_roman", "cp1252")]


def _redecode(line: str) -> str:
    """Re-decode runs such as ``\uf8ffüìù`` (📝 read as Mac Roman) when they form valid UTF-8."""
    for codec, rx in _RUNS:
        def fix(m: re.Match[str]) -> str:
            try:
                return m.group(0).encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                return m.group(0)

        line = rx.sub(fix, line)
    return line


def repair_mojibake(text: str) -> str:
    """Fix UTF-8-read-as-legacy-encoding garbage, line by line, leaving clean lines untouched."""
    if not _SUSPECT.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _SUSPECT.search(line):
            fixed = _redecode(line)
            if _SUSPECT.search(fixed):
                fixed = ftfy.fix_text(fixed, _FTFY_CONFIG)
            if "\n" not in fixed:
                lines[i] = fixed
    return "\n".join(lines)


def strip_emoji(text: str) -> str:
    if text.isascii():  # no emoji, nothing else to do but fold the spaces
        return " ".join(text.split())
    return _WS.sub(" ", _EMOJI.sub(" ", text)).strip()


_CODE_SPAN = re.compile(r"(`+[^`\n]*?`+)")


def strip_markup(text: str, *, keep_code: bool = False) -> str:
    """Inline Markdown to plain text: emphasis, links, HTML tags (and backticks unless keep_code)."""
    if not _MARKUP_HINT.search(text):
        return text
    if "*" in text or "_" in text:
        # emphasis outside code spans only: "`__slots__`" is code, not bold
        parts = _CODE_SPAN.split(text) if "`" in text else [text]
        for k in range(0, len(parts), 2):
            prev = None
            while prev != parts[k]:
                prev = parts[k]
                parts[k] = _EMPHASIS.sub(_emphasis_body, parts[k])
        text = "".join(parts)
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if not keep_code and "`" in text:
        text = _CODE.sub(r"\1", text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    return text


def _emphasis_body(m: re.Match[str]) -> str:
    return m.group(2) or m.group(3) or m.group(4) or ""


def clean_heading(text: str) -> str:
    """A heading as it should appear in a topic path: no emoji, no markup, single spaces."""
    text = strip_markup(text)
    text = strip_emoji(text)
    text = re.sub(r"\s*#+\s*$", "", text)  # closing ATX hashes
    return text.strip(" \t-–—:|")


def unquote(text: str) -> str:
    """Strip double quotes wrapping the whole text ("…" or “…”)."""
    t = text.strip()
    for a, b in (('"', '"'), ("\u201c", "\u201d")):
        if len(t) >= 2 and t.startswith(a) and t.endswith(b) and t.count(a) + t.count(b) <= (2 if a == b else 2):
            return t[1:-1].strip()
    return t


def clean_question(text: str) -> str:
    """Question text for a card: emphasis removed (inline code kept), whitespace folded, quotes unwrapped."""
    text = strip_markup(text, keep_code=True)
    text = _WS.sub(" ", text).strip()
    return unquote(text)


def normalise(text: str) -> str:
    """A comparison key: lowercase words only."""
    return _WS.sub(" ", re.sub(r"[^\w\s]", " ", strip_markup(text).casefold())).strip()


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", strip_emoji(text).casefold()).strip("-")
    return s or "deck"

