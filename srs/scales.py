"""The level and difficulty scales as plain strings, importable without pydantic.

:mod:`srs.card` defines the same values as enums for validation; a test keeps the two equal.
"""

LEVELS = ["entry", "mid", "senior", "expert"]
DIFFICULTIES = ["easy", "medium", "hard", "expert"]

# The Anki subdeck of each level under a deck ("Mid Level …::2 Mid"): numbered so Anki lists them in order.
LEVEL_DECKS = {"entry": "1 Entry", "mid": "2 Mid", "senior": "3 Senior", "expert": "4 Expert"}
