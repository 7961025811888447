"""A hostile source: no executable HTML may reach Anki's note fields."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from srs.card import Card
from tests.exportkit import HtmlChecker as _Checker
from tests.exportkit import executable_parts, import_apkg, make_decks, notes_by_card_id, open_collection, run_cli

pytest.importorskip("anki")

HOSTILE = [
    "<script>alert('q')</script>What is XSS?",
    "Click <a href=\"javascript:alert(1)\">here</a> or <a href=\"JaVaScRiPt:alert(2)\">there</a> "
    "or <a href=\"  javascript:alert(3)\">again</a> or [md link](javascript:alert(4))",
    "<img src=x onerror=\"alert(1)\"> and <img src=\"javascript:alert(1)\"> and ![x](javascript:alert(5))",
    "<iframe src=\"https://evil.example/\"></iframe><object data=\"x.swf\"></object><embed src=\"x\">",
    "<div onclick=\"steal()\" onmouseover=alert(1) style=\"background:url(javascript:alert(1))\">hover</div>",
    "<details open ontoggle=alert(1)><summary>more</summary>hidden</details>",
    "<svg onload=alert(1)><circle/></svg><math><mtext><script>alert(1)</script></mtext></math>",
    "<style>body{display:none}</style><link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<form action=\"https://evil.example\"><input name=p><button formaction=\"javascript:alert(1)\">go</button></form>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>"
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><base href=\"javascript:/\">",
    "```html\n<script>alert('in a code block is fine as text')</script>\n```",
    "<p>\n<scr<script>ipt>alert(1)</scr</script>ipt>\n</p>\n\n<!-- <script>alert(1)</script> -->",
    "<table><tr><td background=\"javascript:alert(1)\" onclick=x>cell</td></tr></table>",
    "<a href=\"vbscript:msgbox(1)\">vb</a> <a href=\"https://ok.example/\" target=_blank onclick=x>ok</a>",
]


def test_hostile_source_yields_no_executable_html_in_anki(tmp_path: Path):
    cards = [
        Card(id=f"evil{i:02d}", question=text, answer=HOSTILE[-1 - i], level="senior", domain="security",
             topic="<script>alert('topic')</script> Attacks", tags=["x<script>"],
             source={"file": "sources/<img src=x onerror=alert(1)>.md", "line": i + 1})
        for i, text in enumerate(HOSTILE)
    ]
    make_decks(tmp_path, {"Hostile <b onmouseover=alert(1)>Deck</b>": cards})
    result = run_cli(["export", "--decks-dir", str(tmp_path / "decks"), "-o", "evil.apkg"], tmp_path)
    assert result.exit_code == 0, result.output

    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, tmp_path / "evil.apkg")
        notes = notes_by_card_id(col)
        assert len(notes) == len(HOSTILE)
        for note in notes.values():
            for name, value in note.items():
                assert not executable_parts(value), (name, value, executable_parts(value))
            assert html.unescape(re.sub(r"<[^>]+>", "", note["Question"])).strip(), "a question never renders empty"
            assert not [t for t in note.tags if set(t) & set("<>&\"'")], note.tags
            # Rendered by Anki with our templates: still nothing executable outside escaped text.
            card = note.cards()[0]
            out = card.render_output(reload=True)
            for side in (out.question_text, out.answer_text):
                checker = _Checker()
                checker.feed(side.split("</style>")[-1])  # Anki prepends the note type's <style>
                assert "<script" not in side.lower()
                assert not [p for p in checker.problems if "URL" in p or "=..." in p and " on" in p], checker.problems
        # The code block shows the script as text, escaped.
        code = notes["evil10"]["Question"]
        assert "<script>alert('in a code block" in html.unescape(re.sub(r"<[^>]+>", "", code))
        # A link that is fine stays, made safe.
        ok = notes["evil13"]["Question"]
        assert 'href="https://ok.example/"' in ok and 'rel="noopener noreferrer"' in ok
    finally:
        col.close()
