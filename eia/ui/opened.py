"""What the review round's pages share: the assessment the deep link names under the page's
title, and a moment as the officers read it."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from eia.i18n import Text
from eia.ui.safe import md
from eia.ui.session import Doc, clock, open_from_url, tr

ASSESSMENT_PARAM = "assessment"


def when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d} {clock(moment)}" if moment else "–"


def titled(title: Text) -> Doc | None:
    """The assessment named in the URL, with the page's title and its own; None (and a
    notice) when none can be opened."""
    doc = open_from_url(ASSESSMENT_PARAM)
    if doc is not None:
        assessment = doc.assessment
        st.title(f"{tr(title)}: {md(assessment.decision.title or assessment.id)}")
    return doc
