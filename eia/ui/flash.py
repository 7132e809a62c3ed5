"""A message that outlives one rerun: a callback or a form saves, asks for a fresh run so the
whole page shows the new state, and the message is shown once in that run."""

from __future__ import annotations

import streamlit as st

KEY = "flash"


def later(kind: str, text: str, slot: str = "page") -> None:
    """Show `text` (success, error, info or warning) where `show(slot)` is next called."""
    st.session_state[f"{KEY}:{slot}"] = (kind, text)


def show(slot: str = "page") -> None:
    said = st.session_state.pop(f"{KEY}:{slot}", None)
    if said is not None:
        kind, text = said
        getattr(st, kind)(text)
