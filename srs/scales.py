"""The level and difficulty scales as plain strings, importable without pydantic.

:mod:`srs.card` defines the same values as enums for validation; a test keeps the two equal.
"""

LEVELS = ["entry", "mid", "senior", "expert"]
DIFFICULTIES = ["easy", "medium", "hard", "expert"]
