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


WORD = re.compile(r"\w+")
# Scripts written without spaces between words (Han, kana, Hangul syllables count too: Korean endings attach)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TRAILING_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_CLOSERS = " \t.。!！:：*_`\"'”’»)）]"  # a word, as the domain phrases are keyed (classify uses it too)


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
    spaced = "|".join(re.escape(a) for a in alts if not _UNSPACED.search(a))
    bare = "|".join(re.escape(a) for a in alts if _UNSPACED.search(a))  # no word boundaries in these scripts
    parts = ([rf"(?<![\w-])(?:{spaced})(?![\w-])"] if spaced else []) + ([f"(?:{bare})"] if bare else [])
    return re.compile("|".join(parts))


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

    @cached_property
    def difficulty_heading_filler(self) -> set[str]:
        """Words that may follow a difficulty in a section heading ("Hard Questions")."""
        return ({w.casefold() for w in self.data["difficulty"].get("heading_filler", [])}
                | {w for w in self._words("question_list_nouns") if " " not in w})

    def difficulty_of(self, word: str) -> str | None:
        w = re.sub(r"\s+", " ", word.strip().strip("*_[]().:").casefold())
        found = self.difficulty_markers.get(w)
        if found is None and " " in w:
            # an intensifier before a difficulty word ("very hard", "super hard") raises it a step
            first, _, rest = w.partition(" ")
            if first in self.difficulty_intensifiers:
                base = self.difficulty_markers.get(rest)
                found = {"hard": "expert"}.get(base or "", base)
        return found

    @cached_property
    def difficulty_intensifiers(self) -> set[str]:
        return {x.casefold() for x in self.data["difficulty"].get("intensifiers") or []}

    def is_note_label(self, name: str) -> bool:
        """A note label ("Hint", "Key concept"), also by its last word ("Fundamental concept")."""
        n = name.strip().casefold()
        return n in self.note_labels or (" " in n and n.rsplit(" ", 1)[1] in self.note_labels)

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
    def domain_margin(self) -> float:
        """How far the best domain's vote must lead the second's."""
        return float((self.data.get("domain_scoring") or {}).get("margin", 0.0))

    @cached_property
    def domain_min_score(self) -> float:
        """The vote a domain needs from a text's words: a word counts 1, a weak word weak_weight, a phrase more."""
        return float((self.data.get("domain_scoring") or {}).get("min_score", 1.0))

    @cached_property
    def domain_field_names(self) -> dict[str, set[str]]:
        """Per domain, the heading phrases that name the field ("nlp", "sql"): in a question they weigh as a phrase."""
        return {d: {h.casefold() for h in spec.get("heading") or []} for d, spec in self.data["domains"].items()}

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
    period_labels = _word_set("period_labels")
    reveal_words = _word_set("reveal_words")
    table_question_words = _word_set("table_question_words")
    table_level_headers = _word_set("table_level_headers")
    answer_placeholders = _word_set("answer_placeholders", 'Answer texts that mean "no answer yet" ("Answer here", "TODO").')

    @cached_property
    def question_start_re(self) -> re.Pattern[str]:
        """First words of a question or an interview task, in the listed languages."""
        return _start_regex([*self._words("question_starts"), *self._words("question_starts_more")])

    @cached_property
    def interrogative_re(self) -> re.Pattern[str]:
        """Interrogative first words ("what", "почему", "为什么"), not imperatives or auxiliaries."""
        return _start_regex(self._words("interrogatives"))

    @cached_property
    def task_start_re(self) -> re.Pattern[str]:
        """Weaker first words of a task ("Show …", "Convert …")."""
        return _start_regex(self._words("task_starts"))

    @cached_property
    def question_end_re(self) -> re.Pattern[str]:
        """Endings of a question or request in languages that put the verb last."""
        ends = "|".join(re.escape(w) for w in sorted(self._words("question_ends"), key=len, reverse=True))
        return re.compile(rf"(?:{ends})$") if ends else re.compile(r"(?!x)x")

    @cached_property
    def question_marks(self) -> str:
        return "".join(self.data["structure"].get("question_marks") or ["?"])

    @cached_property
    def time_slot_re(self) -> re.Pattern[str]:
        """A trailing duration in parentheses: "(30 minutes)", "(1-2 hours)"."""
        units = "|".join(re.escape(u) for u in sorted(self._words("time_slot_units"), key=len, reverse=True))
        return re.compile(rf"[(（]\s*~?\d+(?:\s*[-–]\s*\d+)?\s*(?:{units})\.?\s*[)）]\s*$", re.IGNORECASE)

    @cached_property
    def advice_start_re(self) -> re.Pattern[str]:
        """First words of advice to the candidate after a question ("Think about …")."""
        return _start_regex(self._words("advice_starts"))

    @cached_property
    def answer_pointer_words(self) -> set[str]:
        """Words that open a short answer pointing to a link ("see", "watch"): no answer."""
        return {w.casefold() for w in self._words("answer_pointer_words")}

    @cached_property
    def deferral_re(self) -> re.Pattern[str]:
        """Phrases of a short answer that only points elsewhere ("I recommend watching …")."""
        return _phrase_regex(self._words("answer_deferrals"))

    @cached_property
    def about_document_re(self) -> re.Pattern[str]:
        """Phrases of a question about the document itself ("this repo", "contribute")."""
        return _phrase_regex(self._words("about_the_document"))

    @cached_property
    def about_intro_re(self) -> re.Pattern[str]:
        """Phrases by which a block of the preamble introduces the document ("this list", "on GitHub")."""
        return _phrase_regex(self._words("about_the_document_intro"))

    note_labels = _word_set("note_labels", "Labels of notes under a question that do not answer it (\"Hint\").")

    def ends_as_question(self, text: str) -> bool:
        """Ends with a question mark of any script, or with a question ending (after closing
        punctuation and a trailing parenthesis are dropped)."""
        t = text.rstrip()
        if t[-1:] and t[-1] in self.question_marks:
            return True
        t = _TRAILING_PAREN.sub("", t).rstrip(_CLOSERS)
        if t[-1:] and t[-1] in self.question_marks:
            return True
        return bool(t) and not t.isascii() and bool(self.question_end_re.search(t))

    def question_strength(self, text: str) -> int:
        """2: plain text reads as a question (a question mark of any script at the end or inside, a
        question word or interview verb first, a question ending); 1: it reads as a task by a weaker
        verb ("Show …"); 0: it does not."""
        t = text.strip()
        if not t:
            return 0
        if self.ends_as_question(t):
            return 2
        marks = self.question_marks
        if any(m + " " in t for m in marks) or any(m in t for m in marks if m != "?"):
            return 2
        if self.question_start_re.match(t):
            return 2
        return 1 if self.task_start_re.match(t) else 0

    def asks(self, text: str) -> bool:
        """Plain text that asks by itself: a question mark of any script (at the end, or inside before
        more text), a question ending, or an interrogative word first. Imperatives do not."""
        t = text.strip()
        if not t:
            return False
        if self.ends_as_question(t):
            return True
        marks = self.question_marks
        if any(m + " " in t for m in marks) or any(m in t for m in marks if m != "?"):
            return True
        return bool(self.interrogative_re.match(t))

    def reads_as_question(self, text: str) -> bool:
        return self.question_strength(text) > 0

def _start_regex(words: list[str]) -> re.Pattern[str]:
    """Any of the words at the start of a text, as a whole word; words of scripts written without
    spaces (and words ending in punctuation, "¿") as prefixes."""
    words = sorted(set(words), key=len, reverse=True)
    spaced = "|".join(re.escape(w) for w in words if not _UNSPACED.search(w) and w[-1:].isalnum())
    bare = "|".join(re.escape(w) for w in words if _UNSPACED.search(w) or not w[-1:].isalnum())
    alts = [f"(?:{spaced})(?![\\w-])" if spaced else "", f"(?:{bare})" if bare else ""]
    alts = [a for a in alts if a]
    return re.compile("^(?:" + "|".join(alts) + ")", re.IGNORECASE) if alts else re.compile(r"(?!x)x")


_BUILTIN: dict[str, Any] | None = None
_BUILTIN_VOCAB: Vocabulary | None = None


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
    global _BUILTIN, _BUILTIN_VOCAB
    if _BUILTIN is None:
        text = resources.files("srs.parser").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
        _BUILTIN = _read_yaml("vocabulary.yaml", text)
    extra_paths = list(extra_paths)
    if not extra_paths:  # the shipped vocabulary: one object, its matchers compiled once per process
        if _BUILTIN_VOCAB is None:
            _BUILTIN_VOCAB = Vocabulary(data=_BUILTIN, sources=("builtin",))
        return _BUILTIN_VOCAB
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
