"""The ``.apkg`` writer: genanki's collection schema, our notes, a deterministic compressed zip.

genanki builds the collection skeleton (schema, ``col`` row, the note type and deck JSON). Notes
and cards are inserted here in bulk rather than through ``genanki.Note``: that lets every note
carry its own id and modification time (from :mod:`srs.export.ledger`) instead of the export
time, and is several times faster on large exports. The SQLite database is built in memory
and serialised straight into the zip, so no temporary file is left behind.

Determinism: fixed note type and deck modification times, ids from the ledger and from names,
zip entries in a fixed order with a fixed timestamp and attributes. The same notes (and ledger)
give a byte-identical file.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import sqlite3
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import genanki

from srs.export.ledger import Stamp
from srs.control_chars import strip_controls
from srs.anki_decks import deck_name
from srs.export.notes import NoteSpec, field_checksum, sort_field
from srs.export.notetype import MODEL_ID, NOTETYPE_MOD, note_model
from srs.export.media import Media

ZIP_DATE = (2020, 1, 1, 0, 0, 0)
ZIP_LEVEL = 1  # zlib: its fastest level; with the indexes built last the package stays about 31% of genanki's (level 4: 29%) in half the compression time


def deck_id(name: str) -> int:
    """A stable deck id derived from the deck's full name."""
    digest = hashlib.sha256(("srs deck:" + name).encode("utf-8")).digest()
    return (1 << 40) + int.from_bytes(digest[:6], "big") % (1 << 44)


_sort_field = sort_field
_checksum = field_checksum


@dataclass(frozen=True)
class PackageInput:
    notes: list[NoteSpec]
    stamps: list[Stamp]
    deck_descriptions: dict[str, str]  # root deck name → description


def _all_deck_names(notes: list[NoteSpec], roots: dict[str, str]) -> list[str]:
    names = set(roots)
    for deck in {n.deck for n in notes}:
        parts = deck.split("::")
        names.update("::".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(names)


def build_collection(pkg: PackageInput) -> bytes:
    """The ``collection.anki2`` SQLite database, as bytes."""
    model = note_model()
    decks = []
    # A description is plain text (Anki shows it as HTML): escaped, so it shows as written and runs nothing.
    descriptions = {deck_name(root): html.escape(strip_controls(text), quote=False)
                    for root, text in pkg.deck_descriptions.items()}
    for name in _all_deck_names(pkg.notes, descriptions):
        deck = genanki.Deck(deck_id(name), name, description=descriptions.get(name, ""))
        decks.append(deck)
    decks[0].add_model(model)
    conn = sqlite3.connect(":memory:")
    try:
        cur = conn.cursor()
        genanki.Package(decks).write_to_db(cur, NOTETYPE_MOD, iter(()))
        # Build the indexes after the rows are in (same definitions): sorted builds are faster than
        # inserting into them row by row, and pack their pages full (a smaller file to compress).
        indexes = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                              " ORDER BY name").fetchall()
        for name, _ in indexes:
            cur.execute(f"DROP INDEX {name}")
        note_rows = []
        card_rows = []
        deck_ids = {d.name: d.deck_id for d in decks}
        for due, (spec, stamp) in enumerate(zip(pkg.notes, pkg.stamps), start=1):
            if spec.checksum >= 0:  # computed when the note was built
                sfld, csum = spec.sort_field, spec.checksum
            else:
                sfld = _sort_field(spec.fields[0])
                csum = _checksum(sfld)
            tags = " " + " ".join(spec.tags) + " " if spec.tags else ""
            note_rows.append((stamp.nid, spec.guid, MODEL_ID, stamp.mod, -1, tags, "\x1f".join(spec.fields),
                              sfld, csum, 0, ""))
            card_rows.append((stamp.nid, stamp.nid, deck_ids[spec.deck], 0, stamp.mod, -1, 0, 0, due,
                              0, 0, 0, 0, 0, 0, 0, 0, ""))
        cur.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        cur.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
        for _, sql in indexes:
            cur.execute(sql)
        conn.commit()
        return _serialize(conn)
    finally:
        conn.close()


def _serialize(conn: sqlite3.Connection) -> bytes:
    if hasattr(conn, "serialize"):  # Python 3.11+
        return conn.serialize()
    fd, tmp = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as disk:
            conn.backup(disk)
        disk.close()
        return Path(tmp).read_bytes()
    finally:
        Path(tmp).unlink(missing_ok=True)


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def unique_media(notes: list[NoteSpec]) -> list[Media]:
    by_name: dict[str, Media] = {}
    for n in notes:
        for m in n.media:
            by_name.setdefault(m.name, m)
    return [by_name[k] for k in sorted(by_name)]


def write_apkg(path: Path, pkg: PackageInput, meanwhile: Callable[[], None] | None = None) -> int:
    """Write the package atomically; returns its size in bytes.

    ``meanwhile``: something to run in this thread while another compresses and writes the zip (zlib
    and file writes let go of the GIL, so the two overlap); its exceptions are raised after the write.
    """
    collection = build_collection(pkg)
    media = unique_media(pkg.notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    if meanwhile is None:
        _write_zip(path, collection, media)
        return path.stat().st_size
    failed: list[BaseException] = []

    def write() -> None:
        try:
            _write_zip(path, collection, media)
        except BaseException as exc:  # raised again in the calling thread
            failed.append(exc)

    writer = threading.Thread(target=write, name="srs-apkg-writer", daemon=True)
    writer.start()
    try:
        meanwhile()
    finally:
        writer.join()
    if failed:
        raise failed[0]
    return path.stat().st_size


def _write_zip(path: Path, collection: bytes, media: list[Media]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
            zf.writestr(_zip_info("collection.anki2"), collection, compresslevel=ZIP_LEVEL)
            for idx, m in enumerate(media):
                zf.writestr(_zip_info(str(idx)), m.data, compresslevel=ZIP_LEVEL)
            zf.writestr(_zip_info("media"), json.dumps({str(i): m.name for i, m in enumerate(media)}),
                        compresslevel=ZIP_LEVEL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
