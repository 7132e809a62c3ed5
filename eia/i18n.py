"""Bilingual text: every user-facing string exists in Swedish and English."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints


class Lang(StrEnum):
    sv = "sv"
    en = "en"


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class Text(BaseModel):
    """A text in both languages; neither may be left empty, so no user sees a blank."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sv: NonEmpty
    en: NonEmpty

    def __call__(self, lang: Lang | str) -> str:
        return self.sv if Lang(lang) is Lang.sv else self.en


def t(sv: str, en: str) -> Text:
    return Text(sv=sv, en=en)


def format_number(value: float, lang: Lang | str, decimals: int | None = None) -> str:
    """A number as a reader of the language writes it: Swedish 4 000 and 3,5 (no-break space,
    decimal comma), English 4,000 and 3.5. Without `decimals`: one decimal, none when it is 0."""
    text = f"{value:,.{1 if decimals is None else decimals}f}"
    if decimals is None:
        text = text.removesuffix(".0")
    if Lang(lang) is Lang.sv:
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text
