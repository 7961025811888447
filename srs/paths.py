"""Where things live: the decks folder, the user data folder, the database."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "srs"


def bundled_decks_dir() -> Path:
    """The decks installed with the package (``decks/`` of the source tree)."""
    try:
        path = Path(str(resources.files("srs.bundled_decks")))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "decks"


def resolve_decks_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """``--decks-dir``, else ``$SRS_DECKS``, else ``./decks`` when it exists, else the bundled decks."""
    if option:
        return Path(option)
    env = os.environ.get("SRS_DECKS")
    if env:
        return Path(env)
    local = Path.cwd() / "decks"
    if local.is_dir():
        return local
    return bundled_decks_dir()


def data_dir() -> Path:
    """The platform's user data directory for srs (``$SRS_HOME`` overrides)."""
    env = os.environ.get("SRS_HOME")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get("SRS_HOME")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """``--db``, else ``$SRS_DB``, else ``<user data dir>/srs.sqlite3``."""
    if option:
        return Path(option)
    env = os.environ.get("SRS_DB")
    if env:
        return Path(env)
    return data_dir() / "srs.sqlite3"
