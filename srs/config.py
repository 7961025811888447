"""User settings: a TOML file with the defaults of ``srs review``.

The file is ``<config dir>/config.toml`` (``~/.config/srs/config.toml`` on Linux,
``$SRS_HOME/config.toml`` when ``SRS_HOME`` is set), or the file ``SRS_CONFIG``
names. Every key is optional::

    [review]
    new_per_day = 20        # new cards introduced per study day
    reviews_per_day = 200   # due cards shown per study day
    day_start_hour = 4      # a study day starts at 4 am local time
    max_interval = 36500    # longest interval SM-2 may give, in days

    [plan]
    date = 2026-12-15       # the interview day (srs plan --date writes it, srs plan --clear removes it)
    new_cards_by = 7        # every new card let in this many days before the date
    final_days = 3          # every card reviewed once more in these last days before it

Anything else (a misspelt ``[reveiw]`` or ``new_per_dya``) is an error naming the file and
line, with the closest known name: a setting that silently does nothing is worse.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
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
    "new_cards_by": (0, 3650),
    "final_days": (1, 365),
}


@dataclass(frozen=True)
class PlanConfig:
    """``[plan]``: the date studied toward (None: no date) and its spans (see :mod:`srs.plan`)."""

    date: date | None = None
    new_cards_by: int = 7
    final_days: int = 3


@dataclass(frozen=True)
class ReviewConfig:
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_start_hour: int = 4
    max_interval: int = 36500
    plan: PlanConfig = field(default_factory=PlanConfig)

    def with_overrides(self, **values: int | None) -> "ReviewConfig":
        """A copy with the given (non-None) values, each checked against its range."""
        given = {k: v for k, v in values.items() if v is not None}
        for key, value in given.items():
            _check(key, value, "option")
        return replace(self, **given)


def config_path() -> Path:
    env = os.environ.get("SRS_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


def _check(key: str, value: object, where: str) -> int | date:
    if key == "date":
        return _check_date(value, where)
    lo, hi = _LIMITS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise SettingError(f"{key} must be an integer from {lo} to {hi}, got {value!r}", where)
    return value


def _check_date(value: object, where: str) -> date:
    """A TOML date (``2026-12-15``; quoted is accepted too)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not hasattr(value, "hour"):
        return value
    raise SettingError(f"date must be a date such as 2026-12-15, got {value!r}", where)


SECTIONS = {"review": [f.name for f in fields(ReviewConfig) if f.name != "plan"],
            "plan": [f.name for f in fields(PlanConfig)]}
"""The config file's sections and the keys each may hold."""


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
    for name in data:
        if name in SECTIONS:
            if not isinstance(data[name], dict):
                raise SettingError(f"[{name}] must be a table", path, _line_of(text, name))
            continue
        if isinstance(data[name], dict):
            problem = f"unknown section [{name}] ({_did_you_mean(name, list(SECTIONS), '[{}]')})"
        elif home := next((sec for sec, keys in SECTIONS.items() if name in keys), None):
            problem = f"{name} belongs in the [{home}] section"
        else:
            problem = f"unknown setting {name} (settings go in the [review] section)"
        raise SettingError(problem, path, _line_of(text, name))
    values: dict[str, dict] = {}
    for name, known in SECTIONS.items():
        section = data.get(name, {})
        for key in section:
            if key not in known:
                raise SettingError(f"unknown key {key} in [{name}] ({_did_you_mean(key, known, '{}')})", path,
                                   _line_of(text, key, name))
        values[name] = {k: _check(k, v, str(path)) for k, v in section.items()}
    return ReviewConfig(**values["review"], plan=PlanConfig(**values["plan"]))


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


def save_plan_date(value: date | None, path: Path | None = None) -> Path:
    """Set ``[plan] date`` in the config file (None removes it), keeping every other line, comment and
    setting as written (tomlkit); all or nothing. A config file srs cannot read is refused, not rewritten."""
    import tomlkit

    from srs.batch_write import write_files

    path = path or config_path()
    load_config(path) if path.exists() else None
    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    plan = doc.get("plan")
    if value is not None:
        if plan is None:
            plan = tomlkit.table()
            doc["plan"] = plan
        plan["date"] = value
    elif plan is not None and "date" in plan:
        del plan["date"]
        if not plan:
            del doc["plan"]
    text = tomlkit.dumps(doc)
    write_files(path.parent, {path.name: text if text.endswith("\n") or not text else text + "\n"})
    return path
