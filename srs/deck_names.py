"""Which deck file and which deck name each imported source gets, so that no two collide.

Two documents titled "Interview Questions", or two ``README.md`` in different folders, are two decks. Each
gets its own deck file and a name a user can tell apart in ``srs list``, review and Anki (where names that
differ only in case, or in spaces around ``::``, are one deck: :func:`srs.anki_decks.deck_key`).

* **A deck keeps what it has.** A source whose deck file is already in the decks folder (the file records
  it as its ``source``) is imported into that file again, and keeps the deck's name as long as it is still
  the document's title, or that title with one of the source's own qualifiers (below). Importing another
  document later never renames a deck.
* **A new deck takes the plain name when it is free.** Deck file ``<slug of the file name>.yaml``, named
  after the document's title. A file that is another source's deck (one that still exists), or a deck
  written by hand, is never overwritten: the new deck goes to ``<parent folder>-<file name>.yaml`` (then
  two, three folders up, then ``-2``, ``-3``, …). A deck file whose source has gone (moved or deleted) is
  taken over by a source of the same file name, so a moved document keeps its deck and card ids.
* **A title another deck has** gets a qualifier from the source's path: its folder (``Interview Questions
  (b)``), else its file name (``(python)``), else two or three folders (``(y/notes)``), else a number; a
  qualifier another same-titled deck's source would get too (both in ``notes/``) is skipped. A YAML deck
  keeps the name its author gave it.

Within one run, decks that keep their name claim it first, then new ones claim in the order of their source
paths, so the result does not depend on the order of the command-line arguments. The first of two
colliding documents to be imported keeps the plain name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import yaml

from srs.anki_decks import deck_key

#: Bytes of a deck file read to find its ``deck`` and ``source`` (written before ``cards``; else it is all read).
HEAD_BYTES = 4096

#: Folders above a source used to tell it apart (in deck file names and deck names) before a number is.
MAX_FOLDERS = 3

_CARDS_KEY = re.compile(r"^cards[ \t]*:", re.M)
_NUMBERED = re.compile(r"(.+)-[0-9]+\.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def slugify(text: str) -> str:
    """A file-name slug: ASCII lowercase letters, digits and single dashes (``deck`` if empty)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or "deck"


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _absolute(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.normpath(os.path.abspath(path)))


def _same_source(a: Path, b: Path) -> bool:
    """Two absolute paths name one file (also when it no longer exists)."""
    return a == b or same_file(a, b)


@dataclass(frozen=True)
class Header:
    """A deck file's ``deck`` name and recorded ``source`` (absolute; None when it records none)."""

    name: str | None
    source: Path | None


def read_header(path: Path) -> Header | None:
    """The name and source a deck (or YAML source) file gives, reading only the keys before ``cards``
    when it can; None when the file is not a readable YAML mapping."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES).decode("utf-8", errors="ignore")
        m = _CARDS_KEY.search(head)
        data: Any = yaml.load(head[: m.start()], Loader=_LOADER) if m else None
        if not isinstance(data, dict) or "deck" not in data:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    name, source = data.get("deck"), data.get("source")
    return Header(name if isinstance(name, str) else None,
                  _absolute(path.parent / source) if isinstance(source, str) and source else None)


def recorded_source(source: Path) -> Path:
    """The ``source`` the deck of ``source`` records: the file itself, or what a YAML source says it
    comes from."""
    if source.suffix.lower() in (".yaml", ".yml"):
        header = read_header(source)
        if header is not None and header.source is not None:
            return header.source
    return _absolute(source)


# -- where a source's name and file come from -------------------------------------------------------


def _folders(source: Path) -> tuple[str, ...]:
    return _absolute(source).parent.parts[1:]  # without the root


def _file_slugs(source: Path) -> list[str | None]:
    """Deck file names (without ``.yaml``) for a source, in order of preference: the file name, then with
    one to :data:`MAX_FOLDERS` folders before it. Slot ``k`` holds the slug with ``k`` folders (None where
    that repeats an earlier one)."""
    stem, folders = Path(source).stem, _folders(source)
    out: list[str | None] = []
    for k in range(MAX_FOLDERS + 1):
        slug = slugify("-".join([*folders[len(folders) - k:], stem] if k else [stem]))
        out.append(None if slug in out or k > len(folders) else slug)
    return out


def _qualifiers(source: Path) -> list[str | None]:
    """What tells a deck name apart, by kind: its folder, its file name, two folders, three folders (None
    where a kind repeats an earlier one). ``::`` would make an Anki subdeck: it becomes ``:``."""
    folders = [f.replace("::", ":") for f in _folders(source)]
    kinds = [folders[-1:], [Path(source).stem.replace("::", ":")], folders[-2:], folders[-3:]]
    out: list[str | None] = []
    seen: set[str] = set()
    for parts in kinds:
        text = "/".join(parts)
        out.append(text if text and text.casefold() not in seen else None)
        seen.add(text.casefold())
    return out


def _qualified(base: str, qualifier: str) -> str:
    return f"{base} ({qualifier})"


def keeps_name(old: str, base: str, source: Path) -> bool:
    """Whether a deck named ``old`` keeps that name when its source's title is ``base``: it is the title,
    or the title with one of the source's qualifiers or a number."""
    if old == base or re.fullmatch(re.escape(base) + r" \(\d+\)", old):
        return True
    return any(q is not None and old == _qualified(base, q) for q in _qualifiers(source))


# -- the decks folder ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameRequest:
    """A source's deck to name: ``base`` is the document's title (else its file name), or the name a YAML
    deck gives itself (``generated`` False: kept as written)."""

    source: Path
    deck_file: Path
    base: str
    generated: bool


class DecksFolder:
    """The deck files already in a decks folder, with the name and source each records (read once)."""

    def __init__(self, decks_dir: str | os.PathLike[str]):
        self.dir = Path(decks_dir)
        self.headers: dict[str, Header | None] = {}
        self._numbered: dict[str, list[str]] = {}  # "readme" -> ["readme-2.yaml", ...]
        if self.dir.is_dir():
            for path in sorted(self.dir.iterdir()):
                if path.suffix in (".yaml", ".yml") and not path.name.startswith(".") and path.is_file():
                    self.headers[path.name] = read_header(path)
                    m = _NUMBERED.fullmatch(path.name)
                    if m:
                        self._numbered.setdefault(m.group(1), []).append(path.name)

    def _owned(self, name: str, source: Path, records: Path) -> bool:
        """The deck file ``name`` is the deck of ``source`` (or is that YAML source itself)."""
        if same_file(self.dir / name, source):
            return True
        header = self.headers.get(name)
        return header is not None and header.source is not None and _same_source(header.source, records)

    def _free(self, name: str) -> bool:
        """No deck is in the way: no such file, one that cannot be read (importing reports it, as before),
        or the deck of a source that has gone."""
        if name not in self.headers:
            return not (self.dir / name).exists()
        header = self.headers[name]
        return header is None or (header.source is not None and not header.source.exists())

    def deck_files(self, sources: Sequence[str | os.PathLike[str]]) -> list[Path]:
        """The deck file each source is imported into (see the module's docstring). Two sources that both
        have one deck file (a deck file and its source imported together) both get it: the caller reports
        that."""
        paths = [_absolute(s) for s in sources]
        records = [recorded_source(Path(s)) for s in sources]
        slugs = [_file_slugs(p) for p in paths]
        order = sorted(range(len(paths)), key=lambda i: paths[i])
        chosen: list[str | None] = [None] * len(paths)
        for i in order:  # a deck file it already has
            mine = [f"{s}.yaml" for s in slugs[i] if s] + self._numbered.get(slugs[i][0], [])
            chosen[i] = next((n for n in mine if self._owned(n, Path(sources[i]), records[i])), None)
        taken = {n for n in chosen if n}
        known: list[tuple[Path, list[str | None]]] = []  # every source we know of, with its slugs (when needed)
        for i in order:  # a new one
            if chosen[i] is None:
                chosen[i] = self._new_file(paths[i], slugs[i], paths, known, taken)
                taken.add(chosen[i])  # type: ignore[arg-type]
        return [self.dir / n for n in chosen]  # type: ignore[operator]

    def _new_file(self, path: Path, slugs: list[str | None], batch: list[Path],
                  known: list[tuple[Path, list[str | None]]], taken: set[str]) -> str:
        for k, slug in enumerate(slugs):
            name = f"{slug}.yaml"
            if slug is None or name in taken or not self._free(name):
                continue
            if k:  # with folders in it: not when another source's would be the same (it tells nothing apart)
                if not known:
                    recorded = (h.source for h in self.headers.values() if h is not None and h.source is not None)
                    known.extend((p, _file_slugs(p)) for p in [*batch, *recorded])
                if any(o[k] == slug and not _same_source(p, path) for p, o in known):
                    continue
            return name
        n = 2
        while f"{slugs[0]}-{n}.yaml" in taken or not self._free(f"{slugs[0]}-{n}.yaml"):
            n += 1
        return f"{slugs[0]}-{n}.yaml"

    def deck_names(self, requests: Sequence[NameRequest]) -> list[str]:
        """The name of each requested deck (see the module's docstring)."""
        written = {r.deck_file.name for r in requests}
        holders: dict[str, tuple[str, Path | None]] = {}  # deck key -> (name, source) of the decks not renamed here
        for file, header in self.headers.items():
            if header is not None and header.name and file not in written:
                holders.setdefault(deck_key(header.name), (header.name, header.source))
        names: list[str | None] = [None] * len(requests)

        def claim(i: int, name: str) -> None:
            names[i] = name
            holders.setdefault(deck_key(name), (name, _absolute(requests[i].source)))

        for i, r in enumerate(requests):
            if not r.generated:
                claim(i, r.base)
        order = sorted((i for i, r in enumerate(requests) if r.generated), key=lambda i: _absolute(requests[i].source))
        for i in order:  # a name it has
            header = self.headers.get(requests[i].deck_file.name)
            old = header.name if header is not None else None
            if old and keeps_name(old, requests[i].base, requests[i].source) and deck_key(old) not in holders:
                claim(i, old)
        for i in order:  # a new one
            if names[i] is None:
                claim(i, self._new_name(requests[i], holders))
        return names  # type: ignore[return-value]

    @staticmethod
    def _new_name(r: NameRequest, holders: dict[str, tuple[str, Path | None]]) -> str:
        if deck_key(r.base) not in holders:
            return r.base
        family = deck_key(r.base)
        sources = [s for key, (_, s) in holders.items()
                   if s is not None and (key == family or key.startswith(family + " (")) and not _same_source(s, _absolute(r.source))]
        others = [_qualifiers(s) for s in sources]
        for k, qualifier in enumerate(_qualifiers(r.source)):
            if qualifier is None or deck_key(_qualified(r.base, qualifier)) in holders:
                continue
            if any(o[k] is not None and o[k].casefold() == qualifier.casefold() for o in others):
                continue
            return _qualified(r.base, qualifier)
        n = 2
        while deck_key(f"{r.base} ({n})") in holders:
            n += 1
        return f"{r.base} ({n})"
