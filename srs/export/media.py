"""Which local image files a card may pack into a package, and reading them safely.

A source document comes from the internet, so an image path in it is hostile until checked. A file is
packed only when it is all of:

* inside the source document's folder once every symlink is resolved (no ``..``, absolute path,
  ``%2e%2e/`` or symlink leads out of it);
* a regular file (not a FIFO, a device such as ``/dev/zero``, a socket or a folder), opened without
  blocking and without following a last-moment symlink;
* at most :data:`MAX_BYTES` long (read with a cap, so a file that grows is cut off, not read forever);
* an image by its content (PNG, JPEG, GIF, WebP, BMP, AVIF), whatever its name says.

Anything else is not read further and the card keeps a visible note instead of the image; the
exporter warns with the card's source file and line.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_BYTES = 10 * 1024 * 1024

# (offset, magic bytes, extension): the image types Anki's webview shows, recognised by content.
_SIGNATURES = (
    (0, b"\x89PNG\r\n\x1a\n", ".png"),
    (0, b"\xff\xd8\xff", ".jpg"),
    (0, b"GIF87a", ".gif"),
    (0, b"GIF89a", ".gif"),
    (8, b"WEBP", ".webp"),  # after "RIFF" and the size (checked below)
    (4, b"ftypavif", ".avif"),
    (0, b"BM", ".bmp"),
)
KNOWN_TYPES = "PNG, JPEG, GIF, WebP, BMP or AVIF"

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Media:
    """An image to pack: ``name`` is the flat Anki media file name the field refers to, ``data`` its bytes
    (read once, when checked, so what is packed is what was checked)."""

    name: str
    data: bytes


def image_type(data: bytes) -> str | None:
    """The file extension of an image recognised by its first bytes, or None."""
    for offset, magic, ext in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic and (ext != ".webp" or data[:4] == b"RIFF"):
            return ext
    return None


def media_name(stem: str, data: bytes, ext: str) -> str:
    """A flat, safe Anki media name: the file's stem (what a symlink points to), a content hash, its type."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "image"
    return f"srs-{stem}-{hashlib.sha256(data).hexdigest()[:12]}{ext}"


def inside(root: str, target: str) -> bool:
    """True when the resolved ``target`` lies below the resolved folder ``root``."""
    try:
        return target != root and os.path.commonpath([root, target]) == root
    except ValueError:  # different drives (Windows)
        return False


def load_image(base_dir: Path | None, rel_path: str) -> Media | str:
    """The image at ``rel_path`` (already URL-decoded) below ``base_dir``, or why it is not packed (a
    phrase that follows "image 'x' ...")."""
    if base_dir is None:
        return "has no source folder to be read from"
    rel = PurePosixPath(rel_path)
    if "\x00" in rel_path or rel.is_absolute() or re.match(r"[A-Za-z]:", rel_path):
        return "is outside the source folder"
    root = os.path.realpath(base_dir)
    target = os.path.realpath(os.path.join(root, *rel.parts))
    if not inside(root, target):
        return "is outside the source folder"
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except FileNotFoundError:
        return "was not found"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file"
        if info.st_size > MAX_BYTES:
            return f"is larger than {MAX_BYTES // (1024 * 1024)} MiB"
        data = _read_capped(fd, MAX_BYTES + 1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        return f"is larger than {MAX_BYTES // (1024 * 1024)} MiB"
    ext = image_type(data)
    if ext is None:
        return f"is not a {KNOWN_TYPES} image"
    return Media(media_name(Path(target).stem, data, ext), data)


def _read_capped(fd: int, cap: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < cap:
        chunk = os.read(fd, min(1 << 20, cap - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
