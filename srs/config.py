"""User settings: a TOML file with the defaults of ``srs review``.

The file is ``<config dir>/config.toml`` (``~/.config/srs/config.toml`` on Linux,
``$SRS_HOME/config.toml`` when ``SRS_HOME`` is set), or the file ``SRS_CONFIG``
names. Every key is optional::

    [review]
    new_per_day = 20        # new cards introduced per study day
    reviews_per_day = 200   # due cards shown per study day
    day_start_hour = 4      # a study day starts at 4 am local time
    max_interval = 36500    # longest interval SM-2 may give, in days

Anything else (a misspelt ``[reveiw]`` or ``new_per_dya``) is an error naming the file and
line, with the closest known name: a setting that silently does nothing is worse.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from srs.errors import SettingError, SrsError
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
        raise SettingError(f"{key} must be an integer from {lo} to {hi}, got {value!r}", where)
    return value


def load_config(path: Path | None = None) -> ReviewConfig:
    """Read the config file; a missing file means the defaults (unless SRS_CONFIG names it)."""
    explicit = path is not None or bool(os.environ.get("SRS_CONFIG"))
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise SettingError("config file not found", path) from None
        return ReviewConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise SrsError(f"cannot read config file: {exc}", path) from None
    tomllib = _toml()
    if tomllib is None:
        raise SrsError("reading config.toml needs Python 3.11+ (or the tomli package)", path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingError(f"invalid TOML: {exc}", path) from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise SettingError("invalid TOML: nested too deeply", path) from None
    section = data.get("review", {})
    if not isinstance(section, dict):
        raise SettingError("[review] must be a table", path, _line_of(text, "review"))
    known = [f.name for f in fields(ReviewConfig)]
    for name in data:
        if name == "review":
            continue
        if isinstance(data[name], dict):
            problem = f"unknown section [{name}] ({_did_you_mean(name, ['review'], '[{}]')})"
        elif name in known:
            problem = f"{name} belongs in the [review] section"
        else:
            problem = f"unknown setting {name} (settings go in the [review] section)"
        raise SettingError(problem, path, _line_of(text, name))
    for key in section:
        if key not in known:
            raise SettingError(f"unknown key {key} in [review] ({_did_you_mean(key, known, '{}')})", path,
                               _line_of(text, key, "review"))
    return ReviewConfig(**{k: _check(k, v, str(path)) for k, v in section.items()})


def _did_you_mean(name: str, known: list[str], style: str) -> str:
    """``did you mean [review]?`` for a near miss, else the list of known names."""
    from difflib import get_close_matches

    close = get_close_matches(name, known, n=1)
    if close:
        return f"did you mean {style.format(close[0])}?"
    return "known: " + ", ".join(style.format(k) for k in sorted(known))


_HEADER = re.compile(r"\s*\[\[?\s*[\"']?([^\]\"'.]*)")


def _line_of(text: str, name: str, section: str | None = None) -> int | None:
    """The line that sets ``name`` in ``[section]`` (or at the top, or opens table ``[name]`` when
    ``section`` is None); None when it cannot be told (tomllib gives no positions)."""
    key = re.compile(rf"\s*[\"']?{re.escape(name)}[\"']?\s*[.=]")
    table = None
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = header.group(1).strip()
            if section is None and table == name:
                return number
        elif table == section and key.match(line):
            return number
    return None
