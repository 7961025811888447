"""Errors a user can fix: each names the file (and line when known)."""

from __future__ import annotations

from pathlib import Path


class SrsError(Exception):
    """A problem with the user's input, reported as one line and exit code ``exit_code``."""

    exit_code = 1

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __reduce__(self):  # keep file and line when the error crosses a process boundary (import's pool)
        return (type(self), (self.message, self.file, self.line))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"


class DeckFileError(SrsError):
    """A deck or source file that cannot be read: bad YAML or a card that fails validation."""

    exit_code = 2


class SettingError(SrsError):
    """A bad setting: a config file's content, an option's value, an environment variable such as SRS_NOW."""

    exit_code = 2
