import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Never touch the real user data dir or a real SRS_* setting from the developer's shell."""
    for var in ("SRS_DECKS", "SRS_DB", "SRS_NOW", "SRS_CONFIG", "SRS_OVERLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SRS_HOME", str(tmp_path / "srs-home"))
    monkeypatch.setenv("NO_COLOR", "1")
