"""The card: one interview question the learner should be able to answer."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Level(str, Enum):
    """Seniority the document assigns to a question (never guessed from content)."""

    entry = "entry"
    mid = "mid"
    senior = "senior"
    expert = "expert"


class Difficulty(str, Enum):
    """Difficulty given by an explicit marker in the document."""

    easy = "easy"
    medium = "medium"
    hard = "hard"
    expert = "expert"


LEVELS = [lv.value for lv in Level]
DIFFICULTIES = [d.value for d in Difficulty]


class Source(BaseModel):
    """Where a card's question starts: file relative to the deck file, 1-based line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    line: int = Field(ge=1)


class Card(BaseModel):
    """A flashcard.

    ``id`` is stable across re-imports (edits keep it) and is the key for review
    history and for the Anki note GUID.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    id: str = Field(min_length=4, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    question: str = Field(min_length=1)
    answer: str = ""
    level: Level | None = None
    difficulty: Difficulty | None = None
    domain: str | None = Field(default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    topic: str = ""
    tags: list[str] = Field(default_factory=list)
    source: Source | None = None

    @field_validator("question")
    @classmethod
    def _question_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("question is empty")
        return v

    @property
    def has_answer(self) -> bool:
        return bool(self.answer.strip())
