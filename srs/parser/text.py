"""Text cleanup: mojibake repair, emoji and markup stripping, question normalisation."""

from __future__ import annotations

import re
from typing import Iterator

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
# Emphasis is what r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w])"
# matches (its body replacing it), but that pattern, run by re, scans to the end of the line from every
# opener without a closer: quadratic in the line. _strip_emphasis finds the same matches in linear time.
_EMPHASIS_START = re.compile(r"\*\*|__|(?<![\w*])\*(?!\s)|(?<![\w_])_(?!\s)")  # where one of the three may start
_EMPHASIS_OPEN = {"*": re.compile(r"(?<![\w*])\*(?!\s)"), "_": re.compile(r"(?<![\w_])_(?!\s)")}
_EMPHASIS_CLOSE = {"*": re.compile(r"(?<!\s)\*(?!\w)"), "_": re.compile(r"(?<!\s)_(?!\w)"),
                   "**": re.compile(r"\*\*"), "__": re.compile("__")}
_NEWLINE = re.compile("\n")
_EMPHASIS_PASSES = 8  # emphasis nested deeper than this means nothing; the markup is left as it is
_CODE = re.compile(r"`+([^`]*)`+")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_WS = re.compile(r"\s+")
_MARKUP_HINT = re.compile(r"[*_`\[<]")
# Closing ATX hashes: r"\s*#+\s*$", started only where the spaces or the hashes start (re would rescan a long
# run of hashes from each of them).
_CLOSING_HASHES = re.compile(r"(?:(?<!\s)\s+|(?<![#\s]))#+\s*$")


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
    """Inline Markdown to plain text: emphasis, links, HTML tags (and backticks unless keep_code).

    Linear in the text, whatever it holds (openers without closers, thousands of brackets)."""
    if not _MARKUP_HINT.search(text):
        return text
    if "*" in text or "_" in text:
        # emphasis outside code spans only: "`__slots__`" is code, not bold
        parts = _CODE_SPAN.split(text) if "`" in text else [text]
        for k in range(0, len(parts), 2):
            for _ in range(_EMPHASIS_PASSES):  # nested emphasis: the outer one goes first
                stripped = _strip_emphasis(parts[k])
                if stripped == parts[k]:
                    break
                parts[k] = stripped
        text = "".join(parts)
    if "[" in text:
        text = _strip_links(text)
    if not keep_code and "`" in text:
        text = _CODE.sub(r"\1", text)
    if "<" in text:
        text = sub_before_last(_HTML_TAG, "", text, ">")
    return text


class _Ahead:
    """Where ``rx`` next matches in ``text`` at or after a position, asked for positions that never go
    back: a stretch searched once is not searched again, so asking at every opener stays linear."""

    __slots__ = ("text", "rx", "asked", "found")

    def __init__(self, text: str, rx: re.Pattern[str]):
        self.text, self.rx, self.asked, self.found = text, rx, -1, -1

    def __call__(self, pos: int) -> int:
        """The start of the first match at or after ``pos`` (``len(text)`` if none)."""
        if not self.asked <= pos <= self.found:
            m = self.rx.search(self.text, pos)
            self.asked, self.found = pos, m.start() if m else len(self.text)
        return self.found


def _strip_emphasis(text: str) -> str:
    """One pass of the emphasis pattern above: leftmost match first, ``**``/``__`` before ``*``/``_``, the
    nearest closer on the same line; each match replaced by its body."""
    line_end = _Ahead(text, _NEWLINE)
    closer = {kind: _Ahead(text, rx) for kind, rx in _EMPHASIS_CLOSE.items()}
    out: list[str] = []
    pos = 0
    m = _EMPHASIS_START.search(text)
    while m:
        i = m.start()
        c = text[i]
        eol = line_end(i)
        end = -1
        if text.startswith(c + c, i):
            j = closer[c + c](i + 3)  # a body of one character at least
            if j < eol:
                end, body = j + 2, text[i + 2 : j]
        if end < 0 and _EMPHASIS_OPEN[c].match(text, i):
            j = closer[c](i + 2)
            if j < eol:
                end, body = j + 1, text[i + 1 : j]
        if end < 0:
            m = _EMPHASIS_START.search(text, i + 1)
            continue
        out += (text[pos:i], body)
        pos = end
        m = _EMPHASIS_START.search(text, end)
    out.append(text[pos:])
    return "".join(out)


def _strip_links(text: str) -> str:
    r"""``re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)``, in linear time (see :func:`inline_links`)."""
    out: list[str] = []
    pos = 0
    for start, end, label in inline_links(text):
        if start > pos and text[start - 1] == "!":
            start -= 1
        out += (text[pos:start], label)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def inline_links(text: str, url: re.Pattern[str] | None = None) -> Iterator[tuple[int, int, str]]:
    r"""``[label](…)`` links as ``(start, end, label)``: the matches of ``re.finditer(r"\[([^\]]*)\]\(URL[^)]*\)")``
    (URL: what ``url`` matches, nothing if None), in linear time. re would scan from every ``[`` to the next
    ``]``, and from every ``](`` to the next ``)``, again for each one that fails there."""
    i = text.find("[")
    while i >= 0:
        j = text.find("]", i + 1)
        if j < 0:
            return  # no "]" after this "[", so none after a later one either
        if not text.startswith("(", j + 1) or (url is not None and not url.match(text, j + 2)):
            i = text.find("[", j + 1)  # every "[" before j reaches the same "]" and fails the same way
            continue
        k = text.find(")", j + 2)
        if k < 0:
            return
        yield i, k + 1, text[i + 1 : j]
        i = text.find("[", k + 1)


_URL_END = re.compile(r"[)\s]")


def strip_source_links(text: str, head: re.Pattern[str]) -> str:
    r"""Remove each match of ``head`` with the ``(url)`` and ``]`` right after it: the matches of
    ``HEAD(?:\([^)\s]*\))?\]?``, in linear time (re would scan from every ``(`` to the next ``)`` or space,
    again for each citation in one stretch without spaces)."""
    url_end = _Ahead(text, _URL_END)
    out: list[str] = []
    pos = 0
    m = head.search(text)
    while m:
        end = m.end()
        if text.startswith("(", end):
            k = url_end(end + 1)
            if k < len(text) and text[k] == ")":
                end = k + 1
        if text.startswith("]", end):
            end += 1
        out.append(text[pos : m.start()])
        pos = end
        m = head.search(text, end)
    out.append(text[pos:])
    return "".join(out)


def last_end(text: str, last: str | re.Pattern[str]) -> int:
    """Where the last occurrence of ``last`` (a string or a pattern) in ``text`` ends; 0 if none.

    A pattern whose every match ends with ``last`` finds the same matches in ``text[:last_end(text, last)]``,
    and there every opener reaches its end: past it, re would scan from each opener to the end of the text
    and fail (quadratic in the openers)."""
    if isinstance(last, str):
        i = text.rfind(last)
        return i + len(last) if i >= 0 else 0
    end = 0
    for m in last.finditer(text):
        end = m.end()
    return end


def sub_before_last(rx: re.Pattern[str], repl: str, text: str, last: str | re.Pattern[str]) -> str:
    """``rx.sub(repl, text)`` for a pattern whose every match ends with ``last`` (see :func:`last_end`)."""
    end = last_end(text, last)
    return rx.sub(repl, text[:end]) + text[end:]


def clean_heading(text: str) -> str:
    """A heading as it should appear in a topic path: no emoji, no markup, single spaces."""
    text = strip_markup(text)
    text = strip_emoji(text)
    text = _CLOSING_HASHES.sub("", text)
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

