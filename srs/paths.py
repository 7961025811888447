"""Where things live: the decks folder, the user data folder, the database."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "srs"
# platformdirs and importlib.resources are imported only when needed: `srs review` starts
# faster without them (it is timed to its first card).


def bundled_decks_dir() -> Path:
    """The decks installed with the package (``decks/`` of the source tree)."""
    from importlib.util import find_spec

    try:
        spec = find_spec("srs.bundled_decks")
    except (ImportError, ValueError):
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if Path(location).is_dir():
            return Path(location)
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


def deck_paths(decks_dir: Path) -> list[Path]:
    """The deck files of a folder (``*.yaml`` / ``*.yml`` at its top level), sorted by name. An import
    killed while it renamed its new decks into place is finished first, so no reader sees a mix of old and
    new decks (:mod:`srs.batch_write`; one stat when there is nothing to finish)."""
    from srs.errors import SrsError

    if not decks_dir.is_dir():
        raise SrsError("decks folder not found (set --decks-dir or SRS_DECKS)", decks_dir)
    from srs import batch_write

    if (decks_dir / batch_write.JOURNAL).exists():
        batch_write.recover(decks_dir)
    return sorted(p for p in decks_dir.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def data_dir() -> Path:
    """The platform's user data directory for srs (``$SRS_HOME`` overrides)."""
    env = os.environ.get("SRS_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get("SRS_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """``--db``, else ``$SRS_DB``, else ``<user data dir>/srs.sqlite3``."""
    if option:
        return Path(option)
    env = os.environ.get("SRS_DB")
    if env:
        return Path(env)
    return data_dir() / "srs.sqlite3"
