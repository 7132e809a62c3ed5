"""The README's descriptor examples, as the tests run them (so the examples cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def example(name: str) -> str:
    """The YAML block that follows `<!-- example: NAME -->` in README.md."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\n```yaml\n(.*?)\n```", text,
                      re.DOTALL)
    assert found, f"README.md has no example {name!r}"
    return found.group(1) + "\n"


def _key(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"the example has no {pattern!r}"
    return found.group(1)


def package(root: Path, name: str, data: Path) -> Path:
    """A sources folder holding the example's package, with `data` copied in as its file."""
    descriptor = example(name)
    folder = root / _key(r"^name: (\S+)$", descriptor)
    folder.mkdir(parents=True)
    (folder / "datapackage.yaml").write_text(descriptor, encoding="utf-8")
    (folder / _key(r"^\s+path: (\S+)$", descriptor)).write_bytes(data.read_bytes())
    return root
