"""Control characters in card and deck text: dropped where text goes into an Anki package, shown as
visible symbols where it goes to a terminal.

Card text is data. A control character in it breaks an Anki note (``\\x1f`` is Anki's field separator)
and, sent to a terminal, can set the window title (``ESC ] 0 ; … BEL``), clear the screen
(``ESC [ 2 J``), write the clipboard (``ESC ] 52 ; …``) or do the same with a one-byte C1 control
(``\\x9b`` is CSI). Tab and newline mean something in Markdown and are kept.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline, DEL, and the C1 controls U+0080-U+009F."""


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline kept)."""
    return text if text.isprintable() else CONTROL.sub("", text)


def _symbol(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's control pictures: ␀ … ␛ … ␟
    return "␡" if code == 0x7F else "\ufffd"  # a C1 control has no picture: the replacement character


def visible(text: str) -> str:
    """``text`` safe to print on a terminal: each control character as a visible symbol (ESC as ``␛``,
    BEL as ``␇``, DEL as ``␡``, a C1 control as ``�``); tab and newline kept."""
    return text if text.isprintable() else CONTROL.sub(_symbol, text)


def escape_json_controls(json_text: str) -> str:
    """JSON from :func:`json.dumps` with ``ensure_ascii=False``, with the controls it leaves raw (DEL and
    C1) escaped as ``\\u007f`` … ``\\u009f`` as well: the same data for a script, nothing for a terminal.
    (Such characters only occur inside JSON strings, where the escape means the same character.)"""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
