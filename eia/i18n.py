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
