"""``srs import`` writes its deck files all or nothing, refuses a source folder it cannot read, and leaves no
temp file or worker process behind (issue 7: F7, F8 and F12's pool workers).

Everything runs for real: ``python -m srs import`` in a subprocess on the real file system. A disk that fills
up is a file size limit (RLIMIT_FSIZE: writing past it fails with EFBIG, as a full disk fails with ENOSPC).
A folder the user may not write or read is one its permission bits deny; root ignores permission bits, so as
root the command runs without the two capabilities that let it (a test skips, saying why, if it cannot).
"""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from srs import batch_write, importer
from srs.deck import dump_deck
from srs.importer import import_sources

REPO = Path(__file__).parent.parent


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SRS_IMPORT_JOBS"}
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def _permission_bits_apply():
    """``preexec_fn`` under which permission bits apply to the child: when we are root, it drops the two
    capabilities that let root ignore them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so root is held to the owner
    bits of its own files like any user. None when we are not root (they apply already)."""
    if os.geteuid() != 0:
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def drop_dac_capabilities() -> None:
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: root gets only the bounding set at exec
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    with tempfile.TemporaryDirectory() as tmp:
        locked = Path(tmp) / "locked"
        locked.write_text("x")
        locked.chmod(0)
        probe = subprocess.run([sys.executable, "-c", f"open({str(locked)!r})"], preexec_fn=drop_dac_capabilities,
                               capture_output=True, text=True)
    if "PermissionError" not in probe.stderr:
        pytest.skip("running as root, and root cannot give up the capabilities that override permission bits "
                    f"here: {probe.stderr.strip()[-200:]}")
    return drop_dac_capabilities


def srs_import(cwd: Path, *args: str, preexec=None, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "srs", "import", *args], cwd=cwd, capture_output=True, text=True,
                          preexec_fn=preexec, env=_env(**env), timeout=timeout)


def deck_source(name: str, cards: int, version: str, answer_size: int = 80) -> str:
    """A hand-written YAML deck source; ``version`` changes every answer (so every deck file changes)."""
    lines = [f"deck: {name}", "cards:"]
    for i in range(cards):
        answer = (f"{version} answer {i} " + "lorem ipsum " * (answer_size // 12))[:answer_size]
        lines += [f"- question: What is {name} question {i}?", f"  answer: {answer}"]
    return "\n".join(lines) + "\n"


def files(folder: Path) -> dict[str, bytes]:
    """Every entry of a folder, hidden ones included, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.stderr.startswith("srs: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    return proc.stderr.strip()


def _old_and_new(root: Path, sizes: dict[str, int]) -> tuple[Path, Path]:
    """Sources ``root/src`` imported once into ``root/decks`` (old decks), then edited (every deck would change)."""
    src, decks = root / "src", root / "decks"
    src.mkdir()
    for name, cards in sizes.items():
        (src / f"{name}.yaml").write_text(deck_source(name, cards, "old"), encoding="utf-8")
    proc = srs_import(root, "src")
    assert proc.returncode == 0, proc.stderr
    for name, cards in sizes.items():
        (src / f"{name}.yaml").write_text(deck_source(name, cards, "new"), encoding="utf-8")
    return src, decks


# -- F7: a full disk or a read-only folder is one line, exit 1, nothing replaced ---------------------------------


def _limit_file_size(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_disk_full_while_writing_the_second_deck_replaces_nothing(tmp_path):
    src, decks = _old_and_new(tmp_path, {"alpha": 3, "beta": 400})
    before = files(decks)
    assert len(before["alpha.yaml"]) < 2_000 < 20_000 < len(before["beta.yaml"])
    proc = srs_import(tmp_path, "src", preexec=_limit_file_size(20_000))  # alpha's deck fits, beta's does not
    assert proc.returncode == 1
    error = one_line_error(proc)
    assert error.startswith("srs: error: decks: cannot write beta.yaml: ") and "file too large" in error.lower()
    assert files(decks) == before  # alpha not replaced, no temp file left

    proc = srs_import(tmp_path, "src")  # room again: both written
    assert proc.returncode == 0, proc.stderr
    assert b"new answer" in (decks / "alpha.yaml").read_bytes() and b"new answer" in (decks / "beta.yaml").read_bytes()
    assert sorted(files(decks)) == ["alpha.yaml", "beta.yaml"]


def test_read_only_decks_folder_replaces_nothing(tmp_path):
    src, decks = _old_and_new(tmp_path, {"alpha": 3, "beta": 5})
    os.chmod(decks, 0o555)  # r-x: deck files readable, nothing can be created or renamed in it
    before = files(decks)
    proc = srs_import(tmp_path, "src", preexec=_permission_bits_apply())
    assert proc.returncode == 1
    error = one_line_error(proc)
    assert error.startswith("srs: error: decks: cannot write alpha.yaml: ") and "permission denied" in error.lower()
    assert files(decks) == before


def test_unchanged_decks_in_a_read_only_folder_are_fine(tmp_path):
    src, decks = _old_and_new(tmp_path, {"alpha": 3})
    (src / "alpha.yaml").write_text(deck_source("alpha", 3, "old"), encoding="utf-8")  # back to what the deck holds
    os.chmod(decks, 0o555)
    proc = srs_import(tmp_path, "src", preexec=_permission_bits_apply())
    assert proc.returncode == 0, proc.stderr
    assert "(file unchanged)" in proc.stdout


def test_decks_path_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "hand.yaml").write_text(deck_source("hand", 2, "old"), encoding="utf-8")
    (tmp_path / "decks").write_text("not a folder\n", encoding="utf-8")  # the default ./decks
    proc = srs_import(tmp_path, "hand.yaml")
    assert proc.returncode == 1
    assert one_line_error(proc).startswith("srs: error: decks: ")
    assert (tmp_path / "decks").read_text(encoding="utf-8") == "not a folder\n"


# -- F7: kill -9 in the write phase leaves all old or all new decks after the next run -----------------------------

KILL_DECKS = 16
KILL_AT_RANDOM = 4  # trials killed at a random moment of the write phase
KILL_IN_RENAMES = 2  # trials killed as soon as the first deck file is replaced


def _replaced(folder: Path, inodes: dict[str, int]) -> int:
    """How many of the files (name -> inode before) have been replaced (a rename over a file gives it a new inode)."""
    return sum(os.stat(folder / name).st_ino != ino for name, ino in inodes.items())


def _watch(proc: subprocess.Popen, until) -> float:
    """Busy-wait until ``until()`` holds, the moment it did (hang-guard: 60 s)."""
    end = time.monotonic() + 60
    while not until():
        assert proc.poll() is None, f"the import ended first: {proc.stderr.read().decode()}"
        assert time.monotonic() < end, "hang-guard: the import neither wrote nor ended"
    return time.monotonic()


def test_kill_during_the_write_phase_leaves_all_old_or_all_new_decks(tmp_path):
    names = [f"deck{i:02d}.yaml" for i in range(KILL_DECKS)]
    src, other = tmp_path / "src", tmp_path / "other"
    src.mkdir()
    other.mkdir()
    (other / "other.yaml").write_text(deck_source("other", 1, "x"), encoding="utf-8")

    def write_sources(version: str) -> None:
        for name in names:
            (src / name).write_text(deck_source(name[:-5], 3, version), encoding="utf-8")

    # what the decks folder holds before (old) and after (new) a complete import of the edited sources
    snapshots = tmp_path / "snapshots"
    write_sources("old")
    import_sources([src], snapshots, jobs=1)
    old = files(snapshots)
    write_sources("new")
    import_sources([src], snapshots, jobs=1)
    new = files(snapshots)
    assert sorted(old) == sorted(new) == names and all(old[n] != new[n] for n in names)

    decks = tmp_path / "decks"
    decks.mkdir()
    mine = {".keep": b"", ".deck00.yaml.swp": b"the user's own hidden files stay\n"}
    window = None
    mixes_finished = 0
    for trial in range(1 + KILL_AT_RANDOM + KILL_IN_RENAMES):
        for name in os.listdir(decks):
            os.unlink(decks / name)
        for name, data in {**old, **mine}.items():
            (decks / name).write_bytes(data)
        since, inodes = os.stat(decks).st_mtime_ns, {n: os.stat(decks / n).st_ino for n in names}
        proc = subprocess.Popen([sys.executable, "-m", "srs", "import", "src"], cwd=tmp_path, env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            started = _watch(proc, lambda: os.stat(decks).st_mtime_ns != since)  # the write phase began
            if trial == 0:  # not killed: measures the write phase (first change to the last deck replaced)
                window = _watch(proc, lambda: _replaced(decks, inodes) == len(names)) - started
                assert proc.wait(timeout=60) == 0
            elif trial <= KILL_AT_RANDOM:  # killed at moments spread over the write phase
                time.sleep(window * random.uniform(trial - 1, trial) / KILL_AT_RANDOM)
                proc.kill()
            else:  # killed among the renames
                _watch(proc, lambda: _replaced(decks, inodes) > 0)
                proc.kill()
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stderr.close()
        mixed = 0 < _replaced(decks, inodes) < len(names)
        # the next run (of another source into the same folder) finishes or undoes what the killed one left
        import_sources([other], decks)
        left = files(decks)
        assert left.pop("other.yaml")
        assert {k: left.pop(k, None) for k in mine} == mine
        assert sorted(left) == names, f"trial {trial}: temp files left: {sorted(set(left) - set(names))}"
        assert left in (old, new), (f"trial {trial}: a mix of old and new decks: "
                                    f"{sum(left[k] == new[k] for k in names)} of {len(names)} new")
        if trial > KILL_AT_RANDOM:
            assert left == new, f"trial {trial}: a deck was replaced, so the next run must finish the batch"
            mixes_finished += mixed
    print(f"write phase {window * 1000:.1f} ms; {mixes_finished} kills left a mix that the next run finished")


def test_a_batch_cut_between_two_renames_is_finished_by_the_next_run(tmp_path):
    """The state a kill -9 between two renames leaves, made exactly (the kill test above reaches it only by
    luck): every new deck written to its temp file and the batch committed, one deck renamed, the rest not."""
    decks = tmp_path / "decks"
    decks.mkdir()
    for n in "abc":
        (decks / f"{n}.yaml").write_text(f"old {n}\n", encoding="utf-8")
    renames = batch_write._prepare(decks, None, {f"{n}.yaml": f"new {n}\n".encode() for n in "abc"})
    os.replace(decks / renames[0][0], decks / renames[0][1])  # killed right after this
    assert [(decks / f"{n}.yaml").read_text(encoding="utf-8") for n in "abc"] == ["new a\n", "old b\n", "old c\n"]

    (tmp_path / "other.yaml").write_text(deck_source("other", 1, "x"), encoding="utf-8")
    proc = srs_import(tmp_path, "other.yaml")
    assert proc.returncode == 0, proc.stderr
    left = files(decks)
    assert left.pop("other.yaml")
    assert left == {"a.yaml": b"new a\n", "b.yaml": b"new b\n", "c.yaml": b"new c\n"}


@pytest.mark.parametrize("command", [["list", "--format", "json"], ["export", "-o", "out.apkg"]])
def test_a_batch_cut_between_two_renames_is_finished_before_any_command_reads_the_decks(tmp_path, command):
    """`srs list` / `srs export` (and `srs review`, through the same listing) right after such a kill see every
    deck new, never a mix."""
    decks = tmp_path / "decks"
    for n in "abc":
        (tmp_path / f"{n}.yaml").write_text(deck_source(n, 2, "old"), encoding="utf-8")
    assert srs_import(tmp_path, "a.yaml", "b.yaml", "c.yaml").returncode == 0
    new = {}
    for n in "abc":
        (tmp_path / f"{n}.yaml").write_text(deck_source(n, 2, "new"), encoding="utf-8")
        new[f"{n}.yaml"] = dump_deck(importer.plan_source(tmp_path / f"{n}.yaml", decks).deck).encode("utf-8")
    renames = batch_write._prepare(decks, None, new)
    os.replace(decks / renames[0][0], decks / renames[0][1])  # killed right after this

    proc = subprocess.run([sys.executable, "-m", "srs", *command, "--decks-dir", "decks"], cwd=tmp_path,
                          capture_output=True, text=True, env=_env(SRS_HOME=str(tmp_path / "home")), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert files(decks) == new
    if command[0] == "list":
        assert proc.stdout.count("new answer") == 6 and "old answer" not in proc.stdout


# -- F8: an unreadable folder or file under an imported folder is an error --------------------------------------


@pytest.mark.parametrize("locked", ["sub", "sub/inner", "zz.yaml"])
def test_unreadable_folder_or_file_is_one_line_and_writes_nothing(tmp_path, locked):
    src = tmp_path / "notes"
    (src / "sub" / "inner").mkdir(parents=True)
    (src / "aa.yaml").write_text(deck_source("aa", 2, "v"), encoding="utf-8")
    (src / "sub" / "inner" / "deep.yaml").write_text(deck_source("deep", 2, "v"), encoding="utf-8")
    (src / "zz.yaml").write_text(deck_source("zz", 2, "v"), encoding="utf-8")
    os.chmod(src / locked, 0)
    proc = srs_import(tmp_path, "notes", preexec=_permission_bits_apply())
    assert proc.returncode in (1, 2)
    error = one_line_error(proc)
    assert f"notes/{locked}:" in error and "permission denied" in error.lower(), error
    assert not (tmp_path / "decks").exists()


# -- F12: pool workers die with a parent killed by kill -9 ----------------------------------------------------


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat_line = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat_line.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(importer._fork_context() is None or not Path("/proc/self/stat").exists(),
                    reason="needs fork and /proc (Linux)")
def test_pool_workers_die_with_a_killed_import(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(REPO / "bench"))
    assert len(write_corpus(tmp_path / "src", 1_500_000)) >= 2
    proc = subprocess.Popen([sys.executable, "-m", "srs", "import", "src", "--dry-run"], cwd=tmp_path,
                            env=_env(SRS_IMPORT_JOBS="2"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        end = time.monotonic() + 60  # hang-guard
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < end:
            workers |= _children(proc.pid)
        assert len(workers) >= 2, "the pool did not start"
        proc.kill()
        proc.wait(timeout=60)
        end = time.monotonic() + 10  # hang-guard: the workers are gone well before this
        while any(_alive(w) for w in workers) and time.monotonic() < end:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "pool workers outlived the killed import"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in workers:  # do not leave our own strays behind when the test fails
            if _alive(w):
                os.kill(w, signal.SIGKILL)
