"""Time: stored in UTC, "today" in local time with a configurable day start.

A study day starts at ``day_start_hour`` local time (4 am by default, like Anki):
a review at 1 am on Tuesday still belongs to Monday. Due dates are study days
(``datetime.date``), so a card due "tomorrow" is due from 4 am tomorrow.

``SRS_NOW`` (an ISO date-time such as ``2025-03-01T09:30`` or
``2025-03-01T09:30:00+01:00``) replaces the clock, for tests and for rehearsing
tomorrow's queue. Without a UTC offset it is local time. It must lie from 1970-01-02 to
9899-12-31, so that every due date SM-2 can give (up to 100 years ahead) is a valid date.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone

from srs.errors import SettingError

DAY_START_HOUR = 4
EARLIEST_NOW, LATEST_NOW = datetime(1970, 1, 2), datetime(9899, 12, 31, 23, 59, 59)


def parse_now(text: str) -> datetime:
    """An aware datetime from an ISO date-time (``Z`` accepted; no offset = local time)."""
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith(("Z", "z")) else raw)
    except ValueError:
        raise SettingError(f"SRS_NOW is not an ISO date-time: {text!r} (e.g. 2025-03-01T09:30)") from None
    if not EARLIEST_NOW <= value.replace(tzinfo=None) <= LATEST_NOW:
        raise SettingError(f"SRS_NOW is out of range: {text!r} (it must lie from {EARLIEST_NOW.date()}"
                           f" to {LATEST_NOW.date()})")
    if value.tzinfo is None:
        value = value.astimezone()  # local time
    return value


def now() -> datetime:
    """The current instant, aware, in UTC (``SRS_NOW`` overrides)."""
    env = os.environ.get("SRS_NOW")
    value = parse_now(env) if env else datetime.now(timezone.utc)
    return value.astimezone(timezone.utc)


def study_day(instant: datetime, day_start_hour: int = DAY_START_HOUR) -> date:
    """The study day an instant belongs to: its local date, shifted back by the day start."""
    return (instant.astimezone() - timedelta(hours=day_start_hour)).date()


def day_start_utc(day: date, day_start_hour: int = DAY_START_HOUR) -> datetime:
    """The UTC instant at which a study day begins."""
    local = datetime.combine(day, time(hour=day_start_hour)).astimezone()
    return local.astimezone(timezone.utc)


def iso_utc(instant: datetime) -> str:
    """How instants are stored: ``2025-03-01T08:30:00.123456+00:00``."""
    return instant.astimezone(timezone.utc).isoformat()


def describe_day(day: date, today: date) -> str:
    """``today``, ``tomorrow``, ``in 5 days`` — with the date."""
    delta = (day - today).days
    if delta <= 0:
        return f"today ({day.isoformat()})"
    if delta == 1:
        return f"tomorrow ({day.isoformat()})"
    return f"in {delta} days ({day.isoformat()})"
