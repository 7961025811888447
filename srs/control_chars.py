"""Control characters in card and deck text: dropped where text goes into an Anki package.

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
