"""The importer's vocabulary (level aliases, difficulty markers, domain keywords).

Shipped as ``vocabulary.yaml`` beside this module; a user file can extend it.
Lists are merged (user entries added), mappings are merged (user entries win).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from srs import deck_yaml

from srs.errors import DeckFileError
from srs.parser.text import strip_source_links


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [v for v in extra if v not in base]
    return extra


WORD = re.compile(r"\w+")  # a word, as the domain phrases are keyed (classify uses it too)


def _word_set(key: str, doc: str = "") -> cached_property:
    """A vocabulary property: the casefolded words listed under ``structure.<key>``, as a set."""

    def words(self: "Vocabulary") -> set[str]:
        return set(self._words(key))

    words.__doc__ = doc or f"The words under structure.{key}."
    return cached_property(words)


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of the phrases as whole words (longest first)."""
    alts = sorted({p.casefold() for p in phrases if p}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(a) for a in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@dataclass
class Vocabulary:
    """Parsed vocabulary with precompiled matchers."""

    data: dict[str, Any]
    sources: tuple[str, ...] = field(default_factory=tuple)

    # --- levels -----------------------------------------------------------
    @cached_property
    def level_aliases(self) -> dict[str, str]:
        return {k.casefold(): v for k, v in self.data["levels"]["aliases"].items()}

    @cached_property
    def level_contextual(self) -> dict[str, dict[str, str]]:
        return {k.casefold(): v for k, v in (self.data["levels"].get("contextual") or {}).items()}

    @cached_property
    def level_alias_re(self) -> re.Pattern[str]:
        return _phrase_regex(self.level_aliases)

    @cached_property
    def level_heading_re(self) -> re.Pattern[str]:
        """A heading that names a tier: the alias, then only filler words / a parenthesis."""
        aliases = "|".join(re.escape(a) for a in sorted(self.level_aliases, key=len, reverse=True))
        filler = "|".join(re.escape(f) for f in self.data["levels"]["heading_filler"])
        return re.compile(
            rf"^(?:\d+[.)]\s*)?(?P<alias>{aliases})(?:[\s/&,-]+(?:{filler}|and|{aliases}))*\s*(?:\([^)]*\))?\s*:?$"
        )

    @cached_property
    def title_question_words(self) -> set[str]:
        """Words that make a title starting with a tier word name the level of the whole document."""
        return {w.casefold() for w in self.data["levels"].get("title_words", [])}

    # --- difficulty -------------------------------------------------------
    @cached_property
    def difficulty_markers(self) -> dict[str, str]:
        return {k.casefold(): v for k, v in self.data["difficulty"]["markers"].items()}

    @cached_property
    def difficulty_keys(self) -> set[str]:
        return {k.casefold() for k in self.data["difficulty"]["keys"]}

    @cached_property
    def difficulty_emoji(self) -> dict[str, str]:
        return dict(self.data["difficulty"].get("emoji") or {})

    def difficulty_of(self, word: str) -> str | None:
        w = re.sub(r"\s+", " ", word.strip().strip("*_[]().:").casefold())
        return self.difficulty_markers.get(w)

    # --- domains ----------------------------------------------------------
    @cached_property
    def domain_heading_res(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(d, _phrase_regex(spec.get("heading") or [])) for d, spec in self.data["domains"].items()]

    @cached_property
    def domain_content_res(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(d, _phrase_regex(spec.get("content") or [])) for d, spec in self.data["domains"].items()]

    @cached_property
    def domain_content_keys(self) -> list[frozenset[str]]:
        """For each domain (in :attr:`domain_content_res` order), one word of each content phrase
        (its longest): a text containing none of them cannot match that domain's regex."""
        keys = []
        for spec in self.data["domains"].values():
            words = set()
            for phrase in spec.get("content") or []:
                tokens = WORD.findall(phrase.casefold())
                if tokens:
                    words.add(max(tokens, key=len))
            keys.append(frozenset(words))
        return keys

    @cached_property
    def domain_weak_words(self) -> set[str]:
        """Content words too common to decide a domain alone ("strategy", "implement", "algorithm")."""
        return {w.casefold() for w in (self.data.get("domain_scoring") or {}).get("weak_words", [])}

    @cached_property
    def domain_weak_weight(self) -> float:
        return float((self.data.get("domain_scoring") or {}).get("weak_weight", 1.0))

    @cached_property
    def domain_decisive_res(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(d, _phrase_regex(spec["decisive"])) for d, spec in self.data["domains"].items() if spec.get("decisive")]

    @property
    def domains(self) -> list[str]:
        return list(self.data["domains"])

    # --- structure --------------------------------------------------------
    def _words(self, key: str) -> list[str]:
        return [w.casefold() for w in self.data["structure"][key]]

    @cached_property
    def question_list_re(self) -> re.Pattern[str]:
        return _phrase_regex(self._words("question_list_nouns"))

    @cached_property
    def not_question_lists(self) -> list[tuple[re.Pattern[str], str]]:
        return [(_phrase_regex([k]), v) for k, v in self.data["structure"]["not_question_lists"].items()]

    question_labels = _word_set("question_labels")
    context_labels = _word_set("context_labels")
    answer_label_heads = _word_set("answer_label_heads")

    @cached_property
    def metadata_keys(self) -> set[str]:
        return set(self._words("metadata_keys")) | self.difficulty_keys

    @cached_property
    def title_prefix_re(self) -> re.Pattern[str]:
        words = "|".join(re.escape(w) for w in sorted(self._words("title_prefixes"), key=len, reverse=True))
        return re.compile(rf"^(?:{words})\s*#?\s*\d+[a-z]?\s*[:.)\-–—]\s*", re.IGNORECASE)

    @cached_property
    def source_link_re(self) -> re.Pattern[str]:
        """A citation link after a question (``[[src](url)]``, ``[[src]](url)``, ``[source](url)``) up to its
        label's ``]``, with the spaces before it; :meth:`strip_source_links` takes the rest."""
        words = "|".join(re.escape(w) for w in self._words("source_link_words")) or "(?!x)x"
        return re.compile(rf"(?:(?<!\s)\s+)?\[?\[(?:{words})\]\]?", re.IGNORECASE)

    def strip_source_links(self, text: str) -> str:
        """``text`` without its citation links."""
        return strip_source_links(text, self.source_link_re)

    @cached_property
    def points_ahead_re(self) -> re.Pattern[str]:
        """Words by which a question points at the block right after it ("the following code")."""
        return _phrase_regex(self._words("points_ahead"))

    strong_question_labels = _word_set("strong_question_labels")
    plain_labels = _word_set("plain_labels")
    reveal_words = _word_set("reveal_words")
    table_question_words = _word_set("table_question_words")
    table_level_headers = _word_set("table_level_headers")
    answer_placeholders = _word_set("answer_placeholders", 'Answer texts that mean "no answer yet" ("Answer here", "TODO").')

    @cached_property
    def question_start_re(self) -> re.Pattern[str]:
        words = "|".join(re.escape(w) for w in self._words("question_starts"))
        return re.compile(rf"^(?:{words})\b", re.IGNORECASE)


_BUILTIN: dict[str, Any] | None = None


def _read_yaml(path: Path | str, text: str) -> dict[str, Any]:
    try:
        data = deck_yaml.load(text)  # the same limits as deck files: no aliases, bounded nesting, no repeated key
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise DeckFileError(f"invalid vocabulary YAML: {exc.problem}", path, mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise DeckFileError("a vocabulary file must be a YAML mapping (levels, difficulty, domains, structure)", path, 1)
    return data


def load_vocabulary(extra_paths: Iterable[str | Path] = ()) -> Vocabulary:
    """The shipped vocabulary, extended by each user file in ``extra_paths`` (in order)."""
    global _BUILTIN
    if _BUILTIN is None:
        text = resources.files("srs.parser").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
        _BUILTIN = _read_yaml("vocabulary.yaml", text)
    data = _BUILTIN
    sources = ["builtin"]
    for p in extra_paths:
        path = Path(p)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DeckFileError(f"cannot read vocabulary: {exc.strerror}", path) from None
        data = _merge(data, _read_yaml(path, text))
        sources.append(str(path))
    return Vocabulary(data=data, sources=tuple(sources))
