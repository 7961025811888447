"""Card Markdown → HTML for Anki fields.

* A real CommonMark renderer with tables and strikethrough: markdown-it-py, the reference; most texts
  are rendered by markdown-it-pyrs instead (the Rust port, about 20x faster; :mod:`srs.export.fastmd`),
  giving the same HTML: texts where the two could differ are left to the reference (math, images,
  edge cases of both parsers). ``SRS_MARKDOWN=reference`` turns the Rust port off.
* Code fences and indented code → :func:`srs.export.highlight.highlight_code` (pre-rendered colours).
* ``$..$`` / ``$$..$$`` → Anki's MathJax delimiters ``\\(..\\)`` / ``\\[..\\]``. Prices such as
  ``$120K - $160K`` stay text (no digit right after a closing ``$``, no space inside the delimiters).
* Images with a relative path are read from disk (relative to the card's source file) when
  :mod:`srs.export.media` allows it (inside the source folder, a regular image file of bounded size),
  packed as media under a content-hashed name, and the ``src`` rewritten; any other becomes a visible
  note and a problem in :attr:`Rendered.problems`.
* Raw HTML in the source is parsed, then everything goes through :func:`srs.export.sanitize.sanitize`.
* No control character reaches a field (``\x1f`` would break the note): they are dropped from the HTML,
  where character references such as ``&#x1f;`` have become characters too.
* One-line plain text (most questions) skips the parser: it gives the same HTML much faster
  (``tests/test_export_render.py`` checks the two agree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from srs.control_chars import strip_controls
from srs.export import fastmd
from srs.export.highlight import CODE_CLASS, highlight_code
from srs.export.media import Media, load_image
from srs.export.sanitize import sanitize

# Bump when the HTML produced for the same Markdown changes (it changes note content, so notes update).
RENDER_VERSION = 3  # 2: code blocks as line spans (hanging indents when a line wraps); 3: no control characters


@dataclass(frozen=True)
class Rendered:
    html: str
    media: tuple[Media, ...] = ()
    problems: tuple[str, ...] = ()  # images not packed, each "image 'src' <why>"


def _escape(text: str) -> str:
    # markdown-it's escapeHtml: & < > " (not ').
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _fence_lang(info: str) -> str:
    """The fence's language: the first word of its info string as written (no unescaping)."""
    words = info.split(maxsplit=1)
    return words[0] if words else ""


def _render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return highlight_code(token.content, _fence_lang(token.info))


# Highlighted code is safe by construction (escaped text in our own pre/code/span markup) and, when
# its text is plain (printable characters, newlines, tabs) and its language a plain word, the
# sanitiser gives it back unchanged. Such blocks are left out of the sanitiser's input (a placeholder
# stands in) and put back after: most of a code-heavy field's bytes need no parsing then.
_PLAIN_LANG = re.compile(r"[A-Za-z0-9_+#.-]*")
_MARK = "\ue000"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain_code(content: str) -> bool:
    if content.isascii():
        return _CONTROL.search(content) is None
    return all(c.isprintable() or c in "\n\t" for c in content)


def _placeholder(n: int) -> str:
    return f'<pre class="{CODE_CLASS}"><code>{_MARK}{n}\ue001</code></pre>'


def _render_fast(text: str) -> str | None:
    """Sanitised HTML from :mod:`fastmd`, or None where the reference renderer must render ``text``."""
    codes: list[str] = []
    marks = _MARK not in text

    def render_code(content: str, info: str | None) -> str:
        lang = _fence_lang(info) if info else ""
        code = highlight_code(content, lang)
        if marks and _PLAIN_LANG.fullmatch(lang) and _plain_code(content):
            codes.append(code)
            return _placeholder(len(codes) - 1) + "\n"
        return code

    raw = fastmd.render(text, render_code)
    if raw is None:
        return None
    html = sanitize(raw)
    if not codes:
        return html
    parts = []
    pos = 0
    for n, code in enumerate(codes):
        mark = _placeholder(n)
        at = html.find(mark, pos)
        if at < 0 or html.count(mark) != 1:  # the sanitiser's HTML parser moved something: sanitise it all
            for m, c in enumerate(codes):
                raw = raw.replace(_placeholder(m) + "\n", c, 1)
            return sanitize(raw)
        parts.append(html[pos:at])
        parts.append(code[:-1])  # (its newline after </pre> is there already)
        pos = at + len(mark)
    parts.append(html[pos:])
    return "".join(parts)


def _render_code_block(self, tokens, idx, options, env) -> str:
    return highlight_code(tokens[idx].content, "")


def _math_inline(self, tokens, idx, options, env) -> str:
    return "\\(" + _escape(tokens[idx].content) + "\\)"


def _math_display_inline(self, tokens, idx, options, env) -> str:
    return "\\[" + _escape(tokens[idx].content) + "\\]"


def _math_block(self, tokens, idx, options, env) -> str:
    return '<div class="math">\\[' + _escape(tokens[idx].content.strip()) + "\\]</div>\n"


def _render_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return self.image(tokens, idx, options, env)  # remote (the sanitiser decides) or empty
    got = load_image(env.get("base_dir"), unquote(parts.path))
    if isinstance(got, str):
        env.setdefault("problems", []).append(f"image {src!r} {got}")
        what = "not found" if got == "was not found" else "not included"
        return f'<span class="missing">[image {what}: {_escape(src)}]</span>'
    env.setdefault("media", []).append(got)
    title = token.attrGet("title")
    title_attr = f' title="{_escape(str(title))}"' if title else ""
    return f'<img src="{_escape(got.name)}" alt="{_escape(alt)}"{title_attr}>'


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)
    md.add_render_rule("math_inline", _math_inline)
    md.add_render_rule("math_inline_double", _math_display_inline)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("image", _render_image)
    return md


_MD = _make_parser()


# One line of text with nothing Markdown could give a meaning to: no inline markup characters,
# no block marker at the start (list, heading, quote, ordered list), no control characters.
_PLAIN = re.compile(r"[^\s*_`\[\]<>&!\\$|~#=+-][^*_`\[\]<>&!\\$|~\n\r\t\f\v]*")
_TAG = re.compile(r"<[^>]*>")
_VISIBLE = re.compile(r"[^\s]")
_VISIBLE_TEXT = re.compile(r"(?:\A|>)\s*[^<\s]")  # quick: text at the start or right after a tag
_ORDERED = re.compile(r"\d{1,9}[.)](\s|$)")


def is_plain(text: str) -> bool:
    """True when ``text`` renders to ``<p>text</p>`` (escaped) under CommonMark."""
    return (
        _PLAIN.fullmatch(text) is not None
        and not text.endswith(" ")
        and _ORDERED.match(text) is None
        and text.isprintable()
    )


_EMPTY = Rendered("")


def render_plain(text: str) -> Rendered:
    """:func:`render_markdown` of a text that is empty or :func:`is_plain` once stripped."""
    text = text.strip()
    return Rendered(f"<p>{text}</p>") if text else _EMPTY


def render_markdown(text: str, base_dir: Path | None = None) -> Rendered:
    """Sanitised HTML for a Markdown field; images relative to ``base_dir`` become media."""
    text = text.strip()
    if not text:
        return Rendered("")
    if is_plain(text):
        return Rendered(f"<p>{text}</p>")  # nothing to escape: is_plain excludes & < >
    env: dict = {"base_dir": base_dir}
    html = _render_fast(text) if fastmd.AVAILABLE else None
    if html is None:
        html = sanitize(_MD.render(text, env))
    html = strip_controls(html).strip()
    if not _VISIBLE_TEXT.search(html) and not _VISIBLE.search(_TAG.sub("", html)) and "<img" not in html:
        # Everything was markup the sanitiser removed: show the source text rather than an empty side.
        shown = render_plain(_escape(strip_controls(text)))
        return Rendered(shown.html, problems=tuple(env.get("problems", ())))
    return Rendered(html, tuple(env.get("media", ())), tuple(env.get("problems", ())))
