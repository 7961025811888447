"""Anki export: cards → ``.apkg`` packages that re-import as updates, never duplicates.

Small modules, one job each:

* :mod:`srs.export.notetype` — the one note type ("srs interview card"): fixed id, fields, templates, CSS
* :mod:`srs.export.render` — card Markdown → HTML (markdown-it-py), math delimiters, image media
* :mod:`srs.export.highlight` — code fences pre-highlighted with pygments classes, CSS for light and night
* :mod:`srs.export.sanitize` — the nh3 allow-list every field goes through
* :mod:`srs.export.notes` — card → note: fields, tags, GUID, deck path
* :mod:`srs.export.cache` — rendered Markdown kept between exports (re-exports skip the renderer)
* :mod:`srs.export.ledger` — when each card's note content last changed (the note modification time)
* :mod:`srs.export.package` — the deterministic, compressed ``.apkg`` writer
* :mod:`srs.export.run` — selection → groups → packages (what ``srs export`` calls)
"""

from srs.export.run import ExportedPackage, export_cards

__all__ = ["ExportedPackage", "export_cards"]
