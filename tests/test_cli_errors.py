"""Bad flags and arguments: one line on stderr, exit code 2, never a usage dump or traceback."""

import subprocess
import sys

import pytest


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "srs", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("args, start", [
    (["list", "--level", "guru"], "srs list: error: Invalid value for '--level': 'guru'"),
    (["review", "--bogus"], "srs review: error: No such option '--bogus'"),
    (["import", "missing.md"], "srs import: error: Invalid value for '[PATHS]...': Path 'missing.md' does not exist"),
    (["frobnicate"], "srs: error: No such command 'frobnicate'"),
])
def test_bad_input_is_one_line_with_exit_code_2(tmp_path, args, start):
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(start) and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_plain_srs_prints_the_help_with_examples():
    proc = run()
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: srs") and "Examples:" in proc.stdout
