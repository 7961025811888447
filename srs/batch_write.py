"""Writing a batch of files into one folder all or nothing, even across ``kill -9``.

1. Each new file is written to a hidden temp file beside its target (the same folder, so renaming it is
   atomic) and fsynced. If any write fails (a full disk, a read-only folder), every temp file is removed and
   nothing is replaced.
2. With more than one file, a journal listing the renames is written the same way: the commit point.
3. The temp files are renamed over their targets, the folder is fsynced, the journal removed.

A run stopped before 2 (kill -9, Ctrl-C, a crash) leaves only temp files: the next run removes them (every old
file stays). A run stopped during 3 leaves the journal: the next run finishes its renames (every new file).
Either way no mix of old and new files survives the next run. Only names of our own pattern
(``.<target>.<8 random characters>.srs-tmp``, and the journal) are ever removed. A lock on the folder keeps two
runs from tidying up each other's work.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from srs.errors import SrsError

TEMP_SUFFIX = ".srs-tmp"
JOURNAL = ".srs-batch.journal"
_TEMP_NAME = re.compile(r"\.(?P<target>[^/\\]+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))  # mkstemp's 8 characters


def write_files(folder: str | os.PathLike[str], texts: Mapping[str, str]) -> set[str]:
    """Write ``{file name: text}`` into ``folder`` (created if missing) all or nothing; the names written (a
    file that already holds its text is left alone). Raises :class:`SrsError` naming the folder and the
    problem, with nothing replaced."""
    folder = Path(folder)
    changed = {name: text.encode("utf-8") for name, text in texts.items() if not _holds(folder / name, text)}
    if not changed:
        return set()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SrsError(f"cannot create the folder: {exc.strerror or exc}", folder) from None
    with _locked(folder) as dir_fd:
        _recover(folder, dir_fd)
        _rename(folder, dir_fd, _prepare(folder, dir_fd, changed))
    return set(changed)


def recover(folder: str | os.PathLike[str]) -> None:
    """Finish the renames of a batch killed after its commit point, remove the temp files of one killed before
    it (nothing to do for a folder that does not exist)."""
    folder = Path(folder)
    if folder.is_dir():
        with _locked(folder) as dir_fd:
            _recover(folder, dir_fd)


def _holds(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _prepare(folder: Path, dir_fd: int | None, changed: Mapping[str, bytes]) -> list[tuple[str, str]]:
    """Steps 1 and 2: every temp file written and synced, then the journal committed; [(temp, target)]."""
    renames: list[tuple[str, str]] = []
    writing = ""
    try:
        for writing, data in changed.items():
            renames.append((_write_temp(folder, writing, data), writing))
        if len(renames) > 1:
            writing = "the journal"
            journal = _write_temp(folder, JOURNAL, json.dumps({"renames": renames}).encode("utf-8"))
            try:
                os.replace(folder / journal, folder / JOURNAL)
            except BaseException:
                (folder / journal).unlink(missing_ok=True)
                raise
            _sync(dir_fd)
    except BaseException as exc:
        for temp, _ in renames:
            (folder / temp).unlink(missing_ok=True)
        (folder / JOURNAL).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise SrsError(f"cannot write {writing}: {exc.strerror or exc} (no file was changed)", folder) from None
        raise
    return renames


def _write_temp(folder: Path, name: str, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the file is an ordinary file
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp).name


def _rename(folder: Path, dir_fd: int | None, renames: list[tuple[str, str]]) -> None:
    """Step 3 (also how an interrupted batch is finished: a temp already renamed is skipped)."""
    try:
        for temp, target in renames:
            if (folder / temp).exists():
                os.replace(folder / temp, folder / target)
        _sync(dir_fd)
        (folder / JOURNAL).unlink(missing_ok=True)
    except OSError as exc:
        raise SrsError(f"cannot finish writing: {exc.strerror or exc} (run the command again to finish)",
                       folder) from None


def _recover(folder: Path, dir_fd: int | None) -> None:
    journal = folder / JOURNAL
    if journal.is_file():
        _rename(folder, dir_fd, _journal_renames(journal))
    try:
        leftovers = [e.path for e in os.scandir(folder)
                     if _TEMP_NAME.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
        for path in leftovers:
            os.unlink(path)
    except OSError as exc:
        raise SrsError(f"cannot remove the temp files an interrupted run left: {exc.strerror or exc}", folder) from None


def _journal_renames(journal: Path) -> list[tuple[str, str]]:
    """The journal's renames that are ours: a temp file of our pattern onto the target its name holds."""
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        pairs = [(str(temp), str(target)) for temp, target in entries]
    except (OSError, ValueError, TypeError, KeyError):
        raise SrsError("unreadable journal of an interrupted run: remove it and run the command again",
                       journal) from None
    return [(temp, target) for temp, target in pairs
            if (m := _TEMP_NAME.fullmatch(temp)) and m["target"] == target and target != JOURNAL]


@contextmanager
def _locked(folder: Path) -> Iterator[int | None]:
    """An exclusive lock on the folder (POSIX; released even by kill -9); yields its descriptor for fsync."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock, no directory fsync
        yield None
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise SrsError(f"cannot open the folder: {exc.strerror or exc}", folder) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def _sync(dir_fd: int | None) -> None:
    if dir_fd is not None:
        os.fsync(dir_fd)
