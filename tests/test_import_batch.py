"""Big imports are planned in a process pool: same files, same reports, same first error as one by one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from srs import importer
from srs.errors import DeckFileError
from srs.importer import import_sources

REPO = Path(__file__).parent.parent

needs_fork = pytest.mark.skipif(importer._fork_context() is None, reason="no fork on this platform")


def _corpus(folder: Path, size: int) -> list[Path]:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(REPO / "bench"))
    return write_corpus(folder, size)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def _summary(reports):
    return [(str(r.source), str(r.deck_file), r.added, r.updated, r.unchanged, r.removed, r.written, r.empty,
             [c.id for c in r.removed_cards]) for r in reports]


@needs_fork
def test_pool_writes_what_one_by_one_writes(tmp_path):
    src = tmp_path / "src"
    _corpus(src, 150_000)
    (src / "zz-hand.yaml").write_text("deck: Hand\ncards:\n- question: What is a pool?\n  answer: Workers.\n",
                                      encoding="utf-8")
    serial = import_sources([src], tmp_path / "a", jobs=1)
    pooled = import_sources([src], tmp_path / "b", jobs=2)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert [s[2:] for s in _summary(serial)] == [s[2:] for s in _summary(pooled)]
    assert [r.source for r in serial] == [r.source for r in pooled]

    # edit two sources, re-import over the existing decks: still the same
    first, second = sorted(src.glob("*.md"))[:2]
    first.write_text(first.read_text(encoding="utf-8").replace("What is", "What's", 3), encoding="utf-8")
    second.write_text(second.read_text(encoding="utf-8") + "\n## 99. What is a brand new question?\n\nYes.\n",
                      encoding="utf-8")
    serial = import_sources([src], tmp_path / "a", jobs=1)
    pooled = import_sources([src], tmp_path / "b", jobs=2)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert [s[2:] for s in _summary(serial)] == [s[2:] for s in _summary(pooled)]
    assert sum(r.written for r in pooled) == 2


@needs_fork
def test_pool_reports_the_first_error_in_source_order_and_writes_nothing(tmp_path):
    src = tmp_path / "src"
    paths = _corpus(src, 250_000)
    assert len(paths) >= 4
    # the first bad source is small and comes late in a big batch: the big ones before it must still be waited for
    (src / f"{paths[2].stem}-bad.yaml").write_text("deck: x\ncards:\n- question: [unclosed\n", encoding="utf-8")
    (src / f"{paths[-1].stem}-bad.yaml").write_text("deck: y\ncards: 3\n", encoding="utf-8")
    messages = []
    for jobs, out in ((1, "a"), (2, "b")):
        with pytest.raises(DeckFileError) as info:
            import_sources([src], tmp_path / out, jobs=jobs)
        messages.append((str(info.value), info.value.file, info.value.line))
        assert not (tmp_path / out).exists()
    assert messages[0] == messages[1]
    assert messages[0][1].endswith(f"{paths[2].stem}-bad.yaml") and messages[0][2] == 3


@needs_fork
def test_progress_reaches_the_total(tmp_path):
    src = tmp_path / "src"
    _corpus(src, 100_000)
    for jobs in (1, 2):
        seen = []
        import_sources([src], tmp_path / f"d{jobs}", jobs=jobs, dry_run=True, progress=lambda d, t: seen.append((d, t)))
        total = sum(p.stat().st_size for p in src.glob("*.md"))
        assert seen and seen[-1] == (total, total)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_pool_only_for_big_batches(monkeypatch):
    monkeypatch.delenv("SRS_IMPORT_JOBS", raising=False)
    assert importer._jobs([5_000_000], None) == 1  # one file
    assert importer._jobs([100, 200], None) == 1  # small
    assert importer._jobs([600_000, 600_000], 1) == 1
    assert importer._jobs([600_000, 600_000], 8) == 2  # never more workers than files
    monkeypatch.setenv("SRS_IMPORT_JOBS", "1")
    assert importer._jobs([600_000, 600_000], None) == 1
