"""A hostile source's image paths: ``srs export`` packs only image files from inside the source's folder.

Each card below points an image at something a document from the internet must never reach: files
outside its folder (by ``..``, an absolute path, URL-encoded dots or slashes, a symlink), a FIFO that
would hang the export, an endless device, a non-image file dressed as one, a huge file. The export runs
as a user runs it (a subprocess, with a memory cap and a time limit so the unfixed behaviour fails
instead of taking the machine down), then the package's media are read back.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from srs.export.media import MAX_BYTES
from tests.exportkit import PNG

SECRET = b"TOP-SECRET-bytes-that-must-stay-home"
ENV_SECRET = "srs-test-environ-secret-4711"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs, /proc and /dev are Linux's")


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # reading /dev/zero must fail, not swap


def srs(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "SRS_HOME": str(cwd / "home"), "SRS_SECRET_FOR_TEST": ENV_SECRET,
           "SRS_EXPORT_WORKERS": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "srs", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limits)


# (image path written in the source, what it reaches) — every one must stay out of the package.
HOSTILE_IMAGES = [
    ("../" * 12 + "etc/passwd", "a system file by ../"),
    ("../" * 12 + "proc/self/environ", "the process environment by ../"),
    ("../secret.png", "a PNG next to the source folder"),
    ("%2e%2e/secret.png", "URL-encoded dots"),
    ("..%2fsecret.png", "a URL-encoded slash"),
    ("img/..%2F..%2Fsecret.png", "encoded slashes deeper down"),
    ("{abs}", "an absolute path"),
    ("img/link.png", "a symlink inside the folder to a file outside it"),
    ("img/linkdir/secret.png", "a symlinked folder leading outside"),
    ("../" * 12 + "dev/zero", "an endless device"),
    ("img/zero.png", "a symlink to /dev/zero"),
    ("img/pipe.png", "a FIFO inside the folder"),
    ("img/notes.png", "a text file named .png"),
    ("img/huge.png", "a PNG over the size limit"),
]


def _layout(tmp_path: Path) -> Path:
    """tmp/secret.png (outside), tmp/notes/guide.md (the source) and its img/ folder."""
    (tmp_path / "secret.png").write_bytes(PNG + SECRET)
    notes = tmp_path / "notes"
    img = notes / "img"
    img.mkdir(parents=True)
    (img / "ok.png").write_bytes(PNG)
    (img / "inner-link.png").symlink_to("ok.png")
    (img / "link.png").symlink_to(tmp_path / "secret.png")
    (img / "linkdir").symlink_to(tmp_path)
    (img / "zero.png").symlink_to("/dev/zero")
    os.mkfifo(img / "pipe.png")
    (img / "notes.png").write_bytes(b"password=hunter2 " + SECRET)
    with open(img / "huge.png", "wb") as f:
        f.write(PNG)
        f.truncate(MAX_BYTES + 1)  # sparse: cheap to make, too big to pack
    lines = ["# Hostile images", ""]
    for i, (path, what) in enumerate(HOSTILE_IMAGES):
        path = path.replace("{abs}", str(tmp_path / "secret.png"))
        lines += [f"**Q:** Question {i}: what does the picture of {what} show?", "",
                  f"**A:** It shows this: ![img {i}]({path})", ""]
    lines += ["**Q:** What does the allowed picture show?", "",
              "**A:** It shows ![ok](img/ok.png) and again ![ok](img/inner-link.png).", ""]
    (notes / "guide.md").write_text("\n".join(lines), encoding="utf-8")
    return notes / "guide.md"


def _packed_media(apkg: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(apkg) as zf:
        names = json.loads(zf.read("media"))
        return {name: zf.read(idx) for idx, name in names.items()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("hostile")
    _layout(tmp_path)
    imported = srs("import", "notes/guide.md", "--decks-dir", "decks", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    result = srs("export", "--decks-dir", "decks", "-o", "out.apkg", cwd=tmp_path)
    return tmp_path, result


def test_export_of_hostile_image_paths_finishes_and_packs_only_the_allowed_image(exported):
    tmp_path, result = exported
    assert result.returncode == 0, result.stderr
    media = _packed_media(tmp_path / "out.apkg")
    assert list(media.values()) == [PNG], sorted(media)  # the one allowed image, packed once
    [name] = media
    assert name.startswith("srs-ok-") and name.endswith(".png")


def test_no_byte_from_outside_the_source_folder_reaches_the_package(exported):
    tmp_path, _ = exported
    blob = (tmp_path / "out.apkg").read_bytes()
    with zipfile.ZipFile(tmp_path / "out.apkg") as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    for secret in (SECRET, ENV_SECRET.encode(), b"password=hunter2", b"root:x:0:0"):
        assert secret not in everything and secret not in blob, secret


def test_each_refused_image_is_a_warning_naming_file_and_line_and_stays_visible_text(exported):
    tmp_path, result = exported
    warnings = [line for line in result.stderr.splitlines() if line.startswith("srs: warning: ")]
    assert len(warnings) == len(HOSTILE_IMAGES), result.stderr
    source_lines = (tmp_path / "notes" / "guide.md").read_text().splitlines()
    for warning in warnings:
        where, problem = warning.removeprefix("srs: warning: ").split(": ", 1)
        file, line = where.rsplit(":", 1)
        assert file == os.path.join("notes", "guide.md")
        assert source_lines[int(line) - 1].startswith("**Q:** Question"), warning
        assert problem.startswith("image '") and any(
            why in problem for why in ("outside the source folder", "not a regular file", "larger than",
                                       "is not a PNG")), warning


def test_a_refused_image_is_left_as_a_note_in_the_card(exported):
    tmp_path, _ = exported
    import sqlite3

    with zipfile.ZipFile(tmp_path / "out.apkg") as zf:
        (tmp_path / "col.anki2").write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "col.anki2")
    fields = [row[0] for row in conn.execute("SELECT flds FROM notes")]
    conn.close()
    notes = [f for f in fields if "picture of a FIFO" in f]
    assert len(notes) == 1 and "[image not included: img/pipe.png]" in notes[0]
    assert not any("passwd" in f and "<img" in f for f in fields)


def test_the_package_imports_into_anki_with_only_the_allowed_media(exported, tmp_path):
    pytest.importorskip("anki")
    from tests.exportkit import import_apkg, open_collection

    src, _ = exported
    col = open_collection(tmp_path / "anki" / "collection.anki2")
    try:
        import_apkg(col, src / "out.apkg")
        assert col.note_count() == len(HOSTILE_IMAGES) + 1
        files = sorted(p.name for p in Path(col.media.dir()).iterdir())
        assert len(files) == 1 and files[0].startswith("srs-ok-"), files
        assert (Path(col.media.dir()) / files[0]).read_bytes() == PNG
    finally:
        col.close()


# The same paths one at a time through the renderer (not the ones that hang or fill memory when read:
# the export above covers those in a capped subprocess).
@pytest.mark.parametrize("path,what", [c for c in HOSTILE_IMAGES if "zero" not in c[0] and "pipe" not in c[0]],
                         ids=[c[1] for c in HOSTILE_IMAGES if "zero" not in c[0] and "pipe" not in c[0]])
def test_each_hostile_image_path_is_refused_by_the_renderer(tmp_path, path, what):
    from srs.export.render import render_markdown

    source = _layout(tmp_path)
    out = render_markdown(f"Look: ![x]({path.replace('{abs}', str(tmp_path / 'secret.png'))})", source.parent)
    assert out.media == () and len(out.problems) == 1, (what, out)
    assert "<img" not in out.html and "[image not included: " in out.html


def test_allowed_images_keep_working_through_a_symlink_inside_the_folder(tmp_path):
    from srs.export.render import render_markdown

    source = _layout(tmp_path)
    out = render_markdown("![a](img/ok.png) ![b](img/inner-link.png) ![c](img%2Fok.png)", source.parent)
    assert {m.data for m in out.media} == {PNG} and out.problems == ()
    assert len({m.name for m in out.media}) == 1  # one file, one media name
