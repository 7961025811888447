"""The one Anki note type every export uses: "srs interview card".

Its id, field list and template layout are constants. Anki maps an incoming note type to an
existing one by id *and* schema (fields and templates); keeping both fixed means every export,
old or new, lands in the same note type instead of creating "srs interview card-a1b2c".
Change :data:`CSS` or the template HTML freely but bump :data:`NOTETYPE_MOD`, so Anki takes the
newer styling on import; never rename, add or reorder fields or templates.
"""

from __future__ import annotations

import genanki

from srs.export.highlight import code_css

MODEL_ID = 1_609_287_431  # fixed forever: the note type's identity in every user's collection
MODEL_NAME = "srs interview card"
NOTETYPE_MOD = 1_790_100_000  # seconds; bump when CSS/template HTML changes (same fields, same templates)

FIELDS = ["Question", "Answer", "Level", "Domain", "Difficulty", "Topic", "Source", "CardId"]

_META = (
    '<div class="srs-meta">'
    '{{#Level}}<span class="badge level level-{{Level}}">{{Level}}</span>{{/Level}}'
    '{{#Difficulty}}<span class="badge difficulty difficulty-{{Difficulty}}">{{Difficulty}}</span>{{/Difficulty}}'
    '{{#Domain}}<span class="badge domain">{{Domain}}</span>{{/Domain}}'
    "</div>\n"
    '{{#Topic}}<div class="srs-topic">{{Topic}}</div>{{/Topic}}\n'
)

FRONT = '<div class="srs">\n' + _META + '<div class="srs-question">{{Question}}</div>\n</div>'

BACK = (
    "{{FrontSide}}\n"
    '<hr id="answer">\n'
    '<div class="srs">\n'
    '{{#Answer}}<div class="srs-answer">{{Answer}}</div>\n'
    '{{#Source}}<div class="srs-source">Source: {{Source}}</div>{{/Source}}{{/Answer}}\n'
    '{{^Answer}}<div class="srs-answer srs-noanswer">'
    "<p><strong>No answer in the source.</strong> Work it out, then check "
    '<span class="srs-where">{{Source}}</span>{{#Topic}}, under <em>{{Topic}}</em>{{/Topic}}.</p>'
    "</div>{{/Answer}}\n"
    "</div>"
)

TEMPLATES = [{"name": "Question → Answer", "qfmt": FRONT, "afmt": BACK}]

_BASE_CSS = """\
.card {
  --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --rule: #d1d9e0;
  --code-bg: #f6f8fa; --code-fg: #1f2328; --quote: #59636e;
  --badge-bg: #eef1f4; --badge-fg: #1f2328;
  --easy: #1a7f37; --medium: #9a6700; --hard: #cf222e; --expert: #8250df; --link: #0969da;
  font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 19px; line-height: 1.5; text-align: left;
  color: var(--fg); background-color: var(--bg);
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --fg: #e6edf3; --bg: #1e1f22; --muted: #9198a1; --rule: #3d444d;
  --code-bg: #151b23; --code-fg: #e6edf3; --quote: #9198a1;
  --badge-bg: #2d333b; --badge-fg: #e6edf3;
  --easy: #3fb950; --medium: #d29922; --hard: #f85149; --expert: #bc8cff; --link: #4493f8;
}
.srs { max-width: 46em; margin: 0 auto; padding: 0 0.6em; overflow-wrap: break-word; }
.srs-meta { display: flex; flex-wrap: wrap; gap: 0.35em; margin-bottom: 0.3em; }
.badge {
  display: inline-block; font-size: 0.68em; font-weight: 600; line-height: 1.6;
  padding: 0 0.6em; border-radius: 1em; letter-spacing: 0.02em;
  background: var(--badge-bg); color: var(--badge-fg); border: 1px solid var(--rule);
}
.badge.level { color: var(--link); border-color: var(--link); }
.badge.difficulty-easy { color: var(--easy); border-color: var(--easy); }
.badge.difficulty-medium { color: var(--medium); border-color: var(--medium); }
.badge.difficulty-hard { color: var(--hard); border-color: var(--hard); }
.badge.difficulty-expert { color: var(--expert); border-color: var(--expert); }
.srs-topic { font-size: 0.78em; color: var(--muted); margin-bottom: 0.6em; }
.srs-question { font-size: 1.1em; font-weight: 600; }
.srs-question p:first-child, .srs-answer p:first-child { margin-top: 0.2em; }
.srs-noanswer { color: var(--muted); }
.srs-noanswer strong, .srs-where { color: var(--fg); }
.srs-where { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; }
.srs-source { margin-top: 1.2em; font-size: 0.72em; color: var(--muted); }
hr#answer { border: none; border-top: 1px solid var(--rule); margin: 1em 0; }
.card a { color: var(--link); }
.card img { max-width: 100%; height: auto; }
.card blockquote { margin: 0.6em 0; padding: 0 0.9em; color: var(--quote); border-left: 0.25em solid var(--rule); }
.card code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86em; }
.card :not(pre) > code { background: var(--code-bg); color: var(--code-fg); padding: 0.1em 0.35em; border-radius: 0.3em; }
.card pre.hl {
  background: var(--code-bg); color: var(--code-fg); border: 1px solid var(--rule); border-radius: 0.4em;
  padding: 0.6em 0.8em; font-size: 0.8em; line-height: 1.45; tab-size: 4;
  white-space: pre-wrap; overflow-wrap: anywhere;  /* long lines wrap: nothing hides off a phone screen */
}
.card pre.hl code { font-size: 1em; background: none; padding: 0; }
.card table { border-collapse: collapse; margin: 0.6em 0; display: block; overflow-x: auto; max-width: 100%; }
.card th, .card td { border: 1px solid var(--rule); padding: 0.25em 0.6em; vertical-align: top; }
.card th { background: var(--code-bg); }
.card ul, .card ol { padding-left: 1.4em; }
.card .missing { color: var(--muted); font-style: italic; }
.card .math { overflow-x: auto; }
@media (max-width: 520px) {  /* phones: the card's own side padding goes, code and tables get smaller */
  .srs { padding: 0; }
  .card pre.hl { padding: 0.5em 0.6em; font-size: 0.74em; }
  .card table { font-size: 0.76em; }
  .card th, .card td { padding: 0.2em 0.35em; }
}
"""

CSS = _BASE_CSS + code_css() + "\n"


class _FixedModel(genanki.Model):
    """A genanki model whose modification time is :data:`NOTETYPE_MOD`, not the export time."""

    def to_json(self, timestamp: float, deck_id):  # type: ignore[override]
        data = super().to_json(NOTETYPE_MOD, deck_id)
        return data


def note_model() -> genanki.Model:
    return _FixedModel(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[dict(t) for t in TEMPLATES],
        css=CSS,
        sort_field_index=0,
    )
