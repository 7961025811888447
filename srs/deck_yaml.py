"""Reading deck YAML from untrusted files: PyYAML's safe loaders, with three limits a deck never needs.

* **No aliases.** ``*name`` repeats a value by reference: 2,000 aliases of a 100 KB string make a
  108 KB file whose deck is 200 MB once written out. srs writes no anchors or aliases.
* **Nesting at most** :data:`MAX_DEPTH` **collections deep** (a deck needs 4). Deeper input is
  refused before PyYAML's recursive composer gets to it.
* **No duplicate keys**, which PyYAML would otherwise resolve silently to the last value.

A breach raises :class:`RefusedYAML` (a :class:`yaml.MarkedYAMLError`) at the line of the alias, of
the collection that goes too deep, or of the repeated key.

:func:`load_fast` is libyaml's composer with the checks in the (Python) constructor: aliases are
seen there as a node constructed twice, duplicate keys as a mapping's key nodes; libyaml itself
refuses nesting over 1000 levels, and is used only in versions that do (0.2.5 and later). It is
meant for the common case, valid files; any error there should be read again with :data:`Loader`,
the pure-Python loader that refuses aliases and deep nesting in the composer, where the alias's
own line is known.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent

MAX_DEPTH = 20


class RefusedYAML(yaml.MarkedYAMLError):
    """Input a deck file may not hold (the message is :attr:`problem`, the place :attr:`problem_mark`)."""

    def __init__(self, problem: str, mark: Any):
        super().__init__(problem=problem, problem_mark=mark)


class _Checks:
    """Constructor hooks: an alias (a node constructed a second time) and a duplicate key are refused;
    a value PyYAML cannot construct (an integer of over 4300 digits, February 30th) is a marked error,
    not a crash."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # type: ignore[attr-defined]
            raise RefusedYAML("YAML aliases are not allowed in deck files", node.start_mark)
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, AttributeError):  # int("1" * 5000), 2001-02-30, !!timestamp x
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            value = value if len(value) <= 20 else value[:20] + "…"
            kind = node.tag.rpartition(":")[2]
            raise RefusedYAML(f"cannot read {value!r} as YAML {kind} (put it in quotes to keep it as text)",
                              node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                first = seen.setdefault((key.tag, key.value), key)
                if first is not key:
                    raise RefusedYAML(f"duplicate key {key.value!r} (first at line {first.start_mark.line + 1})",
                                      key.start_mark)
        return super().construct_mapping(node, deep)  # type: ignore[misc]


class _Limits(Composer):
    """Composer hooks: an alias is refused where it stands; nesting stops at :data:`MAX_DEPTH`."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent):
            raise RefusedYAML(f"YAML aliases (*{event.anchor}) are not allowed in deck files", event.start_mark)
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise RefusedYAML(f"YAML nested too deeply (more than {MAX_DEPTH} levels)", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class Loader(_Limits, _Checks, yaml.SafeLoader):
    """The safe pure-Python loader with every limit checked where it occurs (for errors and lines)."""


try:
    from yaml._yaml import get_version as _libyaml_version
except ImportError:  # PyYAML built without libyaml
    FAST = False
else:
    FAST = _libyaml_version() >= (0, 2, 5)


if FAST:

    class _FastLoader(_Checks, yaml.CSafeLoader):  # type: ignore[misc]
        """libyaml's parser and composer (about 15x faster than the pure-Python ones), checked constructor."""

else:  # no libyaml, or one that does not limit nesting: the pure-Python loader
    _FastLoader = Loader  # type: ignore[misc]


def load_fast(text: str) -> Any:
    """The data of a deck YAML text, read by libyaml when :data:`FAST` (else as :func:`load`)."""
    return yaml.load(text, Loader=_FastLoader)


def load(text: str) -> Any:
    """The data of a deck YAML text, read by the pure-Python loader."""
    return yaml.load(text, Loader=Loader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a deck YAML text (its line numbers name the place of an error)."""
    return yaml.compose(text, Loader=Loader)


def read_text(path: Path, what: str = "") -> str:
    """A deck-like file's text: UTF-8, or a :class:`srs.errors.DeckFileError` naming the file."""
    from srs.errors import DeckFileError

    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DeckFileError(f"not UTF-8 text ({exc.reason})", path) from None
    except OSError as exc:
        raise DeckFileError(f"cannot read{' ' + what if what else ''}: {exc.strerror}", path) from None
