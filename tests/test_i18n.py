"""Numbers read as a reader of each language writes them."""

from __future__ import annotations

import pytest

from eia.i18n import Lang, format_number


@pytest.mark.parametrize(("value", "decimals", "sv", "en"), [
    (184700, None, "184\u00a0700", "184,700"),
    (77.84, None, "77,8", "77.8"),
    (58.0, None, "58", "58"),
    (3.5, 0, "4", "4"),
    (1234.56, 2, "1\u00a0234,56", "1,234.56"),
])
def test_swedish_and_english_separators(value: float, decimals: int | None, sv: str,
                                        en: str) -> None:
    assert format_number(value, Lang.sv, decimals) == sv
    assert format_number(value, Lang.en, decimals) == en
