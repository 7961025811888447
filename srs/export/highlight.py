"""Code fences pre-highlighted with pygments, so cards need no Anki add-on.

The HTML uses pygments' short CSS classes (``<span class="k">``), not inline
styles: the markup stays small and one stylesheet can colour it for light and
for night mode (:func:`code_css`).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES, _TokenType
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


def _line(parts: list[str], text: str) -> str:
    """One code line: ``<span class="line iN">…\n</span>``, N its indentation in columns.

    The note type's CSS makes each line a block with a hanging indent, so a line too long for a
    phone wraps and its continuation starts two columns right of where the line starts. Without that
    CSS (Anki's editor, a plain viewer) the spans are inline and the newlines still break the lines.
    """
    stripped = text.lstrip(" \t")
    indent = len(text[: len(text) - len(stripped)].expandtabs(4)) if stripped else 0
    return f'<span class="line i{min(indent, MAX_INDENT)}">{"".join(parts)}\n</span>'


def _format(tokens) -> str:
    """Code lines of highlighted tokens ``(css class, text)``; the same classes HtmlFormatter emits,
    several times faster: no per-line bookkeeping beyond the line spans, and consecutive tokens of
    one class merged into one span."""
    out: list[str] = []
    parts: list[str] = []  # HTML of the current line
    raw: list[str] = []  # its text, for the indentation
    last_cls, buf = "", []

    def flush() -> None:
        if buf:
            text = escape("".join(buf), quote=False)
            parts.append(f'<span class="{last_cls}">{text}</span>' if last_cls else text)
            buf.clear()

    for cls, value in tokens:
        if cls != last_cls:
            flush()
            last_cls = cls
        while True:
            head, nl, value = value.partition("\n")
            if head:
                buf.append(head)
                raw.append(head)
            if not nl:
                break
            flush()
            out.append(_line(parts, "".join(raw)))
            parts.clear()
            raw.clear()
    flush()
    if parts:  # a last line without a newline
        line = _line(parts, "".join(raw))
        out.append(line[: -len("\n</span>")] + "</span>")
    return "".join(out)


def _pygments_tokens(code: str, lexer: Lexer):
    for ttype, value in lexer.get_tokens(code):
        cls = _css_class(ttype)
        yield ("" if cls in _NO_SPAN else cls), value


@lru_cache(maxsize=256)
def _lexer(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def highlight_code(code: str, lang: str) -> str:
    """``<pre class="hl"><code>…</code></pre>`` for a code block; plain (escaped) when the language is unknown."""
    lexer = _lexer(lang.lower()) if lang else None
    if lexer is None:
        body = _format([("", code)])
    else:
        body = _format(_pygments_tokens(code, lexer))
    label = f' data-lang="{escape(lang)}"' if lexer is not None else ""
    return f'<pre class="{CODE_CLASS}"{label}><code>{body}</code></pre>\n'


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
