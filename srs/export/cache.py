"""A cache of rendered Markdown, so re-exporting mostly-unchanged decks skips markdown-it.

Rendering is the slow part of an export (pure-Python Markdown, pygments, the sanitiser). The HTML
for a given Markdown text depends only on that text and the renderer's versions, so it is kept in
``export-cache.sqlite3`` in the user data dir, keyed by a hash of both. Texts with a local image,
packed or not, are never cached (the image file may change under the same Markdown). Deleting the file is always
safe: the next export renders everything again and produces the same bytes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import markdown_it
import nh3
import pygments

from srs.export.render import RENDER_VERSION, Rendered, is_plain, render_markdown, render_plain
from srs.paths import data_dir

CACHE_NAME = "export-cache.sqlite3"
MAX_ROWS = 500_000  # past this the cache starts afresh rather than growing without bound

def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return ""


# markdown-it-pyrs renders the same HTML as markdown-it-py (srs.export.fastmd), but a new version of either
# could change that, so both are in the key.
_SALT = "|".join([str(RENDER_VERSION), markdown_it.__version__, pygments.__version__,
                  getattr(nh3, "__version__", "") or version("nh3"), version("mdit-py-plugins"),
                  _version("markdown-it-pyrs")]).encode()


def render_key(text: str) -> str:
    return hashlib.sha256(_SALT + b"\x00" + text.strip().encode("utf-8")).hexdigest()[:32]


def needs_parser(text: str) -> bool:
    text = text.strip()
    return bool(text) and not is_plain(text)


class CachingRenderer:
    """``render_markdown`` with a memo preloaded from the cache; new renders are kept in :attr:`new`."""

    def __init__(self, memo: dict[str, str] | None = None):
        self.memo = memo or {}
        self.new: dict[str, str] = {}

    def __call__(self, text: str, base_dir: Path | None = None) -> Rendered:
        if not needs_parser(text):
            return render_plain(text)
        key = render_key(text)
        html = self.memo.get(key)
        if html is not None:
            return Rendered(html)
        out = render_markdown(text, base_dir)
        if not out.media and not out.problems:  # a text with an image depends on the files, not only on itself
            self.new[key] = out.html
        return out


class RenderCache:
    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / CACHE_NAME

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path)
        conn.execute("CREATE TABLE IF NOT EXISTS renders (key TEXT PRIMARY KEY, html TEXT NOT NULL)")
        return conn

    def load(self, texts: list[str]) -> dict[str, str]:
        """The cached HTML of those texts that have some."""
        if not self.path.exists():  # checked first: no keys to hash on a first export
            return {}
        keys = sorted({render_key(t) for t in texts if needs_parser(t)})
        if not keys:
            return {}
        memo: dict[str, str] = {}
        try:
            conn = self._connect()
            try:
                for i in range(0, len(keys), 500):
                    chunk = keys[i : i + 500]
                    marks = ",".join("?" * len(chunk))
                    memo.update(conn.execute(f"SELECT key, html FROM renders WHERE key IN ({marks})", chunk))
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return {}  # a broken cache is no cache
        return memo

    def save(self, new: dict[str, str]) -> None:
        if not new:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
            try:
                with conn:
                    (rows,) = conn.execute("SELECT count(*) FROM renders").fetchone()
                    if rows + len(new) > MAX_ROWS:
                        conn.execute("DELETE FROM renders")
                    conn.executemany("INSERT OR REPLACE INTO renders (key, html) VALUES (?, ?)", new.items())
            finally:
                conn.close()
        except (OSError, sqlite3.DatabaseError):
            pass  # the cache is an optimisation; failing to write it must not fail the export
