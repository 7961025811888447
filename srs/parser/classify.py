"""Level, difficulty and domain, decided from the document using the vocabulary."""

from __future__ import annotations

import re

from srs.parser import ParsedCard
from srs.parser.text import strip_emoji, strip_markup
from srs.parser.vocab import WORD, Vocabulary

# A match that starts with a run of spaces or emoji starts where the run starts (or, for spaces an earlier match
# took, right after them): from inside the run it finds nothing more, but re would rescan the rest of the run
# from each position (quadratic in the run). Possessive runs (*+) where giving characters back cannot help.
_INLINE_MARKER = re.compile(r"^\s*(?:\*\*|__)?(?P<w>[A-Za-z][A-Za-z /-]{0,20}?)(?:\*\*|__)?\s*(?::|\s[-–—]\s)\s*+(?:\*\*|__)?\s*+(?=\S)")
_BRACKET = re.compile(r"(?:(?<!\s)\s+)?\[(?P<w>[A-Za-z][A-Za-z -]{0,12})\]\s*")
_PAREN_END = re.compile(r"(?:(?<!\s)\s+)?\((?P<w>[A-Za-z][A-Za-z -]{0,12})\)\s*$")
_LEGEND = re.compile(r"(?<![\U0001f300-\U0001faff\u2600-\u27bf\u2b50])"
                     r"(?P<e>[\U0001f300-\U0001faff\u2600-\u27bf\u2b50]+)\ufe0f?\s*[=:\-–]?\s*\**(?P<w>[A-Za-z][A-Za-z-]+)")
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+")
_CODE_TEXT = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_WORD = re.compile(r"[\w/+-]+")
_PARTS = re.compile(r"[\s-]+")
_LEGEND_HINT = re.compile(r"[\U0001f300-\U0001faff\u2600-\u27bf\u2b50].*[\U0001f300-\U0001faff\u2600-\u27bf\u2b50]")


class Classifier:
    def __init__(self, vocab: Vocabulary, text: str):
        self.vocab = vocab
        self.tiers_present: set[str] = set()
        self.emoji = dict(vocab.difficulty_emoji)
        self._heading_domains: dict[str, str | None] = {}
        self._exclusions: dict[str, str | None] = {}
        self.legend_lines: set[str] = set()  # lines that define the document's difficulty emoji
        self._legend(text)

    # ------------------------------------------------------------- levels
    def _alias_level(self, alias: str) -> str | None:
        alias = alias.casefold()
        ctx = self.vocab.level_contextual.get(alias)
        if ctx and ctx.get("when_present") in self.tiers_present:
            return ctx.get("then")
        return self.vocab.level_aliases.get(alias)

    def heading_tier_alias(self, title: str) -> str | None:
        m = self.vocab.level_heading_re.match(strip_emoji(title).casefold().strip())
        return m.group("alias") if m else None

    def collect_tiers(self, titles: list[str]) -> None:
        """Which plain tiers the document has sections for (resolves contextual aliases)."""
        for t in titles:
            alias = self.heading_tier_alias(t)
            if alias and alias not in self.vocab.level_contextual:
                lv = self.vocab.level_aliases.get(alias)
                if lv:
                    self.tiers_present.add(lv)

    def heading_tier(self, title: str) -> str | None:
        alias = self.heading_tier_alias(title)
        return self._alias_level(alias) if alias else None

    def title_level(self, title: str) -> str | None:
        """The level of a whole document from its title ("Senior Level Interview Preparation")."""
        t = strip_emoji(title).casefold()
        tier = self.heading_tier(t)
        if tier:
            return tier
        for m in self.vocab.level_alias_re.finditer(t):
            after = t[m.end() :].lstrip(" -")
            if after.startswith("level"):
                return self._alias_level(m.group(0))
        # "Senior ML Engineer Interview Questions": a tier word first, the title about interviews/questions
        m = self.vocab.level_alias_re.match(t.strip())
        words = set(re.findall(r"[a-z]+", t))
        if m and words & self.vocab.title_question_words:
            return self._alias_level(m.group(0))
        return None

    def heading_difficulty(self, title: str) -> str | None:
        """The difficulty a section heading names: a marker, then only filler words ("Hard",
        "Easy Questions", "Super Hard Challenges")."""
        words = strip_emoji(strip_markup(title)).casefold().replace(":", " ").split()
        filler = self.vocab.difficulty_heading_filler
        while words and words[-1] in filler:
            words.pop()
        return self.vocab.difficulty_of(" ".join(words)) if 0 < len(words) <= 3 else None

    def level_word(self, word: str) -> str | None:
        return self.vocab.level_aliases.get(word.strip().casefold())

    # --------------------------------------------------------- difficulty
    def _legend(self, text: str) -> None:
        """A legend such as "🟢 Easy 🟡 Medium 🔴 Hard" redefines the emoji for this document."""
        if not _LEGEND_HINT.search(text):
            return
        for line in text.split("\n"):
            if not _LEGEND_HINT.search(line):
                continue
            found = [(m.group("e"), self.vocab.difficulty_of(m.group("w"))) for m in _LEGEND.finditer(line)]
            found = [(e, d) for e, d in found if d]
            if len(found) >= 2:
                self.legend_lines.add(line.strip())
                for e, d in found:
                    self.emoji[e] = d

    def inline_difficulty(self, text: str) -> tuple[str, str | None, list[str]]:
        """Strip an explicit difficulty marker from a question: ``**Hard**: …``, ``[M] …``,
        ``… (Easy)``, a legend emoji. Returns (text, difficulty, tags)."""
        diff = None
        m = _INLINE_MARKER.match(text)
        if m and self.vocab.difficulty_of(m.group("w")):
            diff = self.vocab.difficulty_of(m.group("w"))
            text = text[m.end() :]
        if diff is None:
            for bm in _BRACKET.finditer(text):
                d = self.vocab.difficulty_of(bm.group("w"))
                if d:
                    diff = d
                    text = (text[: bm.start()] + " " + text[bm.end() :]).strip()
                    break
        if diff is None:
            pm = _PAREN_END.search(text)
            if pm and self.vocab.difficulty_of(pm.group("w")):
                diff = self.vocab.difficulty_of(pm.group("w"))
                text = text[: pm.start()]
        if diff is None:
            for e in sorted(self.emoji, key=len, reverse=True):
                if e in text:
                    diff = self.emoji[e]
                    text = text.replace(e, " ")
                    break
        text = strip_emoji(text) if diff is not None else text
        return text.strip(), diff, []

    # ------------------------------------------------------------ structure
    def is_prose(self, title: str) -> bool:
        """A whole sentence formatted as a heading by accident."""
        words = title.split()
        return len(words) > 20 or (len(words) > 12 and title.rstrip().endswith("."))

    def exclusion(self, name: str) -> str | None:
        """Why a heading or label rules out the questions under it ("Questions to Ask"), else None."""
        if name not in self._exclusions:
            self._exclusions[name] = self._exclusion(name)
        return self._exclusions[name]

    def _exclusion(self, name: str) -> str | None:
        t = strip_markup(name).casefold()
        for rx, why in self.vocab.not_question_lists:
            if rx.search(t):
                return why
        return None

    def names_questions(self, name: str) -> bool:
        t = strip_markup(name).casefold()
        return bool(self.vocab.question_list_re.search(t)) and self.exclusion(t) is None

    # --------------------------------------------------------------- domain
    def heading_domain(self, title: str) -> str | None:
        """The domain a heading or label names, by the longest matching phrase."""
        if title in self._heading_domains:
            return self._heading_domains[title]
        found = self._heading_domain(title)
        self._heading_domains[title] = found
        return found

    def _heading_domain(self, title: str) -> str | None:
        t = strip_markup(title).casefold()
        best, best_len = None, 0
        for dom, rx in self.vocab.domain_heading_res:
            for m in rx.finditer(t):
                if len(m.group(0)) > best_len:
                    best, best_len = dom, len(m.group(0))
        return best

    def content_domain(self, text: str) -> str | None:
        """The domain the text's words vote for; a weak word alone is not enough."""
        return self.content_vote(text)[0]

    def content_vote(self, text: str) -> tuple[str | None, float]:
        """(the domain the text's words vote for, its vote)."""
        t = _URL.sub(" ", strip_markup(text)).casefold()  # a link's address is no evidence
        weak, w = self.vocab.domain_weak_words, self.vocab.domain_weak_weight
        best, best_score, second = None, 0.0, 0.0
        words = set(WORD.findall(t))
        for (dom, rx), keys in zip(self.vocab.domain_content_res, self.vocab.domain_content_keys):
            if keys.isdisjoint(words):  # none of its phrases can occur: skip the regex
                continue
            hits = {m.group(0) for m in rx.finditer(t)}
            # a phrase, a compound term ("multi-modal") or the field's own name ("in NLP") weighs more than a word
            names = self.vocab.domain_field_names.get(dom, ())
            score = sum(w if h in weak else max(1 + 0.5 * (len(_PARTS.split(h)) - 1), 1.5 if h in names else 1)
                        for h in hits)
            if score > best_score:
                best, best_score, second = dom, score, best_score
            elif score > second:
                second = score
        # one word against another is a tie, not evidence: the winner must lead by a whole vote
        # and one word alone ("negotiation", "join") is not evidence: it takes two, or one phrase
        ok = best_score >= self.vocab.domain_min_score and best_score - second >= self.vocab.domain_margin
        return (best, best_score) if ok else (None, 0.0)

    def domain(self, card: ParsedCard, headings: list[str], label_domain: str | None, *,
               title: str | None = None) -> tuple[str | None, str]:
        """(domain, where it came from): decisive words in the question, else the list label, the
        nearest heading naming a domain, the question's words, the document title; None when only the
        answer could tell (see :meth:`answer_domain`)."""
        q = strip_markup(_CODE_TEXT.sub(" ", card.question)).casefold()  # words in code are data, not topic
        for dom, rx in self.vocab.domain_decisive_res:
            m = rx.search(q)
            if m:
                return dom, f"the words '{m.group(0)}' in the question"
        if label_domain:
            return label_domain, "the label of its list"
        for heading in reversed(headings):
            d = self.heading_domain(heading)
            if d:
                return d, f"heading '{heading}'"
        found, vote = self.content_vote(card.question)
        if found is not None and title and vote < 2:  # one phrase or field name against the title: the title
            named = self.title_domain(title)
            if named is not None and named != found:
                return named, f"the document title '{title}'"
        if found is not None:
            return found, "the words of the question"
        if title:
            found = self.title_domain(title)  # the document's title ("Containers"), when the question is silent
            if found is not None:
                return found, f"the document title '{title}'"
        return None, ""

    def title_domain(self, title: str) -> str | None:
        """The one domain a document title names ("Containers"); None when it names two
        ("Interview Process & Behavioral") or none."""
        t = strip_markup(title).casefold()
        found = {dom for dom, rx in self.vocab.domain_heading_res if rx.search(t)}
        return found.pop() if len(found) == 1 else None

    def answer_domain(self, card: ParsedCard) -> str | None:
        """The weakest evidence: what the answer's words vote for (used after the section's majority)."""
        return self.content_domain(card.answer[:2000]) if card.answer else None
