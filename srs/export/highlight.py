"""Code fences pre-highlighted with pygments, so cards need no Anki add-on.

The HTML uses pygments' short CSS classes (``<span class="k">``), not inline
styles: the markup stays small and one stylesheet can colour it for light and
for night mode (:func:`code_css`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer, RegexLexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES, Error, Whitespace, _TokenType
from pygments.util import ClassNotFound

LIGHT_STYLE = "default"
NIGHT_STYLE = "github-dark"
CODE_CLASS = "hl"

_NO_SPAN = {"", "w"}  # plain text and whitespace need no span


@lru_cache(maxsize=None)
def _css_class(ttype: _TokenType) -> str:
    """pygments' short class for a token type (``k``, ``nf``…), falling back to its parent type."""
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


MAX_INDENT = 24  # indentation classes i0 … i24 (columns); deeper lines use the last


def _indent(text: str) -> int:
    """A code line's indentation in columns (tabs to 4), for its hanging-indent class."""
    stripped = text.lstrip(" \t")
    return min(len(text[: len(text) - len(stripped)].expandtabs(4)), MAX_INDENT) if stripped else 0


def _spans(cls: str, text: str) -> str:
    """Escaped text in a span of its class; a span is closed before each newline and reopened after."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if not cls:
        return text
    if "\n" not in text:
        return f'<span class="{cls}">{text}</span>'
    return "\n".join(f'<span class="{cls}">{piece}</span>' if piece else "" for piece in text.split("\n"))


def _format(tokens) -> str:
    """Code lines of highlighted tokens ``(css class, text)``: the same classes HtmlFormatter emits, and
    consecutive tokens of one class merged into one span. Each line is
    ``<span class="line iN">…\n</span>``, N its indentation in columns (the last line has no newline).

    The note type's CSS makes each line a block with a hanging indent, so a line too long for a
    phone wraps and its continuation starts two columns right of where the line starts. Without that
    CSS (Anki's editor, a plain viewer) the spans are inline and the newlines still break the lines.
    """
    html: list[str] = []
    text: list[str] = []
    cur, run = "", []
    for cls, value in tokens:
        if cls != cur:
            if run:
                html.append(_spans(cur, "".join(run)))
                run = []
            cur = cls
        run.append(value)
        text.append(value)
    if run:
        html.append(_spans(cur, "".join(run)))
    # Escaping and spans put no newline of their own: the HTML's lines are the code's lines.
    html_lines = "".join(html).split("\n")
    text_lines = "".join(text).split("\n")
    last = len(html_lines) - 1
    out = [f'<span class="line i{_indent(t)}">{h}\n</span>' for h, t in zip(html_lines[:last], text_lines)]
    if html_lines[last]:  # a last line without a newline
        out.append(f'<span class="line i{_indent(text_lines[last])}">{html_lines[last]}</span>')
    return "".join(out)


_CLASS: dict = {}  # token type → its class ("" for none)


def _pygments_tokens(code: str, lexer: Lexer):
    table = _state_table(lexer)
    if table is None:
        stream = lexer.get_tokens(code)
    else:
        stream = _regex_tokens(lexer, lexer._preprocess_lexer_input(code), table)
    classes = _CLASS
    for ttype, value in stream:
        cls = classes.get(ttype)
        if cls is None:
            cls = _css_class(ttype)
            cls = classes[ttype] = "" if cls in _NO_SPAN else cls
        yield cls, value


# -- pygments' RegexLexer loop, with one regex match per token ---------------------------------------
#
# RegexLexer tries each rule of the current state in turn, a Python-level loop of ~36 regex calls per
# token for Python code: most of the time of highlighting. Alternation in a regex is ordered (the first
# alternative that matches at the position wins, with the match that alternative alone would give), so
# one regex "(?P<_0>rule0)|(?P<_1>rule1)|..." per state finds the rule pygments would pick in one call.
# Rules that cannot be combined safely (back-references, named groups, inline flags, a conditional) stay
# single. The loop below is pygments' own (RegexLexer.get_tokens_unprocessed), token for token; the
# tests compare the two on many lexers and inputs. Only lexers that use that loop as it is, with no
# filters, go this way.

_UNCOMBINABLE = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?\(|\(\?[aiLmsux]+\)")
_LEADING_FLAGS = re.compile(r"\(\?([ims]+)\)")  # global flags a scoped group can carry: (?i)x → (?i:x)


_FLAG_BITS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}


# A regex's source in pieces: an escape, a character class (a "]" first in it is literal), a group
# opening that captures, or anything else.
_REGEX_PIECE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|(\((?!\?))|[^\\\[(]+|.", re.S)


def _uncapture(text: str) -> str:
    """``text`` with its capturing groups made non-capturing (``(`` → ``(?:``): fewer groups make a
    faster match, and the combined regex only needs to know which alternative matched."""
    return _REGEX_PIECE.sub(lambda m: "(?:" if m.group(1) else m.group(0), text)


def _pattern(pattern: re.Pattern) -> tuple[str, int] | None:
    """The rule's regex as one alternative of a combined regex and the flags the combined regex needs,
    or None where it cannot be one."""
    text, flags = pattern.pattern, pattern.flags
    if not isinstance(text, str):
        return None
    m = _LEADING_FLAGS.match(text)
    if m:  # (pattern.flags include the inline ones: they apply to the scoped group instead)
        text = f"(?{m.group(1)}:{text[m.end():]})"
        for c in m.group(1):
            flags &= ~_FLAG_BITS[c]
    return None if _UNCOMBINABLE.search(text) else (_uncapture(text), flags)


class _Rule:
    __slots__ = ("rexmatch", "action", "new_state", "is_token")

    def __init__(self, rexmatch, action, new_state):
        self.rexmatch = rexmatch
        self.action = action
        self.new_state = new_state
        self.is_token = type(action) is _TokenType


def _combine(rules: list[_Rule]):
    """``(match, rules by group index)`` for one combined regex over ``rules``, or None."""
    parts = [_pattern(r.rexmatch.__self__) for r in rules]
    if any(p is None for p in parts) or len({f for _, f in parts}) != 1:
        return None
    try:
        combined = re.compile("|".join(f"(?P<_{i}>{t})" for i, (t, _) in enumerate(parts)), parts[0][1])
    except (re.error, RecursionError, OverflowError):
        return None
    by_index = {combined.groupindex[f"_{i}"]: r for i, r in enumerate(rules)}
    return combined.match, by_index


def _compile_state(rules) -> list:
    """A state's rules as segments: ``(combined match, rules by group index)`` or a single :class:`_Rule`."""
    out: list = []
    run: list[_Rule] = []

    def flush() -> None:
        if len(run) > 1:
            combined = _combine(run)
            if combined is not None:
                out.append(combined)
                run.clear()
                return
        out.extend(run)
        run.clear()

    for rexmatch, action, new_state in rules:
        rule = _Rule(rexmatch, action, new_state)
        pattern = getattr(rexmatch, "__self__", None)
        part = _pattern(pattern) if isinstance(pattern, re.Pattern) else None
        if part is not None:
            if run and _pattern(run[0].rexmatch.__self__)[1] != part[1]:
                flush()
            run.append(rule)
        else:
            flush()
            out.append(rule)
    flush()
    return out


class _Table(dict):
    """A lexer's states as segments (:func:`_compile_state`), each compiled when first entered."""

    def __init__(self, tokendefs: dict):
        super().__init__()
        self.tokendefs = tokendefs

    def __missing__(self, state: str) -> list:
        segments = self[state] = _compile_state(self.tokendefs[state])
        return segments


_TABLES: dict[type, dict | None] = {}


def _state_table(lexer: Lexer) -> dict | None:
    cls = type(lexer)
    if cls in _TABLES:
        return _TABLES[cls]
    table = None
    if (isinstance(lexer, RegexLexer) and cls.get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed
            and not lexer.filters and hasattr(lexer, "_preprocess_lexer_input")):
        tokendefs = getattr(lexer, "_tokens", None)
        table = _Table(tokendefs) if isinstance(tokendefs, dict) and "root" in tokendefs else None
    _TABLES[cls] = table
    return table


def _regex_tokens(lexer: RegexLexer, text: str, tokendefs: dict):
    """``(token type, text)`` pairs exactly as ``RegexLexer.get_tokens_unprocessed`` yields them."""
    pos = 0
    statestack = ["root"]
    statetokens = tokendefs["root"]
    while True:
        for segment in statetokens:
            if type(segment) is tuple:
                m = segment[0](text, pos)
                if m is None:
                    continue
                rule = segment[1][m.lastindex]
                if not rule.is_token and rule.action is not None:
                    m = rule.rexmatch(text, pos)  # the rule's own match object, for its groups
            else:
                rule = segment
                m = rule.rexmatch(text, pos)
                if not m:
                    continue
            action = rule.action
            if action is not None:
                if rule.is_token:
                    yield action, m.group()
                else:
                    for _, ttype, value in action(lexer, m):
                        yield ttype, value
            pos = m.end()
            new_state = rule.new_state
            if new_state is not None:
                if isinstance(new_state, tuple):
                    for state in new_state:
                        if state == "#pop":
                            if len(statestack) > 1:
                                statestack.pop()
                        elif state == "#push":
                            statestack.append(statestack[-1])
                        else:
                            statestack.append(state)
                elif isinstance(new_state, int):
                    if abs(new_state) >= len(statestack):
                        del statestack[1:]
                    else:
                        del statestack[new_state:]
                elif new_state == "#push":
                    statestack.append(statestack[-1])
                else:
                    raise AssertionError(f"wrong state def: {new_state!r}")
                statetokens = tokendefs[statestack[-1]]
            break
        else:
            if pos >= len(text):
                break
            if text[pos] == "\n":
                statestack = ["root"]
                statetokens = tokendefs["root"]
                yield Whitespace, "\n"
                pos += 1
                continue
            yield Error, text[pos]
            pos += 1


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=512)  # the same snippet in several cards (or decks) is highlighted once per process
def highlight_code(code: str, lang: str) -> str:
    """``<pre class="hl"><code>…</code></pre>`` for a code block; plain (escaped) when the language is unknown."""
    lexer = _lexer(lang.lower()) if lang else None
    if lexer is None:
        body = _format([("", code)])
    else:
        body = _format(_pygments_tokens(code, lexer))
    label = f' data-lang="{escape(lang)}"' if lexer is not None else ""
    return f'<pre class="{CODE_CLASS}"{label}><code>{body}</code></pre>\n'


_FENCE_LANG = re.compile(r"^[ \t>*+.)0-9-]*(?:```+|~~~+)[ \t]*([^\s`]+)", re.M)


def warm_up_highlighting(texts, limit: int = 12) -> None:
    """Build the lexers (and their main state) of the fence languages in ``texts`` now: done before
    forking render workers, they inherit them instead of each building its own."""
    seen: set[str] = set()
    for text in texts:
        if "```" in text or "~~~" in text:
            for m in _FENCE_LANG.finditer(text):
                lang = m.group(1).lower()
                if lang not in seen:
                    seen.add(lang)
                    lexer = _lexer(lang)
                    table = _state_table(lexer) if lexer is not None else None
                    if table is not None:
                        table["root"]
                    if len(seen) >= limit:
                        return


def _token_rules(style: str, scopes: list[str]) -> list[str]:
    """pygments' token rules for ``style``, each selector prefixed by every scope ("" for none)."""
    out = []
    for line in HtmlFormatter(style=style).get_style_defs(f".{CODE_CLASS}").splitlines():
        # Keep ".hl .k { … }" token rules; drop line-number and highlighted-line rules we never emit.
        if not line.startswith(f".{CODE_CLASS} .") or "linenos" in line or line.startswith(f".{CODE_CLASS} .hll"):
            continue
        sel, _, body = line.partition(" {")
        out.append(", ".join(f"{scope}{sel}" for scope in scopes) + " {" + body)
    return out


@lru_cache(maxsize=1)
def code_css() -> str:
    """Token colours: pygments' default palette, and GitHub-dark under Anki's ``.nightMode`` /
    AnkiDroid's ``.night_mode``.

    Specificity does the switching: light rules are ``.hl .k`` (0,2,0); in night mode a reset
    ``.nightMode .hl span`` (0,2,1) clears every light colour, then ``.nightMode .hl .k`` (0,3,0)
    sets the night one, so no light-only colour is left on a dark background.
    """
    night = [".nightMode ", ".night_mode "]
    reset = ", ".join(f"{n}.{CODE_CLASS} span" for n in night)
    # Each code line is a block with a hanging indent of its own indentation + 2 columns (see _line).
    lines = [f".{CODE_CLASS} .line {{ display: block; }}"] + [
        f".{CODE_CLASS} .i{n} {{ padding-left: {n + 2}ch; text-indent: -{n + 2}ch; }}" for n in range(MAX_INDENT + 1)
    ]
    return "\n".join([
        *lines,
        *_token_rules(LIGHT_STYLE, [""]),
        reset + " { color: inherit; background: none; border: none; font-weight: inherit; font-style: inherit }",
        *_token_rules(NIGHT_STYLE, night),
    ])
