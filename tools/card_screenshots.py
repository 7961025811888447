"""Look at exported cards as Anki shows them: headless Chromium screenshots, light and night mode.

    .venv/bin/python tools/card_screenshots.py [OUT_DIR]     # default: bench/results/screens

Exports three sample cards (code block, table, no answer) with ``srs export``, imports the package
into a scratch Anki collection, lets Anki render each card's question and answer with the note
type's templates and CSS, wraps them the way Anki's reviewer does (``<body class="card card1">``,
plus ``nightMode night_mode`` at night) and screenshots them at phone width (Chromium needed:
``apt-get install chromium``). MathJax is not loaded here, so ``\\(..\\)`` shows as typed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.exportkit import import_apkg, make_decks, notes_by_card_id, open_collection, run_cli  # noqa: E402

CARDS = {"code": "ml03rev", "table": "ml04f1", "noanswer": "ml02rate"}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{css}</style>
<style>html, body {{ margin: 0; }} body {{ padding: 14px 6px; }}
body.nightMode {{ background: #1e1f22; }} .side {{ font: 11px monospace; opacity: .5; margin: 6px 0; }}</style>
</head><body class="{classes}">
<div class="side">— question side —</div>{question}
<div class="side" style="margin-top:28px">— answer side —</div>{answer}
</body></html>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    sys.exit("chromium not found: apt-get install -y chromium")


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    chromium = _chromium()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        make_decks(tmp)
        result = run_cli(["export", "--decks-dir", str(tmp / "decks"), "-o", "cards.apkg"], tmp)
        assert result.exit_code == 0, result.output
        col = open_collection(tmp / "anki" / "collection.anki2")
        try:
            import_apkg(col, tmp / "cards.apkg")
            notes = notes_by_card_id(col)
            for label, card_id in CARDS.items():
                out = notes[card_id].cards()[0].render_output(reload=True)
                for mode, classes in (("light", "card card1"), ("night", "card card1 nightMode night_mode")):
                    page = tmp / f"{label}-{mode}.html"
                    page.write_text(PAGE.format(css=out.css, classes=classes, question=out.question_text,
                                                answer=out.answer_text.split('<hr id="answer">', 1)[-1]
                                                if '<hr id="answer">' in out.answer_text else out.answer_text),
                                    encoding="utf-8")
                    png = out_dir / f"{label}-{mode}.png"
                    profile = tmp / f"profile-{label}-{mode}"
                    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                    f"--screenshot={png}", "--window-size=420,900", page.as_uri()],
                                   check=True, capture_output=True, timeout=120)
                    print(png)
        finally:
            col.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results" / "screens")
