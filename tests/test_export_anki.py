"""srs export → the real Anki backend: import, fields, tags, decks, scheduler, updates in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from srs.catalog import load_cards
from srs.deck import Deck, load_deck, save_deck
from srs.export.notetype import FIELDS, MODEL_ID, MODEL_NAME
from tests.exportkit import check_note, import_apkg, make_decks, notes_by_card_id, open_collection, run_cli, srs_notetypes

pytest.importorskip("anki")


def _export(tmp_path: Path, *args: str) -> list[Path]:
    result = run_cli(["export", "--decks-dir", str(tmp_path / "decks"), *args], tmp_path)
    assert result.exit_code == 0, result.output
    return [tmp_path / line.split()[1] for line in result.output.splitlines() if line.startswith("wrote ")]


def test_roundtrip_fields_tags_decks_and_scheduler(tmp_path):
    decks_dir = make_decks(tmp_path)
    [apkg] = _export(tmp_path)
    assert apkg.name == "srs.apkg" and apkg.parent.name == "exports"
    items = load_cards(decks_dir)

    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        log = import_apkg(col, apkg)
        assert len(log.new) == len(items) == col.note_count()
        assert col.media.have("srs-attn-" + _media_hash()), "the relative image was packed as media"

        [nt] = srs_notetypes(col)
        assert (nt.id, nt.name) == (MODEL_ID, MODEL_NAME)
        assert [f["name"] for f in col.models.get(nt.id)["flds"]] == FIELDS

        notes = notes_by_card_id(col)
        assert set(notes) == {it.card.id for it in items}
        for it in items:
            check_note(col, it, notes[it.card.id])
        assert notes["ml01attn"].tags.count("time::20_min") == 1 and "core_concept" in notes["ml01attn"].tags

        f1 = notes["ml04f1"]["Answer"]
        assert "<table>" in f1 and "<th>metric</th>" in f1 and "\\(F_1 = 2PR/(P+R)\\)" in f1
        code = notes["ml03rev"]["Answer"]
        assert '<pre class="hl" data-lang="python">' in code and '<span class="k">def</span>' in code
        assert "\\[\\mathrm{softmax}(QK^T/\\sqrt{d_k})V\\]" in notes["ml01attn"]["Answer"]

        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {"ML Guide", "ML Guide::1 Entry", "ML Guide::2 Mid", "ML Guide::3 Senior", "ML Guide::4 Expert",
                "People Questions", "People Questions::2 Mid"} <= names
        assert col.decks.get(col.decks.id_for_name("ML Guide"))["desc"] == "The ML Guide deck"

        # The scheduler queues every imported card as new.
        for root, count in (("ML Guide", 5), ("People Questions", 2)):
            did = col.decks.id_for_name(root)
            col.decks.select(did)
            assert col.sched.counts()[0] == count
            assert col.sched.getCard() is not None

        # Anki renders the card without template errors; the back of an answerless card says so.
        rate = notes["ml02rate"].cards()[0]
        back = rate.render_output(reload=True).answer_text
        assert "No answer in the source" in back and "sources/guide.md:20" in back
        assert "Sample Questions &gt; System Design" in back
        front = notes["ml03rev"].cards()[0].render_output(reload=True).question_text
        assert "badge level level-entry" in front and "difficulty-easy" in front and "Coding" in front
    finally:
        col.close()


def _media_hash() -> str:
    import hashlib

    from tests.exportkit import PNG

    return hashlib.sha256(PNG).hexdigest()[:12] + ".png"


def _answer_one_card(col, card_id: str) -> int:
    """Review the card of ``card_id`` through Anki's scheduler; returns its Anki card id."""
    note = notes_by_card_id(col)[card_id]
    anki_card = note.cards()[0]
    col.decks.select(anki_card.did)
    for _ in range(50):
        queued = col.sched.getCard()
        assert queued is not None
        if queued.nid == note.id:
            col.sched.answerCard(queued, 3)
            return anki_card.id
        col.sched.buryCards([queued.id])
    raise AssertionError("card never queued")


def test_reexport_after_edits_updates_in_place_and_keeps_history(tmp_path):
    decks_dir = make_decks(tmp_path)
    [first] = _export(tmp_path)
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, first)
        reviewed = _answer_one_card(col, "ml05cache")
        revlog_before = col.db.all("select id, cid, ease, ivl from revlog")
        assert len(revlog_before) == 1 and revlog_before[0][1] == reviewed
        card_state = col.db.first("select type, queue, ivl, due, reps from cards where id = ?", reviewed)

        # Edit the answer of one card and the wording of another.
        path = decks_dir / "ml-guide.yaml"
        deck = load_deck(path)
        cards = []
        for c in deck.cards:
            if c.id == "ml05cache":
                c = c.model_copy(update={"answer": "Consistent hashing, replication, TTLs, and **write-back**."})
            if c.id == "ml03rev":
                c = c.model_copy(update={"question": "How do you reverse a list in Python?"})
            cards.append(c)
        save_deck(Deck(deck=deck.deck, description=deck.description, source=deck.source, cards=cards), path)

        [second] = _export(tmp_path)
        assert second == first
        log = import_apkg(col, second)
        assert len(log.new) == 0
        assert sorted(notes_by_card_id(col)[n.fields[-1]]["CardId"] for n in log.updated) == ["ml03rev", "ml05cache"]
        assert col.note_count() == 7
        assert len(srs_notetypes(col)) == 1

        notes = notes_by_card_id(col)
        assert "write-back" in notes["ml05cache"]["Answer"]
        assert "How do you reverse a list" in notes["ml03rev"]["Question"]
        assert col.db.all("select id, cid, ease, ivl from revlog") == revlog_before
        assert col.db.first("select type, queue, ivl, due, reps from cards where id = ?", reviewed) == card_state
        assert notes["ml05cache"].cards()[0].id == reviewed

        # A third export of unchanged decks changes nothing in Anki.
        [third] = _export(tmp_path)
        log = import_apkg(col, third)
        assert len(log.new) == 0 and len(log.updated) == 0
    finally:
        col.close()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--level", "senior"], {"ml01attn", "ml02rate"}),
        (["--domain", "system-design"], {"ml02rate", "ml05cache"}),
        (["--level", "mid", "--domain", "behavioral"], {"bh02fail"}),
    ],
)
def test_filtered_exports_contain_exactly_the_matching_cards(tmp_path, args, expected):
    make_decks(tmp_path)
    [apkg] = _export(tmp_path, *args, "-o", "out/filtered.apkg")
    assert apkg == tmp_path / "out" / "filtered.apkg"
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, apkg)
        assert set(notes_by_card_id(col)) == expected
    finally:
        col.close()


def test_split_by_level_writes_one_package_per_level_present(tmp_path):
    decks_dir = make_decks(tmp_path)
    written = _export(tmp_path, "--split-by", "level")
    assert [p.name for p in written] == ["srs-entry.apkg", "srs-mid.apkg", "srs-senior.apkg", "srs-expert.apkg",
                                         "srs-none.apkg"]
    by_level: dict[str, set[str]] = {}
    for it in load_cards(decks_dir):
        by_level.setdefault(it.card.level or "none", set()).add(it.card.id)
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        seen: set[str] = set()
        for path in written:
            before = set(notes_by_card_id(col))
            log = import_apkg(col, path)
            now = set(notes_by_card_id(col))
            level = path.stem.removeprefix("srs-")
            assert now - before == by_level[level] and len(log.new) == len(by_level[level])
            seen |= now - before
        assert len(srs_notetypes(col)) == 1 and seen == {c for s in by_level.values() for c in s}
    finally:
        col.close()


def test_split_by_domain_uses_domain_subdecks(tmp_path):
    make_decks(tmp_path)
    written = _export(tmp_path, "--split-by", "domain", "--deck", "ML Guide", "-o", "ml.apkg")
    assert sorted(p.name for p in written) == ["ml-coding.apkg", "ml-deep-learning.apkg",
                                                "ml-machine-learning.apkg", "ml-system-design.apkg"]
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, tmp_path / "ml-system-design.apkg")
        decks = {col.decks.name(c.did) for n in notes_by_card_id(col).values() for c in n.cards()}
        assert decks == {"ML Guide::system-design"}
    finally:
        col.close()


def test_empty_selection_is_an_error_not_an_empty_package(tmp_path):
    make_decks(tmp_path)
    result = run_cli(["export", "--decks-dir", str(tmp_path / "decks"), "--search", "no-such-word"], tmp_path)
    assert result.exit_code == 1
    assert "no cards match" in result.output
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())


def test_newer_styling_replaces_the_note_types_css_in_place(tmp_path, monkeypatch):
    """A template/CSS change (with NOTETYPE_MOD bumped) reaches a collection that has the old note type."""
    from srs.export import notetype, package

    make_decks(tmp_path)
    old_mod = notetype.NOTETYPE_MOD - 1000
    with monkeypatch.context() as old:
        old.setattr(notetype, "CSS", ".card { color: red; }")
        old.setattr(notetype, "NOTETYPE_MOD", old_mod)
        old.setattr(package, "NOTETYPE_MOD", old_mod)
        [first] = _export(tmp_path, "-o", "old.apkg")
    [second] = _export(tmp_path, "-o", "new.apkg")
    path = tmp_path / "anki" / "collection.anki2"
    col = open_collection(path)
    try:
        import_apkg(col, first)
        assert col.models.get(MODEL_ID)["css"] == ".card { color: red; }"
        log = import_apkg(col, second)
        assert len(log.new) == 0
        col.close()
        col = open_collection(path)  # the Python side caches note types; read what the collection holds
        [nt] = srs_notetypes(col)
        model = col.models.get(nt.id)
        assert nt.id == MODEL_ID and model["css"] == notetype.CSS
        assert [t["qfmt"] for t in model["tmpls"]] == [t["qfmt"] for t in notetype.TEMPLATES]
        assert col.note_count() == 7
    finally:
        col.close()
