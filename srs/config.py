"""User settings: a TOML file with the defaults of ``srs review``.

The file is ``<config dir>/config.toml`` (``~/.config/srs/config.toml`` on Linux,
``$SRS_HOME/config.toml`` when ``SRS_HOME`` is set), or the file ``SRS_CONFIG``
names. Every key is optional::

    [review]
    new_per_day = 20        # new cards introduced per study day
    reviews_per_day = 200   # due cards shown per study day
    day_start_hour = 4      # a study day starts at 4 am local time
    max_interval = 36500    # longest interval SM-2 may give, in days
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from srs.errors import SrsError
from srs.paths import config_dir


def _toml():
    """tomllib (tomli on Python 3.10), imported only when there is a config file to read; None if missing."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            return None
    return tomllib

_LIMITS = {
    "new_per_day": (0, 100_000),
    "reviews_per_day": (0, 1_000_000),
    "day_start_hour": (0, 23),
    "max_interval": (1, 36500),
}


@dataclass(frozen=True)
class ReviewConfig:
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4
    max_interval: int = 36500

    def with_overrides(self, **values: int | None) -> "ReviewConfig":
        """A copy with the given (non-None) values, each checked against its range."""
        given = {k: v for k, v in values.items() if v is not None}
        for key, value in given.items():
            _check(key, value, "option")
        return replace(self, **given)


def config_path() -> Path:
    env = os.environ.get("SRS_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


def _check(key: str, value: object, where: str) -> int:
    lo, hi = _LIMITS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise SrsError(f"{key} must be an integer from {lo} to {hi}, got {value!r}", where)
    return value


def load_config(path: Path | None = None) -> ReviewConfig:
    """Read the config file; a missing file means the defaults (unless SRS_CONFIG names it)."""
    explicit = path is not None or bool(os.environ.get("SRS_CONFIG"))
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise SrsError("config file not found", path) from None
        return ReviewConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise SrsError(f"cannot read config file: {exc}", path) from None
    tomllib = _toml()
    if tomllib is None:
        raise SrsError("reading config.toml needs Python 3.11+ (or the tomli package)", path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SrsError(f"invalid TOML: {exc}", path) from None
    section = data.get("review", {})
    if not isinstance(section, dict):
        raise SrsError("[review] must be a table", path)
    known = {f.name for f in fields(ReviewConfig)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise SrsError(f"unknown key(s) in [review]: {', '.join(unknown)} (known: {', '.join(sorted(known))})", path)
    return ReviewConfig(**{k: _check(k, v, str(path)) for k, v in section.items()})
