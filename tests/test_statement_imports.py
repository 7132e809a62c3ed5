"""Rendering a statement loads only what it uses: no Altair, no vl-convert (the app's charts),
no DuckDB (the context figures arrive already read), so an export or a live preview does not
pay for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("altair", "vl_convert", "duckdb", "streamlit")

SCRIPT = """
import sys
import eia.statement.make
from eia.statement.make import Format, render
from tests.statement_samples import swedish
for fmt in Format:
    render(swedish(), fmt)
print(",".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def test_making_and_rendering_every_format_loads_no_heavy_library() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(heavy=HEAVY)], check=True,
                          capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == ""
