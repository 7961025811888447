"""The package file: deterministic bytes, compressed, no temp files, note times from the ledger."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from srs.deck import Deck, load_deck, save_deck
from tests.exportkit import make_decks, run_cli


def _export(root: Path, out: str = "out.apkg") -> bytes:
    result = run_cli(["export", "--decks-dir", str(root / "decks"), "-o", out], root)
    assert result.exit_code == 0, result.output
    return (root / out).read_bytes()


def _notes(data: bytes, tmp: Path) -> dict[str, tuple[int, int, str]]:
    (tmp / "peek.apkg").write_bytes(data)
    db = tmp / "peek.anki2"
    with zipfile.ZipFile(tmp / "peek.apkg") as zf:
        db.write_bytes(zf.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select flds, mod, id, guid from notes").fetchall()
    return {flds.split("\x1f")[-1]: (mod, nid, guid) for flds, mod, nid, guid in rows}


def test_same_decks_give_a_byte_identical_package(tmp_path):
    make_decks(tmp_path)
    first = _export(tmp_path, "a.apkg")
    second = _export(tmp_path, "b.apkg")
    assert first == second


def test_with_source_date_epoch_a_fresh_machine_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    make_decks(tmp_path)
    first = _export(tmp_path, "a.apkg")
    monkeypatch.setenv("SRS_HOME", str(tmp_path / "another-home"))
    assert _export(tmp_path, "b.apkg") == first
    assert {mod for mod, _, _ in _notes(first, tmp_path).values()} == {1700000000}


def test_an_edited_card_comes_out_newer_and_the_others_unchanged(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    decks = make_decks(tmp_path)
    before = _notes(_export(tmp_path), tmp_path)
    path = decks / "ml-guide.yaml"
    deck = load_deck(path)
    deck.cards[1] = deck.cards[1].model_copy(update={"answer": "Token bucket per API key."})
    save_deck(Deck(deck=deck.deck, description=deck.description, source=deck.source, cards=deck.cards), path)
    # Even with the clock pinned, the edited note must be strictly newer.
    after = _notes(_export(tmp_path), tmp_path)
    edited = deck.cards[1].id
    assert after[edited][0] > before[edited][0]
    assert after[edited][1:] == before[edited][1:], "note id and GUID never change"
    assert {k: v for k, v in after.items() if k != edited} == {k: v for k, v in before.items() if k != edited}


def test_zip_is_deflated_with_fixed_timestamps_and_no_temp_files_are_left(tmp_path, monkeypatch):
    make_decks(tmp_path)
    tmpdir = tmp_path / "tmp"  # a temp dir of its own: other processes' temp files are not the export's
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    temp_before = set(os.listdir(tmpdir))
    data = _export(tmp_path, "exports/x.apkg")
    assert set(os.listdir(tmpdir)) - temp_before == set()
    assert sorted(os.listdir(tmp_path / "exports")) == ["x.apkg"]
    with zipfile.ZipFile(tmp_path / "exports" / "x.apkg") as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == ["collection.anki2", "0", "media"]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED and i.date_time == (2020, 1, 1, 0, 0, 0) for i in infos)
        col = zf.getinfo("collection.anki2")
        assert col.compress_size < col.file_size / 4
    assert len(data) == (tmp_path / "exports" / "x.apkg").stat().st_size


def test_the_render_cache_changes_nothing_in_the_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    make_decks(tmp_path)
    fresh = _export(tmp_path, "fresh.apkg")
    cache = tmp_path / "srs-home" / "export-cache.sqlite3"
    with sqlite3.connect(cache) as conn:
        assert conn.execute("select count(*) from renders").fetchone()[0] >= 4
    cached = _export(tmp_path, "cached.apkg")  # rendered Markdown now comes from the cache
    assert fresh == cached
    with sqlite3.connect(cache) as conn:  # prove the second export read the cache: mark every entry
        conn.execute("update renders set html = html || '<p>from-cache</p>'")
    (tmp_path / "marked.apkg").write_bytes(_export(tmp_path, "marked.apkg"))
    with zipfile.ZipFile(tmp_path / "marked.apkg") as zf:
        assert b"from-cache" in zf.read("collection.anki2")


def test_a_card_id_used_in_two_decks_is_an_error(tmp_path):
    from tests.exportkit import sample_cards

    cards = sample_cards()
    cards["People Questions"][0] = cards["People Questions"][0].model_copy(update={"id": "ml01attn"})
    make_decks(tmp_path, cards)
    result = run_cli(["export", "--decks-dir", str(tmp_path / "decks")], tmp_path)
    assert result.exit_code == 2 and "duplicate card id 'ml01attn': also used at " in result.output


def test_rendering_in_worker_processes_gives_the_same_bytes(tmp_path, monkeypatch):
    import sys

    import pytest

    from srs.export import run

    if not sys.platform.startswith("linux"):
        pytest.skip("the render pool is used on Linux only")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    make_decks(tmp_path)
    monkeypatch.setattr(run, "POOL_FROM", 1)  # the sample decks are small: use the pool anyway
    monkeypatch.setattr(run, "POOL_CHUNK", 1)
    pooled_runs: list[bool] = []
    real = run._pooled_notes

    def spy(*args):
        notes = real(*args)
        pooled_runs.append(notes is not None)
        return notes

    monkeypatch.setattr(run, "_pooled_notes", spy)

    monkeypatch.setenv("SRS_EXPORT_WORKERS", "1")
    serial = _export(tmp_path, "serial.apkg")
    monkeypatch.setenv("SRS_HOME", str(tmp_path / "fresh-home"))  # empty render cache and ledger
    monkeypatch.setenv("SRS_EXPORT_WORKERS", "2")
    pooled = _export(tmp_path, "pooled.apkg")
    assert pooled_runs == [False, True]
    assert pooled == serial
    with zipfile.ZipFile(tmp_path / "pooled.apkg") as zf:
        assert zf.read("media") != b"{}", "the image rendered in a worker was packed"
    with sqlite3.connect(tmp_path / "fresh-home" / "export-cache.sqlite3") as conn:
        assert conn.execute("select count(*) from renders").fetchone()[0] >= 4, "worker renders are cached"


# The note type's styling (CSS and templates) for each NOTETYPE_MOD. Anki replaces the CSS and templates of
# the note type in a collection only when the package's note type is newer (test_export_anki checks that):
# a styling change without a newer NOTETYPE_MOD would never reach anyone who imported before.
STYLE_DIGESTS = {1_790_100_000: "9275e1a470c6cc31"}


def test_a_styling_change_comes_with_a_newer_note_type_time():
    import hashlib
    import json

    from srs.export.notetype import CSS, NOTETYPE_MOD, TEMPLATES

    digest = hashlib.sha256((CSS + json.dumps(TEMPLATES, sort_keys=True)).encode()).hexdigest()[:16]
    assert NOTETYPE_MOD == max(STYLE_DIGESTS), "NOTETYPE_MOD went back in time"
    assert STYLE_DIGESTS[NOTETYPE_MOD] == digest, (
        f"the note type's CSS or templates changed: raise NOTETYPE_MOD and add {{new mod: {digest!r}}} here")


def test_workers_and_this_process_share_the_chunks_and_give_the_notes_in_order(monkeypatch):
    """The parent takes chunks from the back, a forked worker from the front; the notes come out as
    without workers, and the worker's renders reach the render cache."""
    import os
    import time

    from srs.export import run
    from srs.export.cache import CachingRenderer

    generate = _pool_test_generator()
    items = generate(1200)
    serial = [run.build_note(it, "level", CachingRenderer()) for it in items]

    parent = os.getpid()
    mine: list[tuple[int, int]] = []
    real = run._notes_of_range

    def slow_parent(bounds):
        if os.getpid() == parent:
            mine.append(bounds)
            time.sleep(0.05)  # let the worker take its share
        return real(bounds)

    monkeypatch.setattr(run, "_notes_of_range", slow_parent)
    monkeypatch.setattr(run, "POOL_CHUNK", 50)
    monkeypatch.setattr(run, "POOL_FROM", 1)
    renderer = CachingRenderer()
    done: list[int] = []
    notes = run._pooled_notes(items, "level", renderer, done.append, 2)
    assert notes == serial
    assert sum(done) == len(items)
    assert 0 < len(mine) < len(items) // 50, "both the worker and this process rendered chunks"
    assert all(b[0] > 0 for b in mine[:1]), "this process starts from the back"
    assert len(renderer.new) == len({t for it in items for t in (it.card.question, it.card.answer)
                                     if run.needs_parser(t)})


def test_an_error_in_a_worker_is_raised_in_the_export(monkeypatch):
    import os

    import pytest

    from srs.errors import SrsError
    from srs.export import run
    from srs.export.cache import CachingRenderer

    generate = _pool_test_generator()
    parent = os.getpid()
    real = run._notes_of_range

    def failing_worker(bounds):
        if os.getpid() != parent:
            raise SrsError("bad card in a worker")
        import time

        time.sleep(0.05)
        return real(bounds)

    monkeypatch.setattr(run, "_notes_of_range", failing_worker)
    monkeypatch.setattr(run, "POOL_CHUNK", 20)
    monkeypatch.setattr(run, "POOL_FROM", 1)
    with pytest.raises(SrsError, match="bad card in a worker"):
        run._pooled_notes(generate(400), "level", CachingRenderer(), None, 2)


def _pool_test_generator():
    """bench/export_bench.py's card generator, for the render pool tests (Linux only: fork)."""
    import sys

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("the render pool is used on Linux only")
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    try:
        from export_bench import generate
    finally:
        sys.path.pop(0)
    return generate
