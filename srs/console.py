"""The rich consoles every command prints through (rich honours NO_COLOR and non-terminals)."""

from __future__ import annotations

from rich.console import Console

stdout = Console(highlight=False, soft_wrap=False)
stderr = Console(stderr=True, highlight=False)
