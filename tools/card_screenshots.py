"""Look at exported cards as Anki shows them: headless Chromium screenshots, light and night mode.

    .venv/bin/python tools/card_screenshots.py [--decks-dir DIR] [--out DIR] [--width 800 --width 400]
                                              [--card code=ID --card table=ID --card noanswer=ID]

Exports the decks (default: the bundled ``decks/``) with ``srs export`` into a scratch data dir,
imports the package into a scratch Anki collection (the ``anki`` package), lets Anki render the
back of three cards (one with a code block, one with a table, one without an answer; picked from
the decks unless given) with the note type's templates and CSS, wraps each the way Anki's reviewer
does (``<body class="card card1">``, plus ``nightMode night_mode`` on ``<html>`` and ``<body>`` at
night) and screenshots the whole page at every width in light and night mode, as
``OUT/<kind>-<light|night>-<width>.png`` (default OUT: ``exports/screenshots``). The back side
shows the front (badges, topic, question) above the answer, as in Anki.

Before each screenshot the page is measured: it prints a warning when the page is wider than the
viewport or when an element sticks out of it (code blocks and tables that scroll sideways on
purpose are reported separately, as "scrolls"). Chromium: ``apt-get install chromium``. MathJax is
not loaded here, so ``\\(..\\)`` shows as typed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--hide-scrollbars", "--force-device-scale-factor=1"]

# Anki's reviewer puts the card in <body class="card card1"> with a margin; no other styling is added
# here, so what shows is the note type's CSS.
PAGE = """<!doctype html><html class="{html_classes}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{css}</style>
<style>html, body {{ margin: 0; }} body {{ padding: 16px 10px; }}</style>
<style>{measure_css}</style>
</head><body class="{body_classes}">
{content}
<script>
addEventListener("load", () => {{
  const vw = document.documentElement.getBoundingClientRect().width, out = [], scrolls = [];
  for (const el of document.body.querySelectorAll("*")) {{
    const r = el.getBoundingClientRect();
    const inScroller = el.closest("pre.hl, table") && !el.matches("pre.hl, table");
    if (el.matches("pre.hl, table") && el.scrollWidth > el.clientWidth + 1) scrolls.push(el.tagName.toLowerCase());
    if (!inScroller && (r.right > vw + 0.5 || r.left < -0.5)) out.push(el.tagName.toLowerCase() + "." + el.className);
  }}
  document.body.setAttribute("data-measure", JSON.stringify({{
    height: Math.ceil(document.body.getBoundingClientRect().bottom),
    pageWidth: document.body.scrollWidth,
    viewport: vw, outside: out, scrolls: scrolls}}));
}});
</script>
</body></html>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    sys.exit("chromium not found: apt-get install -y chromium")


def pick_cards(items) -> dict[str, str]:
    """A card with a code block, one with a table, one without an answer: those showing the most badges."""

    def badges(it) -> int:
        return sum(1 for v in (it.card.level, it.card.domain, it.card.difficulty) if v)

    def best(pred):
        found = [it for it in items if pred(it.card)]
        if not found:
            return None
        # Most badges first, then a code/table card of moderate length (a whole page, not ten).
        return min(found, key=lambda it: (-badges(it), abs(len(it.card.answer) - 900))).card.id

    picks = {
        "code": best(lambda c: "```" in c.answer and not re.search(r"^\|.*\|\s*$", c.answer, re.M)),
        "table": best(lambda c: re.search(r"^\|\s*:?-{3,}", c.answer, re.M) is not None),
        "noanswer": best(lambda c: not c.answer.strip()),
    }
    return {k: v for k, v in picks.items() if v}


def run_chromium(browser: str, args: list[str], profile: Path) -> str:
    done = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          check=True, capture_output=True, text=True, timeout=120)
    return done.stdout


def shoot(browser: str, page_html: str, png: Path, width: int, tmp: Path) -> dict:
    """Measure the page at ``width``, then screenshot all of its height.

    Headless Chromium lays a page out at least 500 px wide when it only loads it (``--dump-dom``), though
    its screenshots can be narrower; so the measuring pass pins ``<html>`` to ``width`` instead. (The note
    type's CSS uses no breakpoint between 400 and 520 px, where the two could differ.)"""
    measure_page = tmp / f"measure-{png.stem}.html"
    measure_page.write_text(page_html.replace("/*measure*/", f"html {{ width: {width}px; }}"), encoding="utf-8")
    page = tmp / f"{png.stem}.html"
    page.write_text(page_html, encoding="utf-8")
    dom = run_chromium(browser, [f"--window-size={max(width, 500)},800", "--virtual-time-budget=2000", "--dump-dom",
                                 measure_page.as_uri()], tmp / f"profile-measure-{png.stem}")
    found = re.search(r'data-measure="([^"]*)"', dom)
    if not found:
        raise SystemExit(f"could not measure {page}")
    import html as html_mod

    measure = json.loads(html_mod.unescape(found.group(1)))
    run_chromium(browser, [f"--window-size={width},{measure['height']}", f"--screenshot={png}", page.as_uri()],
                 tmp / f"profile-shot-{png.stem}")
    return measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decks-dir", type=Path, default=ROOT / "decks")
    parser.add_argument("--out", type=Path, default=ROOT / "exports" / "screenshots")
    parser.add_argument("--width", type=int, action="append", help="viewport widths (default: 800 and 400)")
    parser.add_argument("--card", action="append", default=[], metavar="KIND=ID",
                        help="which card to show as code, table or noanswer")
    args = parser.parse_args()
    widths = args.width or [800, 400]
    args.out.mkdir(parents=True, exist_ok=True)
    browser = chromium()

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["SRS_HOME"] = str(tmp / "srs-home")  # no ledger or render cache in the user's data dir
        from srs.catalog import load_cards
        from tests.exportkit import import_apkg, notes_by_card_id, open_collection, run_cli

        items = load_cards(args.decks_dir)
        cards = pick_cards(items)
        cards.update(dict(c.split("=", 1) for c in args.card))
        result = run_cli(["export", "--decks-dir", str(args.decks_dir.resolve()), "-o", "cards.apkg"], tmp)
        if result.exit_code != 0:
            raise SystemExit(result.output)
        col = open_collection(tmp / "anki" / "collection.anki2")
        problems = 0
        try:
            import_apkg(col, tmp / "cards.apkg")
            notes = notes_by_card_id(col)
            for kind, card_id in cards.items():
                out = notes[card_id].cards()[0].render_output(reload=True)
                for mode, extra in (("light", ""), ("night", " nightMode night_mode")):
                    page = PAGE.format(css=out.css, html_classes=extra.strip(), body_classes="card card1" + extra,
                                       content=out.answer_text, measure_css="/*measure*/")
                    for width in widths:
                        png = args.out / f"{kind}-{mode}-{width}.png"
                        m = shoot(browser, page, png, width, tmp)
                        notes_ = []
                        if m["pageWidth"] > m["viewport"]:
                            notes_.append(f"PAGE WIDER THAN VIEWPORT ({m['pageWidth']} > {m['viewport']})")
                        if m["outside"]:
                            notes_.append("OUTSIDE THE VIEWPORT: " + ", ".join(sorted(set(m["outside"]))))
                        if m["scrolls"]:
                            notes_.append("scrolls sideways: " + ", ".join(m["scrolls"]))
                        problems += bool(m["pageWidth"] > m["viewport"] or m["outside"])
                        print(f"{png}  card {card_id}  {width}x{m['height']}  " + ("; ".join(notes_) or "fits"))
        finally:
            col.close()
    if problems:
        sys.exit(f"{problems} screenshot(s) overflow the viewport")


if __name__ == "__main__":
    main()
