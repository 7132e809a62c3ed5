"""Real upstream files that are not ours to commit, read from `../shared/fixtures/`.

Files fetched from public repositories (SCB's and SSB's recorded API responses) live beside the
repository in `shared/fixtures/`, with their provenance, never inside it. CI always has that
folder, so there a missing file fails the run; elsewhere a test that needs one is skipped and
says why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures"
PXWEB = SHARED / "pxweb"
SSB_07221 = PXWEB / "ssb_07221_status.json"
SCB_API = PXWEB / "scb-api-v2"


def shared(path: Path) -> Path:
    """`path` if it is there; otherwise skip the test (fail it under CI=true)."""
    if path.exists():
        return path
    reason = (f"{path} is missing: recorded upstream responses are read from ../shared/fixtures/ "
              "beside the repository, which CI always has")
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
