"""Acceptance 1 and 2 on the real bundled decks: export → Anki; edit a source, `srs import`, export → update."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from srs.catalog import load_cards
from srs.export.notetype import FIELDS, MODEL_ID, MODEL_NAME
from srs.anki_decks import LEVEL_DECKS
from srs.paths import bundled_decks_dir
from tests.exportkit import check_note, import_apkg, notes_by_card_id, open_collection, run_cli, srs_notetypes

pytest.importorskip("anki")

BUNDLED = bundled_decks_dir()
SOURCE = "ai-interview-practice-questions.md"


def _export(cwd: Path, decks_dir: Path, out: str) -> Path:
    result = run_cli(["export", "--decks-dir", str(decks_dir), "-o", out], cwd)
    assert result.exit_code == 0, result.output
    return cwd / out


def test_bundled_decks_import_into_anki_with_fields_tags_decks_and_a_working_queue(tmp_path):
    items = load_cards(BUNDLED)
    assert len(items) >= 100, "the bundled decks are missing"
    apkg = _export(tmp_path, BUNDLED, "bundled.apkg")
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        log = import_apkg(col, apkg)
        assert len(log.new) == len(items) == col.note_count() == col.card_count()
        [nt] = srs_notetypes(col)
        assert (nt.id, nt.name) == (MODEL_ID, MODEL_NAME)
        assert [f["name"] for f in col.models.get(nt.id)["flds"]] == FIELDS

        notes = notes_by_card_id(col)
        assert len(notes) == len(items)
        for it in items:
            check_note(col, it, notes[it.card.id])

        expected_decks = {it.deck for it in items} | {
            f"{it.deck}::{LEVEL_DECKS[it.card.level]}" for it in items if it.card.level}
        # The subdeck tree: exactly our root decks with their level subdecks (and Anki's own Default).
        assert {d.name for d in col.decks.all_names_and_ids()} == expected_decks | {"Default"}
        for root in {it.deck for it in items}:
            children = {name for name, _ in col.decks.children(col.decks.id_for_name(root))}
            assert children == {d for d in expected_decks if d.startswith(root + "::")}

        for root in sorted({it.deck for it in items}):
            did = col.decks.id_for_name(root)
            conf = col.decks.config_dict_for_deck_id(did)
            conf["new"]["perDay"] = 9999
            col.decks.save(conf)
            col.decks.select(did)
            assert col.sched.counts()[0] == sum(1 for it in items if it.deck == root)
            first = col.sched.getCard()
            assert first is not None and first.note()["CardId"] in notes
    finally:
        col.close()


def test_edit_source_reimport_and_reexport_updates_the_same_anki_notes(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    src = sources / SOURCE
    shutil.copy(BUNDLED / "sources" / SOURCE, src)
    decks = tmp_path / "decks"
    assert run_cli(["import", str(src), "--decks-dir", str(decks)], tmp_path).exit_code == 0
    before = {it.card.id: it.card for it in load_cards(decks)}
    first = _export(tmp_path, decks, "practice.apkg")

    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, first)
        notes = notes_by_card_id(col)
        answered = next(cid for cid, c in before.items() if "from sklearn.metrics import accuracy_score" in c.answer)
        reworded = next(cid for cid, c in before.items() if c.question.startswith("Design a real-time anomaly"))
        # Review the answered card in Anki before the update.
        target = notes[answered].cards()[0]
        col.decks.select(target.did)
        for _ in range(len(notes)):
            card = col.sched.getCard()
            if card.nid == notes[answered].id:
                col.sched.answerCard(card, 3)
                break
            col.sched.buryCards([card.id])
        revlog = col.db.all("select id, cid, ease, ivl from revlog")
        assert [r[1] for r in revlog] == [target.id]

        # The author edits one answer and rewords another question; the deck is re-imported.
        text = src.read_text(encoding="utf-8")
        text = text.replace("from sklearn.metrics import accuracy_score", "from sklearn.metrics import f1_score", 1)
        text = text.replace("Design a real-time anomaly detection system", "Design a realtime anomaly-detection system", 1)
        src.write_text(text, encoding="utf-8")
        assert run_cli(["import", str(src), "--decks-dir", str(decks)], tmp_path).exit_code == 0
        after = {it.card.id: it.card for it in load_cards(decks)}
        assert set(after) == set(before), "srs import kept every card id"

        second = _export(tmp_path, decks, "practice.apkg")
        log = import_apkg(col, second)
        assert len(log.new) == 0
        assert sorted(n.fields[-1] for n in log.updated) == sorted([answered, reworded])
        assert col.note_count() == len(before) and len(srs_notetypes(col)) == 1
        notes = notes_by_card_id(col)
        assert "f1_score" in notes[answered]["Answer"]
        assert "realtime anomaly-detection" in notes[reworded]["Question"]
        assert col.db.all("select id, cid, ease, ivl from revlog") == revlog
        assert notes[answered].cards()[0].id == target.id and notes[answered].cards()[0].reps == 1
    finally:
        col.close()


@pytest.mark.parametrize("option", [("--level", "senior"), ("--domain", "system-design")])
def test_filtered_export_of_the_bundled_decks_holds_exactly_the_matching_cards(tmp_path, option):
    flag, value = option
    attr = flag.removeprefix("--")
    expected = {it.card.id for it in load_cards(BUNDLED) if getattr(it.card, attr) == value}
    assert expected, f"the bundled decks have no {attr} {value} card"
    result = run_cli(["export", "--decks-dir", str(BUNDLED), flag, value, "-o", "filtered.apkg"], tmp_path)
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} cards" in result.output
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, tmp_path / "filtered.apkg")
        notes = notes_by_card_id(col)
        assert set(notes) == expected
        assert all(n[attr.capitalize()] == value for n in notes.values())
    finally:
        col.close()


def test_split_by_level_of_the_bundled_decks_writes_one_package_per_level_present(tmp_path):
    by_level: dict[str, set[str]] = {}
    for it in load_cards(BUNDLED):
        by_level.setdefault(it.card.level or "none", set()).add(it.card.id)
    result = run_cli(["export", "--decks-dir", str(BUNDLED), "--split-by", "level", "-o", "lv.apkg"], tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("*.apkg"))
    assert written == sorted(f"lv-{level}.apkg" for level in by_level)
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        for level, ids in by_level.items():
            before = set(notes_by_card_id(col))
            log = import_apkg(col, tmp_path / f"lv-{level}.apkg")
            assert set(notes_by_card_id(col)) - before == ids and len(log.new) == len(ids)
        assert len(srs_notetypes(col)) == 1
    finally:
        col.close()
